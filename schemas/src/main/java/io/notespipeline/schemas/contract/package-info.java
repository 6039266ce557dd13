/**
 * Data contracts the Confluent way: a schema version's {@link io.notespipeline.schemas.contract.Metadata}
 * and {@link io.notespipeline.schemas.contract.RuleSet} of CEL {@link io.notespipeline.schemas.contract.Rule}s,
 * the pipeline's own ({@link io.notespipeline.schemas.contract.BuiltInContracts}), and the one rule engine
 * that executes them ({@link io.notespipeline.schemas.contract.ContractValidator}), reporting
 * {@link io.notespipeline.schemas.contract.Violation}s by rule name.
 */
package io.notespipeline.schemas.contract;

package io.notespipeline.schemas.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.contract.internal.CachedRegex;
import io.notespipeline.schemas.contract.internal.CelBinding;
import io.notespipeline.schemas.contract.internal.CompiledChecks;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * The pipeline's one rule engine: executes a topic's {@link DataContract} on a record with CEL
 * ({@code dev.cel:cel}, the library Confluent's Java serializers run), the record bound as {@code message}
 * the way Confluent binds it ({@link CelBinding}). A rule passes when its expression yields {@code true};
 * {@code false} or an evaluation error breaks it, as in Confluent's executor. Besides the CEL rules it checks
 * the ordering timestamp against the writer's clock ({@link DataContract#MAX_FUTURE_MS}), which CEL cannot
 * do portably.
 *
 * <p>The rules of the built-in contract ({@link BuiltInContracts}) also have a compiled Java form, proven to
 * give the same verdict as their CEL expression (a jqwik property); on a generated {@code NoteEvent} it runs
 * instead of the CEL interpreter (which cost ~99% of the publisher's time). Any other rule, or a rule a user
 * changed, and any other record is executed by CEL. Violations name the same rules either way.
 *
 * <p>A rejected record is a value: the violations, empty when the record may be written. Built once per
 * contract (compiling every rule; a rule that does not compile is refused here, naming it), then immutable
 * and thread-safe.
 */
public final class ContractValidator {

    /** Rule name of the ordering timestamp lying too far in the future. */
    public static final String NOT_IN_FUTURE = "occurredAtNotInFuture";
    /** Rule name of the ordering timestamp lying before 1970-01-01T00:00:00Z. */
    public static final String NOT_BEFORE_EPOCH = "occurredAtNotBeforeEpoch";

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings())
            .addVar("message", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();
    // matches: the standard binding compiles its pattern on every call; CachedRegex compiles each once
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setStandardEnvironmentEnabled(false)
            .setStandardFunctions(CelStandardFunctions.newBuilder()
                    .excludeFunctions(CelStandardFunctions.StandardFunction.MATCHES)
                    .build())
            .addFunctionBindings(CachedRegex.bindings())
            .addLibraries(CelExtensions.strings())
            .build();

    private final DataContract contract;
    private final List<Compiled> writeRules;
    private final List<Compiled> readRules;
    private final Optional<String> orderingField;
    private final Optional<Long> maxFutureMs;
    /** The write rules are exactly the built-in ones (with their Java forms): a valid event takes one fused pass. */
    private final boolean fusedWrite;

    /** A rule's CEL program and, for a built-in rule, its proven-equal Java form (null otherwise). */
    private record Compiled(Rule rule, CelRuntime.Program program, Predicate<NoteEvent> java) {
    }

    private ContractValidator(DataContract contract, boolean compiledForms) {
        this.contract = contract;
        this.writeRules = compile(contract, true, compiledForms);
        this.readRules = compile(contract, false, compiledForms);
        this.orderingField = contract.orderingField();
        this.maxFutureMs = contract.maxFutureMs();
        this.fusedWrite = compiledForms
                && BuiltInContracts.areBuiltInWriteRules(writeRules.stream().map(Compiled::rule).toList());
    }

    /**
     * @return an engine for {@code contract}
     * @throws IllegalArgumentException naming the rule whose expression does not compile
     */
    public static ContractValidator of(DataContract contract) {
        return new ContractValidator(contract, true);
    }

    /** @return an engine executing every rule with CEL, built-in ones included (what the Java forms are checked against) */
    static ContractValidator interpreted(DataContract contract) {
        return new ContractValidator(contract, false);
    }

    /** @return the contract this engine executes */
    public DataContract contract() {
        return contract;
    }

    /**
     * Checks a record about to be written: the rules for mode WRITE (failure action other than NONE) and the
     * ordering timestamp against {@code now}.
     *
     * @return every broken rule, in contract order, at index 0; empty when the record may be written
     */
    public List<Violation> validateWrite(IndexedRecord record, Instant now) {
        List<Violation> violations = fusedWrite && passesFused(record) ? new ArrayList<>(0) : evaluate(writeRules, record);
        checkOrdering(record, now, violations);
        return violations;
    }

    /**
     * Checks a record that was read: the rules for mode READ whose failure action is {@code DLQ} or
     * {@code ERROR}; the caller dead-letters a record with violations.
     *
     * @return every broken rule, at index 0; empty when the record is fine
     */
    public List<Violation> validateRead(IndexedRecord record) {
        return evaluate(readRules, record);
    }

    private static List<Compiled> compile(DataContract contract, boolean write, boolean compiledForms) {
        List<Compiled> compiled = new ArrayList<>();
        for (Rule rule : contract.ruleSet().domainRules()) {
            if (!rule.appliesTo(write) || "NONE".equals(rule.failureAction(write))) {
                continue;
            }
            try {
                CelAbstractSyntaxTree ast = COMPILER.compile(rule.expr()).getAst();
                compiled.add(new Compiled(rule, RUNTIME.createProgram(ast),
                        compiledForms ? BuiltInContracts.compiledForm(rule).orElse(null) : null));
            } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
                throw new IllegalArgumentException("rule " + rule.name() + " does not compile: " + e.getMessage(), e);
            }
        }
        return List.copyOf(compiled);
    }

    private static List<Violation> evaluate(List<Compiled> rules, IndexedRecord record) {
        List<Violation> violations = new ArrayList<>(0);
        if (rules.isEmpty()) {
            return violations;
        }
        NoteEvent event = CompiledChecks.applies(record) ? (NoteEvent) record : null;
        Map<String, Object> bindings = null;
        for (Compiled compiled : rules) {
            boolean passed;
            if (event != null && compiled.java() != null) {
                passed = passes(compiled.java(), event);
            } else {
                if (bindings == null) {
                    bindings = Map.of("message", CelBinding.message(record));
                }
                passed = passes(compiled.program(), bindings);
            }
            if (!passed) {
                Rule rule = compiled.rule();
                violations.add(new Violation(0, rule.field(), rule.name(), rule.doc()));
            }
        }
        return violations;
    }

    /** @return true when every built-in write rule passes on {@code record} (false: evaluate rule by rule, naming them) */
    private static boolean passesFused(IndexedRecord record) {
        try {
            return CompiledChecks.applies(record) && BuiltInContracts.writeRulesPass((NoteEvent) record);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A Java form that throws is broken, as a CEL rule whose evaluation errs. */
    private static boolean passes(Predicate<NoteEvent> java, NoteEvent event) {
        try {
            return java.test(event);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean passes(CelRuntime.Program program, Map<String, Object> bindings) {
        try {
            return Boolean.TRUE.equals(program.eval(bindings));
        } catch (CelEvaluationException | RuntimeException e) {
            return false;
        }
    }

    private void checkOrdering(IndexedRecord record, Instant now, List<Violation> violations) {
        if (orderingField.isEmpty() || maxFutureMs.isEmpty()) {
            return;
        }
        String field = orderingField.get();
        Object value;
        if (record instanceof NoteEvent e && "occurredAt".equals(field)) {
            value = e.getOccurredAt(); // no schema lookup by name per event
        } else {
            Schema.Field schemaField = record.getSchema().getField(field);
            value = schemaField == null ? null : record.get(schemaField.pos());
        }
        Instant at = value instanceof Instant i ? i : value instanceof Long l ? Instant.ofEpochMilli(l) : null;
        if (at == null) {
            return;
        }
        if (at.isAfter(now.plusMillis(maxFutureMs.get()))) {
            violations.add(new Violation(0, field, NOT_IN_FUTURE, field + " " + at + " is more than " + maxFutureMs.get()
                    + " ms in the future of " + now));
        } else if (at.toEpochMilli() < 0) {
            violations.add(new Violation(0, field, NOT_BEFORE_EPOCH, field + " must not be before 1970-01-01T00:00:00Z"));
        }
    }
}

package io.notespipeline.producer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.notespipeline.producer.EventValidator;
import io.notespipeline.producer.NoteCommand;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.contract.ContractValidator;
import io.notespipeline.schemas.contract.DataContract;
import io.notespipeline.schemas.contract.Violation;
import io.notespipeline.schemas.registry.SchemaRegistryException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic's data contract as an {@link EventValidator}: the write rules of the contract {@code contracts}
 * supplies, compiled once per distinct contract. An event whose payload is not a known type is left to
 * {@link RequestChecks} (its record cannot be bound). When the contract cannot be read (registry down), the
 * last contract read stays in force.
 */
public final class ContractCheck implements EventValidator {

    private static final Logger log = LoggerFactory.getLogger(ContractCheck.class);

    private final Supplier<DataContract> contracts;
    private final AtomicReference<ContractValidator> compiled = new AtomicReference<>();

    public ContractCheck(Supplier<DataContract> contracts) {
        this.contracts = contracts;
    }

    @Override
    public List<Violation> validate(int index, NoteEvent event, Context context) {
        if (!NoteCommand.isPayloadType(event.getPayload())) {
            return List.of();
        }
        List<Violation> violations = engine().validateWrite(event, context.now());
        if (index == 0 || violations.isEmpty()) {
            return violations;
        }
        List<Violation> indexed = new ArrayList<>(violations.size());
        violations.forEach(v -> indexed.add(v.withIndex(index)));
        return indexed;
    }

    private ContractValidator engine() {
        ContractValidator current = compiled.get();
        DataContract contract;
        try {
            contract = contracts.get();
        } catch (SchemaRegistryException e) {
            if (current == null || e.isNotFound()) {
                throw e;
            }
            log.warn("Cannot read the data contract, enforcing the last one read: {}", e.getMessage());
            return current;
        }
        if (current == null || (current.contract() != contract && !current.contract().equals(contract))) {
            current = ContractValidator.of(contract);
            compiled.set(current);
        }
        return current;
    }
}

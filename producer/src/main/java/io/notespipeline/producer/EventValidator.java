package io.notespipeline.producer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.notespipeline.producer.internal.ContractCheck;
import io.notespipeline.producer.internal.RequestChecks;
import io.notespipeline.schemas.contract.BuiltInContracts;
import io.notespipeline.schemas.contract.DataContract;
import io.notespipeline.schemas.contract.Violation;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.registry.SchemaRegistryClient;

/**
 * Checks an event before it is sent. {@link NotePublisher} runs it on every event of a batch and sends
 * nothing if any violation is found. The rules are the topic's data contract, executed by the one rule
 * engine ({@link io.notespipeline.schemas.contract.ContractValidator}); violations carry the contract rule's
 * name. Chain validators with {@link #andThen}.
 */
@FunctionalInterface
public interface EventValidator {

    /**
     * What a validator may compare against.
     *
     * @param now         the publisher's clock
     * @param pathTalkId  the talk id the caller addressed (the REST path), if any: the event's must equal it
     */
    record Context(Instant now, Optional<String> pathTalkId) {

        /** @return a context at {@code now} with no addressed talk. */
        public static Context at(Instant now) {
            return new Context(now, Optional.empty());
        }
    }

    /**
     * @param index   the event's index in its batch, to put in the violations
     * @param event   the event, envelope filled in
     * @param context the clock and the addressed talk
     * @return the rules the event breaks; empty when it is valid
     */
    List<Violation> validate(int index, NoteEvent event, Context context);

    /** @return a validator reporting the violations of this one and then of {@code next}. */
    default EventValidator andThen(EventValidator next) {
        return (index, event, context) -> {
            List<Violation> first = validate(index, event, context);
            List<Violation> second = next.validate(index, event, context);
            if (second.isEmpty()) {
                return first;
            } else if (first.isEmpty()) {
                return second;
            }
            List<Violation> all = new ArrayList<>(first);
            all.addAll(second);
            return all;
        };
    }

    /**
     * The publisher's checks with the built-in contract of {@code notes.events}
     * ({@link BuiltInContracts#noteEvents}), for a publisher without registry.
     */
    static EventValidator builtIn() {
        DataContract contract = BuiltInContracts.noteEvents();
        return contract(() -> contract);
    }

    /**
     * The publisher's checks with the contract {@code contracts} gives at each call (e.g. the latest one of
     * the registry, cached by the client); the compiled rules are reused while the contract is unchanged.
     * The request checks ({@code talk-id-matches-path}: the event's talk is the addressed one; {@code event-type}:
     * a known payload type) come first.
     */
    static EventValidator contract(Supplier<DataContract> contracts) {
        return new RequestChecks().andThen(new ContractCheck(contracts));
    }

    /**
     * The publisher's checks with the data contract of the latest version of {@code subject} in the registry
     * (registered by {@code notes up}); the built-in contract while the registry's version carries no rules
     * (e.g. a registry that drops them).
     */
    static EventValidator registry(SchemaRegistryClient client, String subject) {
        DataContract builtIn = BuiltInContracts.noteEvents();
        return contract(() -> client.latestContract(subject)
                .filter(c -> !c.ruleSet().domainRules().isEmpty()).orElse(builtIn));
    }
}

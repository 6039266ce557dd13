package io.notespipeline.producer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.notespipeline.producer.internal.RuleValidator;
import io.notespipeline.schemas.avro.NoteEvent;

/**
 * Checks an event before it is sent. {@link NotePublisher} runs it on every event of a batch and sends
 * nothing if any violation is found. Chain validators with {@link #andThen} (e.g. the built-in
 * {@link #rules} and the registry's topic-metadata rules).
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
            List<Violation> all = new ArrayList<>(validate(index, event, context));
            all.addAll(next.validate(index, event, context));
            return all;
        };
    }

    /**
     * The built-in rules: required fields not blank, maximum lengths, http(s) URLs, occurredAt not further in
     * the future than the allowed clock skew, talkId equal to the addressed one, a known event type.
     */
    static EventValidator rules(PublisherConfig config) {
        return new RuleValidator(config.maxTextLength(), config.maxTitleLength(), config.maxIdLength(),
                config.maxClockSkewMs());
    }
}

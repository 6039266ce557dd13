package io.notespipeline.producer.internal;

import java.util.ArrayList;
import java.util.List;

import io.notespipeline.producer.EventValidator;
import io.notespipeline.producer.NoteCommand;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.contract.Violation;

/**
 * What only the publisher can check, beyond the topic's contract: the event belongs to the talk the
 * request addressed ({@code talk-id-matches-path}) and its payload is a known event type ({@code event-type}, the names the JSON reader uses too).
 */
public final class RequestChecks implements EventValidator {

    /** Rule name: the body's talk id differs from the path's. */
    public static final String TALK_ID_MATCHES_PATH = "talk-id-matches-path";
    /** Rule name: the payload is not one of the event types. */
    public static final String EVENT_TYPE = "event-type";

    @Override
    public List<Violation> validate(int index, NoteEvent event, Context context) {
        String path = context.pathTalkId().orElse(null);
        Object payload = event.getPayload();
        boolean pathOk = path == null || event.getTalkId() == null || path.equals(event.getTalkId());
        boolean typeOk = NoteCommand.isPayloadType(payload);
        if (pathOk && typeOk) {
            return List.of();
        }
        List<Violation> violations = new ArrayList<>(2);
        if (!pathOk) {
            violations.add(new Violation(index, "talkId", TALK_ID_MATCHES_PATH, "talkId '" + event.getTalkId()
                    + "' differs from the talk in the path '" + path + "'"));
        }
        if (!typeOk) {
            violations.add(new Violation(index, "type", EVENT_TYPE, "unknown event type "
                    + (payload == null ? "null" : payload.getClass().getSimpleName()) + "; expected one of "
                    + "TalkCreated, TalkUpdated, NoteAdded, NoteEdited, NoteMoved, NoteDeleted, TalkDeleted"));
        }
        return violations;
    }
}

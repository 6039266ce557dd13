package io.notespipeline.streams;

import java.time.Instant;
import java.util.Objects;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;

/**
 * What {@link TalkViewFolder#apply(TalkView, NoteEvent)} made of one event: a new view, a reject
 * with its reason (the view unchanged), or nothing because the event was the one last applied.
 */
public sealed interface FoldResult permits FoldResult.Applied, FoldResult.Rejected, FoldResult.Duplicate {

    /** @return the view after the event: the new one if applied, the unchanged one otherwise (null if no talk). */
    TalkView view();

    /** The event applied; {@code view} is the new view (a fresh object, the input is never changed). */
    record Applied(TalkView view) implements FoldResult {
        public Applied {
            Objects.requireNonNull(view, "view");
        }
    }

    /** The event did not apply; {@code view} is the unchanged input (null when the talk does not exist). */
    record Rejected(TalkView view, RejectReason reason, String detail) implements FoldResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** @return the record for {@code notes.events.rejected}; its time is the event's {@code occurredAt}. */
        public RejectedEvent toRejectedEvent(NoteEvent event) {
            Instant at = event.getOccurredAt();
            return RejectedEvent.newBuilder().setEvent(event).setReason(reason.name()).setDetail(detail)
                    .setRevision(view == null ? 0L : view.getRevision()).setRejectedAt(at).build();
        }
    }

    /** The event is the one last applied to the view (same {@code eventId}): a retry, ignored. */
    record Duplicate(TalkView view) implements FoldResult {
    }
}

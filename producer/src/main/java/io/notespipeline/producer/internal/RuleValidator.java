package io.notespipeline.producer.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.notespipeline.producer.EventValidator;
import io.notespipeline.producer.NoteCommand;
import io.notespipeline.producer.Violation;
import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkUpdated;

/** The built-in event rules (see {@link EventValidator#rules}). */
public final class RuleValidator implements EventValidator {

    /** C0 controls other than tab, LF, CR; DEL; C1 controls. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]");

    private final int maxText;
    private final int maxTitle;
    private final int maxId;
    private final long maxSkewMs;

    public RuleValidator(int maxText, int maxTitle, int maxId, long maxSkewMs) {
        this.maxText = maxText;
        this.maxTitle = maxTitle;
        this.maxId = maxId;
        this.maxSkewMs = maxSkewMs;
    }

    @Override
    public List<Violation> validate(int index, NoteEvent event, Context context) {
        Check check = new Check(index);
        check.text("talkId", event.getTalkId(), maxId);
        check.text("author", event.getAuthor(), maxTitle);
        check.text("correlationId", event.getCorrelationId(), maxId);
        if (event.getEventId() == null) {
            check.add("eventId", "required", "eventId is required");
        }
        envelope(check, event, context);
        Object payload = event.getPayload();
        if (payload == null || !NoteCommand.PAYLOAD_TYPES.contains(payload.getClass())) {
            check.add("type", "event-type", "unknown event type "
                    + (payload == null ? "null" : payload.getClass().getSimpleName()) + "; expected one of "
                    + "TalkCreated, TalkUpdated, NoteAdded, NoteEdited, NoteMoved, NoteDeleted, TalkDeleted");
        } else {
            payload(check, payload);
        }
        return check.violations;
    }

    private void envelope(Check check, NoteEvent event, Context context) {
        Instant at = event.getOccurredAt();
        if (at == null) {
            check.add("occurredAt", "required", "occurredAt is required");
        } else if (at.isAfter(context.now().plusMillis(maxSkewMs))) {
            check.add("occurredAt", "clock-skew", "occurredAt " + at + " is more than " + maxSkewMs
                    + " ms in the future");
        } else if (at.toEpochMilli() < 0) {
            check.add("occurredAt", "min", "occurredAt must not be before 1970-01-01T00:00:00Z");
        }
        context.pathTalkId().ifPresent(path -> {
            if (event.getTalkId() != null && !path.equals(event.getTalkId())) {
                check.add("talkId", "talk-id-matches-path", "talkId '" + event.getTalkId()
                        + "' differs from the talk in the path '" + path + "'");
            }
        });
        if (event.getExpectedRevision() != null && event.getExpectedRevision() < 0) {
            check.add("expectedRevision", "min", "expectedRevision must be at least 0");
        }
    }

    private void payload(Check check, Object payload) {
        if (payload instanceof TalkCreated p) {
            check.text("payload.title", p.getTitle(), maxTitle);
            check.optionalText("payload.conference", p.getConference(), maxTitle);
            check.texts("payload.speakers", p.getSpeakers());
            check.links(p.getLinks());
            check.texts("payload.tags", p.getTags());
        } else if (payload instanceof TalkUpdated p) {
            check.optionalText("payload.title", p.getTitle(), maxTitle);
            check.optionalText("payload.conference", p.getConference(), maxTitle);
            check.texts("payload.speakers", p.getSpeakers());
            check.links(p.getLinks());
            check.texts("payload.tags", p.getTags());
            if (p.getTitle() == null && p.getConference() == null && p.getSpeakers() == null && p.getLinks() == null
                    && p.getTags() == null) {
                check.add("payload", "required", "TalkUpdated changes nothing: give at least one field");
            }
        } else if (payload instanceof NoteAdded p) {
            check.text("payload.noteId", p.getNoteId(), maxId);
            check.text("payload.text", p.getText(), maxText);
            check.parent(p.getNoteId(), p.getParentId(), p.getPosition());
        } else if (payload instanceof NoteEdited p) {
            check.text("payload.noteId", p.getNoteId(), maxId);
            check.text("payload.text", p.getText(), maxText);
        } else if (payload instanceof NoteMoved p) {
            check.text("payload.noteId", p.getNoteId(), maxId);
            check.parent(p.getNoteId(), p.getParentId(), p.getPosition());
        } else if (payload instanceof NoteDeleted p) {
            check.text("payload.noteId", p.getNoteId(), maxId);
        }
    }

    /** Collects the violations of one event. */
    private final class Check {
        private final int index;
        private final List<Violation> violations = new ArrayList<>();

        Check(int index) {
            this.index = index;
        }

        void add(String field, String rule, String reason) {
            violations.add(new Violation(index, field, rule, reason));
        }

        void text(String field, String value, int max) {
            if (value == null || value.isBlank()) {
                add(field, "required", field + " is required and must not be blank");
            } else if (value.length() > max) {
                add(field, "max-length", field + " has " + value.length() + " characters, at most " + max
                        + " allowed");
            } else if (CONTROL.matcher(value).find()) {
                add(field, "control-characters", field + " must not contain control characters (other than "
                        + "tab and line breaks)");
            }
        }

        void optionalText(String field, String value, int max) {
            if (value != null) {
                text(field, value, max);
            }
        }

        void texts(String field, List<String> values) {
            if (values != null) {
                for (int i = 0; i < values.size(); i++) {
                    text(field + "[" + i + "]", values.get(i), maxTitle);
                }
            }
        }

        void links(List<Link> links) {
            if (links == null) {
                return;
            }
            for (int i = 0; i < links.size(); i++) {
                Link link = links.get(i);
                text("payload.links[" + i + "].label", link.getLabel(), maxTitle);
                url("payload.links[" + i + "].url", link.getUrl());
            }
        }

        void url(String field, String value) {
            if (value == null || value.isBlank()) {
                add(field, "required", field + " is required");
                return;
            }
            if (value.length() > maxText) {
                add(field, "max-length", field + " is longer than " + maxText + " characters");
                return;
            }
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    add(field, "url", field + " must be an absolute http(s) URL, got '" + value + "'");
                }
            } catch (URISyntaxException e) {
                add(field, "url", field + " is not a valid URL: " + e.getReason());
            }
        }

        void parent(String noteId, String parentId, int position) {
            if (parentId != null) {
                text("payload.parentId", parentId, maxId);
                if (parentId.equals(noteId)) {
                    add("payload.parentId", "not-self", "a note cannot be its own parent");
                }
            }
            if (position < 0) {
                add("payload.position", "min", "position must be at least 0");
            }
        }
    }
}

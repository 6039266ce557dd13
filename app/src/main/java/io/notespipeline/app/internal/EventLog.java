package io.notespipeline.app.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.notespipeline.app.NotesAppException;
import io.notespipeline.producer.TalkState;
import io.notespipeline.schemas.NotesSchemaException;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicReader;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.TalkViewFolder;

/**
 * Reads {@code notes.events} from the beginning to its current end (committed records only), folding each
 * record into its talk's view as it arrives: what is held in memory is one view per talk (plus the event ids
 * seen, for the same dedupe as the topology), not the events.
 */
final class EventLog {

    /** Correlation-id prefixes of the events an import published: {@code git:<commit>}, {@code import:<uuid>}. */
    static final List<String> IMPORT_MARKERS = List.of(GitHistory.MARKER, "import:");

    private EventLog() {
    }

    /**
     * From one read of the log: the talks as they stand, per document id the correlation ids
     * {@code git:<commit>} of its events (the commits a {@code --git} import published), and per talk the
     * revision the last import left it at (a talk edited since, e.g. through the API, is at a higher one).
     */
    record Snapshot(List<TalkView> views, Map<String, Set<String>> markersByDocument, Map<String, Long> imported) {

        /** @return each talk's current revision */
        Map<String, Long> revisions() {
            Map<String, Long> out = new HashMap<>();
            views.forEach(v -> out.put(v.getTalkId(), v.getRevision()));
            return out;
        }
    }

    /** One talk's running fold. */
    private static final class Talk {
        TalkView view;
        final Set<UUID> seen = new HashSet<>();
        final Set<String> gitMarkers = new HashSet<>();
        Long imported;
    }

    /** @return the current view of every talk, folded from the log exactly as the topology folds it */
    static List<TalkView> currentViews(String bootstrap, Topic<String, NoteEvent> topic) {
        return snapshot(bootstrap, topic).views();
    }

    /**
     * Reads the log, first waiting (at most 15 s) until no transaction is open or unfinished: a transaction's
     * commit returns before its markers are written, so an import right after another would otherwise diff
     * against a log missing the first (the read_committed end is the last stable offset).
     *
     * @return the snapshot, folded record by record in partition order
     */
    static Snapshot snapshot(String bootstrap, Topic<String, NoteEvent> topic) {
        Map<String, Talk> talks = new LinkedHashMap<>();
        try {
            TopicReader.Snapshot read = TopicReader.of(bootstrap).withDeadline(Duration.ofMinutes(5))
                    .withMaxPollRecords(5000).settlingTransactions(Duration.ofSeconds(15))
                    .read(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
                            r -> fold(talks.computeIfAbsent(r.key(), k -> new Talk()), r.value()));
            if (!read.unsettled().isEmpty()) {
                // Said, not silent: what another producer has not committed yet cannot be read. The import's
                // edits carry expectedRevision, so one that conflicts with it is refused (STALE_REVISION).
                System.err.println("notes import: a transaction is still open on " + topic.name() + " partitions "
                        + read.unsettled().stream().map(tp -> String.valueOf(tp.partition())).toList()
                        + " after 15 s; read up to what is committed there (an edit that conflicts with the open "
                        + "transaction is refused by its expectedRevision, not applied over it)");
            }
        } catch (NotesSchemaException e) {
            throw new NotesAppException(e.getMessage(), e);
        }
        List<TalkView> views = new ArrayList<>();
        Map<String, Set<String>> markers = new HashMap<>();
        Map<String, Long> imported = new HashMap<>();
        for (Talk talk : talks.values()) {
            if (talk.view == null) {
                continue;
            }
            views.add(talk.view);
            if (talk.imported != null) {
                imported.put(talk.view.getTalkId(), talk.imported);
            }
            String document = talk.view.getTags().stream().filter(t -> t.startsWith(TalkState.DOCUMENT_TAG_PREFIX))
                    .findFirst().map(t -> t.substring(TalkState.DOCUMENT_TAG_PREFIX.length())).orElse(null);
            if (document != null && !talk.gitMarkers.isEmpty()) {
                markers.computeIfAbsent(document, d -> new HashSet<>()).addAll(talk.gitMarkers);
            }
        }
        return new Snapshot(views, markers, imported);
    }

    private static void fold(Talk talk, NoteEvent event) {
        if (!talk.seen.add(event.getEventId())) {
            return; // a retried duplicate, skipped as the topology's dedupe store does
        }
        talk.view = TalkViewFolder.apply(talk.view, event).view();
        String correlation = event.getCorrelationId();
        if (talk.view != null && correlation != null && IMPORT_MARKERS.stream().anyMatch(correlation::startsWith)) {
            talk.imported = talk.view.getRevision();
            if (correlation.startsWith(GitHistory.MARKER)) {
                talk.gitMarkers.add(correlation);
            }
        }
    }
}

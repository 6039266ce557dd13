package io.notespipeline.app.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.notespipeline.app.NotesAppException;
import io.notespipeline.producer.TalkState;
import io.notespipeline.schemas.NotesSchemaException;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicReader;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.TalkViewFolder;

/** Reads {@code notes.events} from the beginning to its current end (committed records only). */
final class EventLog {

    private EventLog() {
    }

    /**
     * @return every record's value of {@code topic}, per key, in partition order. First waits (at most
     *         15 s) until no transaction is open or unfinished: a transaction's commit returns before its
     *         markers are written, so an import right after another would otherwise diff against a log
     *         missing the first (the read_committed end is the last stable offset).
     */
    static Map<String, List<NoteEvent>> readEventsByTalk(String bootstrap, Topic<String, NoteEvent> topic) {
        Map<String, List<NoteEvent>> byTalk = new LinkedHashMap<>();
        try {
            TopicReader.of(bootstrap).withDeadline(Duration.ofMinutes(5)).withMaxPollRecords(5000)
                    .settlingTransactions(Duration.ofSeconds(15))
                    .read(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
                            r -> byTalk.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
        } catch (NotesSchemaException e) {
            throw new NotesAppException(e.getMessage(), e);
        }
        return byTalk;
    }

    /** @return the current view of every talk, folded from the log exactly as the topology folds it */
    static List<TalkView> currentViews(String bootstrap, Topic<String, NoteEvent> topic) {
        return snapshot(bootstrap, topic).views();
    }

    /**
     * The talks as they stand and, per document id, the correlation ids {@code git:<commit>} of its events:
     * the commits a {@code --git} import published.
     */
    record Snapshot(List<TalkView> views, Map<String, Set<String>> markersByDocument) {
    }

    /** @return the views and the {@code git:} markers per document, from one read of the log */
    static Snapshot snapshot(String bootstrap, Topic<String, NoteEvent> topic) {
        List<TalkView> views = new ArrayList<>();
        Map<String, Set<String>> markers = new HashMap<>();
        readEventsByTalk(bootstrap, topic).values().forEach(events -> {
            TalkView view = TalkViewFolder.foldAll(null, events);
            if (view == null) {
                return;
            }
            views.add(view);
            String document = view.getTags().stream().filter(t -> t.startsWith(TalkState.DOCUMENT_TAG_PREFIX))
                    .findFirst().map(t -> t.substring(TalkState.DOCUMENT_TAG_PREFIX.length())).orElse(null);
            for (NoteEvent event : events) {
                if (document != null && event.getCorrelationId() != null
                        && event.getCorrelationId().startsWith(GitHistory.MARKER)) {
                    markers.computeIfAbsent(document, d -> new HashSet<>()).add(event.getCorrelationId());
                }
            }
        });
        return new Snapshot(views, markers);
    }
}

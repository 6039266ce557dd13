package io.notespipeline.streams.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.TalkViewTopology;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's part of {@code GET /v1/search}: per local copy, the best {@code limit} talks by score. The talks are
 * read one at a time (header, then the texts of its notes from one prefix scan) and scored, keeping only a heap of
 * the best {@code limit}: no view is assembled, no summary built but for those kept, and the memory is O(limit).
 * The time still grows with the corpus: without an inverted trigram index (which the fold would have to maintain)
 * every talk's words must be read to rank it.
 */
public final class TalkSearch {

    private static final ObjectMapper MAPPER = io.notespipeline.schemas.http.Json.mapper();
    private static final StringSerializer PREFIX = new StringSerializer();

    private record Hit(TalkView head, double score) {
    }

    /** Best first: by score, then by talk id. */
    private static final Comparator<Hit> BEST = Comparator.comparingDouble(Hit::score).reversed()
            .thenComparing(h -> h.head().getTalkId());

    private final KafkaStreams streams;
    private final LocalStores local;

    public TalkSearch(KafkaStreams streams, LocalStores local) {
        this.streams = streams;
        this.local = local;
    }

    /** @return per local copy, its best {@code limit} matches (summaries with {@code score}), best first */
    public FanOut.Part part(String query, int limit, double threshold) {
        Set<String> queryWords = Trigrams.words(query);
        LocalStores.Copies copies = local.localPartitions();
        Map<Integer, List<JsonNode>> items = new HashMap<>();
        Set<Integer> active = new TreeSet<>();
        Set<Integer> standby = new TreeSet<>();
        for (int partition : copies.active()) {
            if (read(partition, false, queryWords, limit, threshold, items)) {
                active.add(partition);
            }
        }
        for (int partition : copies.standby()) {
            if (read(partition, true, queryWords, limit, threshold, items)) {
                standby.add(partition);
            }
        }
        return new FanOut.Part(items, active, standby);
    }

    private boolean read(int partition, boolean stale, Set<String> queryWords, int limit, double threshold,
                         Map<Integer, List<JsonNode>> into) {
        PriorityQueue<Hit> best = new PriorityQueue<>(BEST.reversed()); // the worst kept on top
        try {
            ReadOnlyKeyValueStore<String, TalkHead> heads = store(TalkViewTopology.HEADS_STORE, partition, stale);
            ReadOnlyKeyValueStore<String, TalkNotes.Row> notes = store(TalkViewTopology.NOTES_STORE, partition, stale);
            try (KeyValueIterator<String, TalkHead> all = heads.all()) {
                while (all.hasNext()) {
                    TalkHead entry = all.next().value;
                    TalkView head = entry == null ? null : entry.view(); // no view before the talk's creation
                    if (head == null || head.getDeleted()) {
                        continue;
                    }
                    Set<String> words = Trigrams.words(text(head, notes));
                    if (Trigrams.score(queryWords, words) < threshold) {
                        continue;
                    }
                    double rank = Trigrams.rank(queryWords, Trigrams.words(head.getTitle() + " "
                            + String.join(" ", head.getSpeakers())), words);
                    best.add(new Hit(head, Math.round(rank * 1000) / 1000.0));
                    if (best.size() > limit) {
                        best.poll();
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            return false;
        }
        List<Hit> kept = new ArrayList<>(best);
        kept.sort(BEST);
        List<JsonNode> out = new ArrayList<>(kept.size());
        for (Hit h : kept) {
            Map<String, Object> item = Json.summary(h.head());
            item.put("score", h.score());
            out.add(MAPPER.valueToTree(item));
        }
        into.put(partition, out);
        return true;
    }

    /** @return the talk's title, speakers, tags and note texts (the words' order does not matter to the score) */
    private static String text(TalkView head, ReadOnlyKeyValueStore<String, TalkNotes.Row> notes) {
        StringBuilder text = new StringBuilder(head.getTitle()).append(' ');
        head.getSpeakers().forEach(s -> text.append(s).append(' '));
        head.getTags().forEach(s -> text.append(s).append(' '));
        try (KeyValueIterator<String, TalkNotes.Row> rows = notes.prefixScan(TalkNotes.prefix(head.getTalkId()),
                PREFIX)) {
            while (rows.hasNext()) {
                KeyValue<String, TalkNotes.Row> row = rows.next();
                if (row.value instanceof TalkNotes.Note n) {
                    text.append(n.text()).append(' ');
                }
            }
        }
        return text.toString();
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params = StoreQueryParameters
                .fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition);
        return streams.store(stale ? params.enableStaleStores() : params);
    }
}

package io.notespipeline.streams.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.TalkViewTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One page of {@code GET /v1/talks?cursor=} read inside the stores: in every local copy, a range scan of the talks'
 * headers (or of the secondary index, for a speaker, tag or conference) from just after the cursor, stopping after
 * {@code size + 1} talks that pass the filter. A page costs O(size × partitions) reads plus the talks the filter
 * skips, whatever the number of talks. The order is the stores' key order (UTF-8 bytes of the talk id, which is the
 * order of {@link #ORDER}), so pages from every partition merge into one order.
 */
public final class TalkPages {

    /** The stores' order of talk ids: by code point, which is the order of their UTF-8 bytes. */
    public static final Comparator<String> ORDER = TalkPages::compareCodePoints;

    private static final ObjectMapper MAPPER = io.notespipeline.schemas.http.Json.mapper();

    private final KafkaStreams streams;
    private final LocalStores local;

    public TalkPages(KafkaStreams streams, LocalStores local) {
        this.streams = streams;
        this.local = local;
    }

    /**
     * @param indexPrefix when not null, the talks under this secondary-index prefix ({@link TalkIndex#prefix})
     * @param cursor      the last talk id of the previous page ("" for the first page): the page starts after it
     * @return per local copy, the summaries of up to {@code size + 1} talks after {@code cursor} passing
     *         {@code filter}, in {@link #ORDER} (the extra one says that there is a next page)
     */
    public FanOut.Part page(Predicate<TalkView> filter, String indexPrefix, String cursor, int size) {
        LocalStores.Copies copies = local.localPartitions();
        Map<Integer, List<JsonNode>> items = new HashMap<>();
        Set<Integer> active = new TreeSet<>();
        Set<Integer> standby = new TreeSet<>();
        for (int partition : copies.active()) {
            if (read(partition, false, filter, indexPrefix, cursor, size + 1, items)) {
                active.add(partition);
            }
        }
        for (int partition : copies.standby()) {
            if (read(partition, true, filter, indexPrefix, cursor, size + 1, items)) {
                standby.add(partition);
            }
        }
        return new FanOut.Part(items, active, standby);
    }

    /** One merged page: its items and the cursor of the next page (null on the last). */
    public record Page<T>(List<T> items, String next) {
    }

    /**
     * Merges the parts of every partition (each: its first {@code size + 1} talks after the cursor) into the page:
     * the first {@code size} in {@link #ORDER}; there is a next page exactly when some partition had more.
     *
     * @param items the partitions' items, one per talk, in any order
     */
    public static <T> Page<T> merge(List<T> items, java.util.function.Function<T, String> id, int size) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(id, ORDER));
        List<T> shown = List.copyOf(sorted.subList(0, Math.min(size, sorted.size())));
        return new Page<>(shown, sorted.size() > size ? id.apply(shown.get(size - 1)) : null);
    }

    private boolean read(int partition, boolean stale, Predicate<TalkView> filter, String indexPrefix, String cursor,
                         int limit, Map<Integer, List<JsonNode>> into) {
        List<JsonNode> page = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, TalkHead> heads = store(TalkViewTopology.HEADS_STORE, partition, stale,
                    TalkHead.class);
            if (indexPrefix == null) {
                try (KeyValueIterator<String, TalkHead> it = heads.range(after(cursor), null)) {
                    while (page.size() < limit && it.hasNext()) {
                        add(it.next().value, filter, page);
                    }
                }
            } else {
                ReadOnlyKeyValueStore<String, String> index = store(TalkViewTopology.INDEX_STORE, partition, stale,
                        String.class);
                try (KeyValueIterator<String, String> it = index.range(after(indexPrefix + cursor), null)) {
                    while (page.size() < limit && it.hasNext()) {
                        KeyValue<String, String> hit = it.next();
                        if (!hit.key.startsWith(indexPrefix)) {
                            break;
                        }
                        add(heads.get(hit.value), filter, page);
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            return false;
        }
        into.put(partition, page);
        return true;
    }

    private static void add(TalkHead head, Predicate<TalkView> filter, List<JsonNode> page) {
        TalkView view = head == null ? null : head.view(); // no view before the talk's creation
        if (view != null && filter.test(view)) {
            page.add(MAPPER.valueToTree(Json.summary(view)));
        }
    }

    /** @return the smallest key after {@code key} ({@code key} itself when it is empty: the first page) */
    private static String after(String key) {
        return key + '\u0000';
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition, boolean stale, Class<V> type) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params = StoreQueryParameters
                .fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition);
        return streams.store(stale ? params.enableStaleStores() : params);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}

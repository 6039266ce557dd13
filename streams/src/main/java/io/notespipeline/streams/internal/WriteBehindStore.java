package io.notespipeline.streams.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A cache of decoded values in front of an uncached, changelogged key-value store, written to it once per key per
 * commit: what Kafka Streams' caching layer does, without encoding every value per write and without its
 * byte-keyed LRU bookkeeping (in the fold's profile the caching layer's put, dirty-key and TreeMap upkeep plus the
 * per-put encoding were about a fifth of the stream thread). Writes go to a sorted map of pending entries (a value
 * or a delete); every read (the fold's and interactive queries', which may run on other threads) sees them first, so
 * queries stay as current as with the caching store; scans merge the pending entries into the store's iterator.
 *
 * <p>Kafka Streams calls {@link #flushCache} before it flushes the producer and commits the input offsets (at every
 * commit, and before a task is suspended or closed cleanly), as it does for its own caching stores: the pending
 * entries are written to the inner store (RocksDB and its changelog) there, so everything a commit covers is in the
 * changelog, under at-least-once and exactly-once alike. {@link #clearCache} (a task closed dirty) drops them.
 * Only the task's stream thread writes.
 *
 * @param <K> key type; {@code order} must sort keys as their serialised bytes sort (the inner store's order)
 */
public final class WriteBehindStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {

    /**
     * A pending write: the value, or null for a delete. Only the stream thread sets it: a key written again before the
     * commit changes its holder in place (found through {@link #index}), instead of a new insert into the sorted map.
     * Readers on other threads see the latest value (volatile); an iterator copies the values when it is made.
     */
    private static final class Pending<V> {
        private volatile V value;

        Pending(V value) {
            this.value = value;
        }

        V value() {
            return value;
        }
    }

    /**
     * The order of the pending String keys: {@link String#compareTo}, the order of their UTF-8 bytes (the stores'
     * order) for every key without supplementary characters (talk ids are ASCII by their pattern). It is also fast:
     * an exact code-point comparator spent most of the write path in comparisons of the notes' long shared prefixes.
     * A scan stays exact whatever the keys ({@link Merged} matches pending and stored entries by equality); only the
     * place of a pending key with a supplementary character among the stored ones may differ, and a range (not a
     * prefix scan) bounded by such a key may take or leave such a pending-only key wrongly: only the heads store is
     * range-scanned, by ASCII talk ids.
     */
    public static final Comparator<String> KEY_ORDER = Comparator.naturalOrder();

    /**
     * Most distinct keys pending before they are written ahead of the commit (as Kafka Streams' cache evicts when it
     * is full): under at-least-once a commit comes every 30 s, and an import adding a million notes in that time would
     * otherwise hold them all decoded on the heap. Writing early is what the caching store does too: under
     * exactly-once the writes join the open transaction, under at-least-once they are the store's anyway.
     */
    static final int MAX_PENDING_DEFAULT = 20_000;

    private final ConcurrentSkipListMap<K, Pending<V>> pending;
    /**
     * The same holders as {@link #pending} by hash: a read or a write of a pending key is one hash lookup, not a
     * descent of the skip list (JFR of bench row 4: the skip list's key comparisons were 7% of the stream threads).
     * A holder is in both maps or in neither: the stream thread adds it to the sorted map first and removes it from
     * there last, so a reader that misses it here and finds it there (or the other way) only sees an older state.
     */
    private final java.util.concurrent.ConcurrentHashMap<K, Pending<V>> index = new java.util.concurrent.ConcurrentHashMap<>();
    private final Comparator<? super K> order;
    private final Reads<K, V> reads;
    private final int maxPending;
    /** Distinct keys in {@link #pending} (its size() is a traversal); only the stream thread writes. */
    private int pendingCount;

    WriteBehindStore(KeyValueStore<K, V> inner, Comparator<? super K> order) {
        this(inner, order, MAX_PENDING_DEFAULT);
    }

    WriteBehindStore(KeyValueStore<K, V> inner, Comparator<? super K> order, int maxPending) {
        super(inner);
        this.maxPending = maxPending;
        this.order = order;
        this.pending = new ConcurrentSkipListMap<>(order);
        this.reads = new Reads<>(inner.name(), pending, index, order, inner);
    }

    /**
     * @param inner builds the store (its caching is turned off: this class caches)
     * @param order the order of the keys' serialised bytes
     * @return a builder of the inner store wrapped in a write-behind cache
     */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> inner,
                                                                 Comparator<? super K> order) {
        StoreBuilder<KeyValueStore<K, V>> uncached = inner.withCachingDisabled();
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
                uncached.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
                uncached.withLoggingDisabled();
                return this;
            }

            @Override
            public KeyValueStore<K, V> build() {
                return new WriteBehindStore<>(uncached.build(), order);
            }

            @Override
            public Map<String, String> logConfig() {
                return uncached.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return uncached.loggingEnabled();
            }

            @Override
            public String name() {
                return uncached.name();
            }
        };
    }

    /** @return how many writes wait for the next commit */
    int pendingWrites() {
        return pending.size();
    }

    @Override
    public void put(K key, V value) {
        pend(key, value);
    }

    private void pend(K key, V value) {
        Pending<V> held = index.get(key);
        if (held != null) {
            held.value = value; // written again before the commit: same holder, same place in the order
            return;
        }
        Pending<V> write = new Pending<>(value);
        pending.put(key, write);
        index.put(key, write);
        if (++pendingCount >= maxPending) {
            if (earlyWrites) {
                writePending();
            } else {
                COMMIT_WANTED.get()[0] = true;
                if (pendingCount >= maxPending * AT_LEAST_ONCE_FACTOR) { // the commit asked for has not come: bound the heap
                    log.warn("Writing {} pending entries of {} before the commit under at-least-once: a crash before "
                            + "that commit may leave this store ahead of the others", pendingCount, name());
                    writePending();
                }
            }
        }
    }

    /**
     * Under at-least-once a store must not write ahead of the commit: its changelog would then hold changes the
     * other stores (and the committed input offsets) do not, and the fold, reading the input again after a crash,
     * would apply them a second time. So instead of writing early it asks, through this flag of the stream thread,
     * for a commit ({@link #takeCommitRequest}); it writes early only past {@value #AT_LEAST_ONCE_FACTOR} times the
     * bound. Under exactly-once writing early is harmless (the writes join the open transaction).
     */
    private static final ThreadLocal<boolean[]> COMMIT_WANTED = ThreadLocal.withInitial(() -> new boolean[1]);
    static final int AT_LEAST_ONCE_FACTOR = 10;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WriteBehindStore.class);
    private boolean earlyWrites = true;

    /**
     * @return whether a write-behind store of this stream thread filled up under at-least-once since the last call,
     *         and the processor should request a commit ({@code ProcessorContext.commit()}); clears the flag
     */
    public static boolean takeCommitRequest() {
        boolean[] wanted = COMMIT_WANTED.get();
        boolean was = wanted[0];
        wanted[0] = false;
        return was;
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> kv : entries) {
            put(kv.key, kv.value);
        }
    }

    @Override
    public V delete(K key) {
        V old = get(key);
        pend(key, null);
        return old;
    }

    @Override
    public V get(K key) {
        return reads.get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return reads.range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return reads.all();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return reads.prefixScan(prefix, prefixKeySerializer);
    }

    /** @return reads of the pending entries over the inner store's view at {@code level} (interactive queries) */
    @Override
    public ReadOnlyKeyValueStore<K, V> readOnly(IsolationLevel level) {
        return new Reads<>(name(), pending, index, order, wrapped().readOnly(level));
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries() + pending.size();
    }

    /** Writes the pending entries to the inner store (Kafka Streams calls this before every commit). */
    @Override
    public void flushCache() {
        writePending();
        super.flushCache();
    }

    /** Writes every pending entry to the inner store, then forgets it. */
    private void writePending() {
        for (Map.Entry<K, Pending<V>> e : pending.entrySet()) {
            V value = e.getValue().value();
            if (value == null) {
                wrapped().delete(e.getKey());
            } else {
                wrapped().put(e.getKey(), value);
            }
            index.remove(e.getKey());
            pending.remove(e.getKey()); // a reader meanwhile found it here or, as well, in the store
        }
        pendingCount = 0;
    }

    @Override
    public void flush() {
        flushCache();
        wrapped().flush();
    }

    /** Drops the pending entries (Kafka Streams calls this when it closes a task dirty: they were never committed). */
    @Override
    public void clearCache() {
        index.clear();
        pending.clear();
        pendingCount = 0;
        super.clearCache();
    }

    @Override
    public void close() {
        index.clear();
        pending.clear();
        super.close();
    }

    @Override
    public void init(org.apache.kafka.streams.processor.StateStoreContext context, StateStore root) {
        index.clear();
        pending.clear();
        pendingCount = 0;
        earlyWrites = !org.apache.kafka.streams.StreamsConfig.AT_LEAST_ONCE.equals(String.valueOf(
                context.appConfigs().get(org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
        super.init(context, root);
    }

    /** Reads: the pending entries first, then {@code inner}. */
    private static final class Reads<K, V> implements ReadOnlyKeyValueStore<K, V> {
        private final String name;
        private final ConcurrentSkipListMap<K, Pending<V>> pending;
        private final Map<K, Pending<V>> index;
        private final Comparator<? super K> order;
        private final ReadOnlyKeyValueStore<K, V> inner;

        Reads(String name, ConcurrentSkipListMap<K, Pending<V>> pending, Map<K, Pending<V>> index,
              Comparator<? super K> order, ReadOnlyKeyValueStore<K, V> inner) {
            this.name = name;
            this.pending = pending;
            this.index = index;
            this.order = order;
            this.inner = inner;
        }

        @Override
        public V get(K key) {
            Pending<V> p = index.get(key);
            return p != null ? p.value() : inner.get(key);
        }

        @Override
        public KeyValueIterator<K, V> range(K from, K to) {
            NavigableMap<K, Pending<V>> part = from == null && to == null ? pending
                    : from == null ? pending.headMap(to, true)
                    : to == null ? pending.tailMap(from, true)
                    : order.compare(from, to) > 0 ? new ConcurrentSkipListMap<>(order) : pending.subMap(from, true, to, true);
            // every pending entry hides or replaces its stored one, the bounds' subset only says which pending-only
            // keys join (exact for keys without supplementary characters)
            return new Merged<>(inner.range(from, to), new ArrayList<>(part.entrySet()), pending, order);
        }

        @Override
        public KeyValueIterator<K, V> all() {
            return new Merged<>(inner.all(), pending, order);
        }

        /** A prefix scan; only for String keys and prefixes, serialised as UTF-8 (the stores that use it). */
        @Override
        @SuppressWarnings("unchecked")
        public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
            if (!(prefix instanceof String p) || !(prefixKeySerializer instanceof StringSerializer)) {
                throw new UnsupportedOperationException("prefix scans of " + name + " take String prefixes");
            }
            NavigableMap<String, Pending<V>> strings = (NavigableMap<String, Pending<V>>) (NavigableMap<?, ?>) pending;
            NavigableMap<String, Pending<V>> part = strings.tailMap(p, true);
            List<Map.Entry<K, Pending<V>>> matching = new ArrayList<>();
            for (Map.Entry<String, Pending<V>> e : part.entrySet()) {
                if (!e.getKey().startsWith(p)) {
                    break;
                }
                matching.add((Map.Entry<K, Pending<V>>) (Map.Entry<?, ?>) e);
            }
            return new Merged<>(inner.prefixScan(prefix, prefixKeySerializer), matching, order);
        }

        @Override
        public long approximateNumEntries() {
            return inner.approximateNumEntries() + pending.size();
        }
    }

    /**
     * The inner iterator (sorted) with the pending entries (sorted by {@code order}) laid over it: a pending value
     * replaces the stored one, a pending delete hides it, a pending key the store lacks is inserted in order. Pending
     * and stored entries are matched by key equality, not by the order, so every key comes once and a delete always
     * hides even where {@code order} and the store's order disagree. The pending entries are copied when the
     * iterator is made.
     */
    private static final class Merged<K, V> implements KeyValueIterator<K, V> {
        private final KeyValueIterator<K, V> stored;
        private final Iterator<Map.Entry<K, Pending<V>>> overlay;
        private final Map<K, Pending<V>> byKey;
        private final java.util.Set<K> done = new java.util.HashSet<>();
        private final Comparator<? super K> order;
        private Map.Entry<K, Pending<V>> nextOverlay;
        private KeyValue<K, V> nextStored;
        private KeyValue<K, V> next;

        Merged(KeyValueIterator<K, V> stored, NavigableMap<K, Pending<V>> overlay, Comparator<? super K> order) {
            this(stored, new ArrayList<>(overlay.entrySet()), order);
        }

        Merged(KeyValueIterator<K, V> stored, List<Map.Entry<K, Pending<V>>> overlay, Comparator<? super K> order) {
            this(stored, overlay, null, order);
        }

        /** @param all every pending entry (to match stored ones), null: those of {@code overlay} */
        Merged(KeyValueIterator<K, V> stored, List<Map.Entry<K, Pending<V>>> overlay, Map<K, Pending<V>> all,
               Comparator<? super K> order) {
            this.stored = stored;
            // the values as they are now: a holder changes in place when its key is written again
            List<Map.Entry<K, Pending<V>>> copy = new ArrayList<>(overlay.size());
            this.byKey = new java.util.HashMap<>();
            for (Map.Entry<K, Pending<V>> e : overlay) {
                Pending<V> now = new Pending<>(e.getValue().value());
                copy.add(Map.entry(e.getKey(), now));
                byKey.put(e.getKey(), now);
            }
            if (all != null) {
                for (Map.Entry<K, Pending<V>> e : all.entrySet()) {
                    byKey.putIfAbsent(e.getKey(), new Pending<>(e.getValue().value()));
                }
            }
            this.overlay = copy.iterator();
            this.order = order;
            this.nextOverlay = nextOverlay();
            this.nextStored = stored.hasNext() ? stored.next() : null;
        }

        private Map.Entry<K, Pending<V>> nextOverlay() {
            while (overlay.hasNext()) {
                Map.Entry<K, Pending<V>> e = overlay.next();
                if (!done.contains(e.getKey())) {
                    return e;
                }
            }
            return null;
        }

        private KeyValue<K, V> advance() {
            while (nextOverlay != null || nextStored != null) {
                if (nextOverlay != null && (nextStored == null
                        || order.compare(nextOverlay.getKey(), nextStored.key) <= 0)) {
                    Map.Entry<K, Pending<V>> o = nextOverlay;
                    done.add(o.getKey());
                    nextOverlay = nextOverlay();
                    if (o.getValue().value() != null) {
                        return KeyValue.pair(o.getKey(), o.getValue().value());
                    }
                    continue;
                }
                KeyValue<K, V> s = nextStored;
                nextStored = stored.hasNext() ? stored.next() : null;
                Pending<V> p = byKey.get(s.key);
                if (p == null) {
                    return s;
                }
                if (done.add(s.key) && p.value() != null) { // not met in the overlay yet (the orders disagree)
                    if (nextOverlay != null && nextOverlay.getKey().equals(s.key)) {
                        nextOverlay = nextOverlay();
                    }
                    return KeyValue.pair(s.key, p.value());
                }
                if (nextOverlay != null && nextOverlay.getKey().equals(s.key)) {
                    nextOverlay = nextOverlay();
                }
            }
            return null;
        }
        @Override
        public boolean hasNext() {
            if (next == null) {
                next = advance();
            }
            return next != null;
        }

        @Override
        public KeyValue<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue<K, V> out = next;
            next = null;
            return out;
        }

        @Override
        public K peekNextKey() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return next.key;
        }

        @Override
        public void close() {
            stored.close();
        }
    }
}

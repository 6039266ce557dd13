package io.notespipeline.schemas.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A least-recently-used map of at most {@code capacity} entries; thread-safe. */
final class BoundedCache<K, V> {

    private final Map<K, V> map;

    BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be >= 1, got " + capacity);
        }
        this.map = new LinkedHashMap<>(Math.min(capacity, 64), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    synchronized void put(K key, V value) {
        map.put(key, value);
    }

    synchronized void remove(K key) {
        map.remove(key);
    }

    synchronized int size() {
        return map.size();
    }

    /** Loads a missing value outside the lock (a load may be a network call); the first stored value wins. */
    V computeIfAbsent(K key, Function<K, V> loader) {
        V cached = get(key);
        if (cached != null) {
            return cached;
        }
        V loaded = loader.apply(key);
        synchronized (this) {
            V raced = map.get(key);
            if (raced != null) {
                return raced;
            }
            map.put(key, loaded);
            return loaded;
        }
    }
}

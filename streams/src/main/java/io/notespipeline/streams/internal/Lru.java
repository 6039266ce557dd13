package io.notespipeline.streams.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map in access order that drops its least recently used entry beyond {@code maxEntries} (the fold's caches). */
final class Lru {

    private Lru() {
    }

    static <K, V> Map<K, V> of(int initialCapacity, int maxEntries) {
        return new LinkedHashMap<>(initialCapacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }
}

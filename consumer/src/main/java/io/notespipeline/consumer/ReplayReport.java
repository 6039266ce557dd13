package io.notespipeline.consumer;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@link WarehouseReplay}: what was loaded and whether the replayed warehouse
 * equals the live one (row counts and hashes of the compared tables).
 *
 * @param source     where the events came from
 * @param events     events handed to the new warehouse (a duplicate eventId is stored once)
 * @param views      talk views applied (0 when views were not replayed)
 * @param unreadable log records skipped because they could not be read
 * @param tables     the tables compared ({@code note_events}, plus {@code talks} and {@code notes} when views were replayed)
 * @param live       fingerprints of the live warehouse (empty when there was none to compare with)
 * @param replayed   fingerprints of the new warehouse
 */
public record ReplayReport(WarehouseReplay.Source source, long events, long views, long unreadable,
                           List<String> tables, Map<String, TableFingerprint> live,
                           Map<String, TableFingerprint> replayed) {

    /** @return true when every compared table has the same row count and hash in both warehouses */
    public boolean equal() {
        if (live.isEmpty()) {
            return false;
        }
        for (String t : tables) {
            if (!live.get(t).equals(replayed.get(t))) {
                return false;
            }
        }
        return true;
    }

    /** @return the compared tables whose count or hash differ */
    public List<String> differences() {
        return tables.stream().filter(t -> live.isEmpty() || !live.get(t).equals(replayed.get(t))).toList();
    }
}

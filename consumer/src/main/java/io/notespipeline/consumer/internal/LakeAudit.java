package io.notespipeline.consumer.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.NoteEvent;

/**
 * The lake tier's audit counts, derived from the lake itself: each file carries its events' count per
 * occurredAt bucket in its metadata ({@link LakeFiles#META_AUDIT}); a file without it (older, or rewritten by
 * the compactor) is counted by reading its records. Files are committed atomically, cover disjoint offset
 * ranges, and a re-run after a crash resumes after the last committed file: the counts never include a
 * record twice or a record not durably in the lake.
 */
public final class LakeAudit {

    private LakeAudit() {
    }

    /** @return the events of {@code events} per bucket start, sorted */
    public static Map<Long, Long> tally(List<NoteEvent> events, long bucketMs) {
        Map<Long, Long> counts = new TreeMap<>();
        for (NoteEvent e : events) {
            counts.merge(AuditKeys.bucketStart(e.getOccurredAt().toEpochMilli(), bucketMs), 1L, Long::sum);
        }
        return counts;
    }

    /** @return the metadata value of {@code counts} */
    public static String encode(Map<Long, Long> counts, long bucketMs) {
        return bucketMs + ";" + counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** @return the counts of a file per bucket start: from its metadata when written with {@code bucketMs}, else from its records */
    public static Map<Long, Long> countsOf(Path file, Map<String, String> meta, long bucketMs) throws IOException {
        String encoded = meta.get(LakeFiles.META_AUDIT);
        if (encoded != null) {
            int semi = encoded.indexOf(';');
            if (Long.parseLong(encoded.substring(0, semi)) == bucketMs) {
                Map<Long, Long> counts = new TreeMap<>();
                String body = encoded.substring(semi + 1);
                if (!body.isEmpty()) {
                    for (String pair : body.split(",")) {
                        int eq = pair.indexOf('=');
                        counts.put(Long.parseLong(pair.substring(0, eq)), Long.parseLong(pair.substring(eq + 1)));
                    }
                }
                return counts;
            }
        }
        return tally(LakeFiles.read(file), bucketMs);
    }
}

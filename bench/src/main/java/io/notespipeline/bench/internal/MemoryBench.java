package io.notespipeline.bench.internal;

import io.notespipeline.bench.BenchRow;

/** Row #9: resident memory of {@code notes up}, idle and under the load of row #2. */
public final class MemoryBench {

    private MemoryBench() {
    }

    /** @return the row (not measured until the harness can start {@code notes up}). */
    public static BenchRow row() {
        return BenchRow.notMeasured("9", "RSS of notes up, idle / under load #2", "—", "idle ≤ 512 MB",
                "the harness does not start notes up yet");
    }
}

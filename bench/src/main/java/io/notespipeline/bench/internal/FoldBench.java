package io.notespipeline.bench.internal;

import java.util.HashMap;
import java.util.Map;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.FoldResult;
import io.notespipeline.streams.TalkViewFolder;

/**
 * Diagnostic for row #4: the fold function alone ({@link TalkViewFolder#apply}, plain Java, one thread,
 * views kept in a map) over the run's events, so the cost of the function can be told apart from the
 * cost of the stores and topics around it.
 */
public final class FoldBench {

    private FoldBench() {
    }

    /**
     * @param workload the events, folded in order
     * @param budgetMs stop after this long
     * @return events per second and how many were folded
     */
    public static double[] rate(Workload workload, long budgetMs) {
        Map<String, TalkView> views = new HashMap<>();
        long t0 = System.nanoTime();
        long deadline = t0 + budgetMs * 1_000_000L;
        int i = 0;
        for (; i < workload.size() && ((i & 1023) != 0 || System.nanoTime() < deadline); i++) {
            NoteEvent e = workload.events().get(i);
            FoldResult result = TalkViewFolder.apply(views.get(e.getTalkId()), e);
            if (result instanceof FoldResult.Applied applied) {
                views.put(e.getTalkId(), applied.view());
            }
        }
        return new double[] {PublisherBench.rate(i, System.nanoTime() - t0), i};
    }
}

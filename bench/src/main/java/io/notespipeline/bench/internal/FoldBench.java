package io.notespipeline.bench.internal;

import java.util.HashMap;
import java.util.Map;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.FoldResult;
import io.notespipeline.streams.TalkViewFolder;
import io.notespipeline.streams.internal.TalkLog;

/**
 * Diagnostic for row #4: the fold function alone (plain Java, one thread, no store, no topic) over the run's events,
 * so the cost of the function can be told apart from the cost of the stores and topics around it. Two forms:
 * <ul>
 *   <li>{@link #rate}: as the topology folds, one working note tree per talk ({@link TalkLog.Folding}: an event
 *       changes the notes it touches), the ceiling of row 4 whatever the stores cost;</li>
 *   <li>{@link #pureRate}: the reference model {@link TalkViewFolder#apply(TalkView, NoteEvent)}, which returns a new
 *       view per event and so copies the talk's note tree each time (the properties compare the topology with it).</li>
 * </ul>
 */
public final class FoldBench {

    private FoldBench() {
    }

    /**
     * @param workload the events, folded in order
     * @param budgetMs stop after this long
     * @return events per second and how many were folded, one working tree per talk
     */
    public static double[] rate(Workload workload, long budgetMs) {
        Map<String, TalkLog.Folding> talks = new HashMap<>();
        long t0 = System.nanoTime();
        long deadline = t0 + budgetMs * 1_000_000L;
        int i = 0;
        long applied = 0;
        for (; i < workload.size() && ((i & 1023) != 0 || System.nanoTime() < deadline); i++) {
            NoteEvent e = workload.events().get(i);
            if (talks.computeIfAbsent(e.getTalkId(), t -> new TalkLog.Folding(null)).apply(e)
                    instanceof FoldResult.Applied) {
                applied++;
            }
        }
        if (applied == 0 && i > 0) {
            throw new IllegalStateException("no event of the workload applied: the diagnostic measured nothing");
        }
        return new double[] {PublisherBench.rate(i, System.nanoTime() - t0), i};
    }

    /** @return events per second and how many were folded by the pure reference fold (a new view per event) */
    public static double[] pureRate(Workload workload, long budgetMs) {
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

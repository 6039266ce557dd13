package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.notespipeline.streams.internal.PositionWatch;
import org.junit.jupiter.api.Test;

/**
 * The position the key lookup reads without a store lookup ({@link PositionWatch#processed}) is only the fold's own:
 * forgotten when its task starts (its stores restored, maybe to a position another instance wrote) and when it
 * stops (the partition may move away), so a lookup then reads the stored position instead of answering for an old one.
 */
class FoldPositionWatchTest {

    @Test
    void shouldForgetTheProcessedPositionWhenTheFoldsTaskStartsAndStops() {
        PositionWatch watch = PositionWatch.of("views-test"); // ViewsDriver's application id; it folds partition 0
        PositionWatch.advanced("views-test", 0, 99); // as a fold of an earlier task of this JVM left it
        try (ViewsDriver views = new ViewsDriver()) {
            assertThat(watch.processed(0)).as("a task that starts has processed nothing yet").isEqualTo(-1L);
            TestEvents talk = new TestEvents("talk-w");
            views.send(talk.created("Watched"), talk.added("n1", null, 0, "one"));
            assertThat(watch.processed(0)).as("the offset of the last record folded").isEqualTo(1L);
            assertThat(views.driver.<Integer, Long>getKeyValueStore(TalkViewTopology.POSITIONS_STORE).get(0))
                    .as("the same as the stored position").isEqualTo(1L);
        }
        assertThat(watch.processed(0)).as("a task that stopped").isEqualTo(-1L);
    }
}

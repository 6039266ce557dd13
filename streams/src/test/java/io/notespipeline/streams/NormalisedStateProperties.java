package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.internal.TalkLog;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The normalised state (a header per talk, an entry per note and per list of children) is the pure fold, event
 * by event: after every event the view put together from the stores equals {@link TalkViewFolder#apply} of the
 * previous pure view, and every reject is the pure reject (reason, detail, revision). {@code asOf} over the local
 * log equals {@link TalkViewFolder#foldUntil} even when {@code occurredAt} goes backwards. The fold over one
 * working tree ({@link TalkLog.Folding}) is the pure fold too.
 */
class NormalisedStateProperties {

    @Provide
    Arbitrary<List<NoteEvent>> oneTalk() {
        return EventSequences.withDuplicates(1, 120);
    }

    @Provide
    Arbitrary<List<Integer>> shifts() {
        return Arbitraries.integers().between(-30, 30).list().ofSize(140);
    }

    @Property(tries = 25)
    void theStoresHoldThePureViewAfterEveryEvent(@ForAll("oneTalk") List<NoteEvent> events) {
        try (ViewsDriver driver = new ViewsDriver(TalkViewTopology.Retention.defaults(), 2)) {
            TalkView pure = null;
            Set<UUID> seen = new HashSet<>();
            for (NoteEvent e : events) {
                driver.send(e);
                if (!seen.add(e.getEventId())) {
                    assertThat(driver.rejected.isEmpty()).isTrue();
                    assertThat(driver.view("talk-0")).isEqualTo(pure);
                    continue;
                }
                FoldResult r = TalkViewFolder.apply(pure, e);
                if (r instanceof FoldResult.Rejected rej) {
                    RejectedEvent out = driver.rejected.readValue();
                    assertThat(out).isEqualTo(rej.toRejectedEvent(e));
                } else {
                    assertThat(driver.rejected.isEmpty()).isTrue();
                }
                pure = r.view();
                assertThat(driver.view("talk-0")).as("after %s", e).isEqualTo(pure);
            }
        }
    }

    @Property(tries = 25)
    void asOfEqualsTheLogFoldWhenTimesGoBackwards(@ForAll("oneTalk") List<NoteEvent> events,
                                                 @ForAll("shifts") List<Integer> shifts) {
        List<NoteEvent> shuffledTimes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            NoteEvent e = NoteEvent.newBuilder(events.get(i)).build();
            e.setOccurredAt(e.getOccurredAt().plusSeconds(shifts.get(i % shifts.size())));
            shuffledTimes.add(e);
        }
        try (ViewsDriver driver = new ViewsDriver(TalkViewTopology.Retention.defaults(), 2)) {
            driver.send(shuffledTimes);
            Set<Instant> times = new java.util.TreeSet<>();
            shuffledTimes.forEach(e -> {
                times.add(e.getOccurredAt());
                times.add(e.getOccurredAt().minusMillis(1));
            });
            times.add(TestEvents.START.plus(Duration.ofDays(1)));
            for (Instant t : times) {
                assertThat(driver.asOf("talk-0", t)).as("asOf %s", t)
                        .isEqualTo(TalkViewFolder.foldUntil(shuffledTimes, t));
            }
        }
    }

    /** A big talk takes a snapshot once as many events as it has notes followed the last one (O(1) amortised). */
    @Example
    void aBigTalkSnapshotsLessOften() {
        try (ViewsDriver driver = new ViewsDriver()) {
            TestEvents t = new TestEvents("big");
            List<NoteEvent> all = new ArrayList<>();
            all.add(t.created("big"));
            for (int i = 0; i < 300; i++) {
                all.add(t.added("n" + i, null, i, "note " + i));
            }
            for (int i = 0; i < 300; i++) {
                all.add(t.edited("n" + (i * 7 % 300), "edit " + i));
            }
            driver.send(all);
            // every 64 events: 9 snapshots; max(64, notes): after events 64 and 364 only
            assertThat(driver.snapshots("big")).isEqualTo(2);
            for (NoteEvent e : List.of(all.get(63), all.get(200), all.get(400), all.get(600))) {
                assertThat(driver.asOf("big", e.getOccurredAt()))
                        .isEqualTo(TalkViewFolder.foldUntil(all, e.getOccurredAt()));
            }
            assertThat(driver.view("big")).isEqualTo(TalkViewFolder.foldAll(null, all));
        }
    }

    @Property(tries = 50)
    void oneWorkingTreeFoldsAsThePureFold(@ForAll("oneTalk") List<NoteEvent> events) {
        TalkLog.Folding working = new TalkLog.Folding(null);
        TalkView pure = null;
        Set<UUID> seen = new HashSet<>();
        for (NoteEvent e : events) {
            if (!seen.add(e.getEventId())) {
                continue;
            }
            FoldResult expected = TalkViewFolder.apply(pure, e);
            FoldResult actual = working.apply(e);
            assertThat(actual.getClass()).isEqualTo(expected.getClass());
            if (expected instanceof FoldResult.Rejected rej) {
                assertThat(((FoldResult.Rejected) actual).detail()).isEqualTo(rej.detail());
            }
            pure = expected.view();
            assertThat(working.view()).isEqualTo(pure);
        }
    }
}

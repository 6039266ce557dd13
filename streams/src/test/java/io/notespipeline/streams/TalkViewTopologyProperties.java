package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.streams.KeyValue;

/** The topology computes exactly the pure fold, whatever the duplicates, unknown notes, moves and deletes. */
class TalkViewTopologyProperties {

    @Provide
    Arbitrary<List<NoteEvent>> threeTalksWithRetries() {
        return EventSequences.withDuplicates(3, 80);
    }

    @Property(tries = 20)
    void topologyOutputAndAsOfEqualThePureFold(@ForAll("threeTalksWithRetries") List<NoteEvent> events,
                                               @ForAll @IntRange(min = 0, max = 90) int minutes) {
        Map<String, TalkView> expectedViews = new TreeMap<>();
        List<String> expectedRejects = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (NoteEvent e : events) {
            if (!seen.add(e.getEventId())) {
                continue;
            }
            FoldResult r = TalkViewFolder.apply(expectedViews.get(e.getTalkId()), e);
            if (r instanceof FoldResult.Applied a) {
                expectedViews.put(e.getTalkId(), a.view());
            } else if (r instanceof FoldResult.Rejected rej) {
                expectedRejects.add(e.getEventId() + ":" + rej.reason());
            }
        }
        try (ViewsDriver driver = new ViewsDriver(TalkViewTopology.Retention.defaults(), 3)) {
            driver.send(events);
            Map<String, TalkView> published = new TreeMap<>();
            for (KeyValue<String, TalkView> kv : driver.views.readKeyValuesToList()) {
                published.put(kv.key, kv.value);
            }
            assertThat(published).isEqualTo(expectedViews);
            Map<String, TalkView> stored = new TreeMap<>();
            stored.putAll(driver.storedViews());
            assertThat(stored).isEqualTo(expectedViews);
            assertThat(driver.rejected.readValuesToList()).extracting(RejectedEvent::getEvent)
                    .extracting(ev -> ev.getEventId().toString())
                    .containsExactlyElementsOf(expectedRejects.stream().map(s -> s.split(":")[0]).toList());
            Set<String> indexed = new java.util.TreeSet<>();
            try (var all = driver.driver.<String, String>getKeyValueStore(TalkViewTopology.INDEX_STORE).all()) {
                all.forEachRemaining(kv -> indexed.add(kv.key));
            }
            Set<String> expectedIndex = new java.util.TreeSet<>();
            expectedViews.values().forEach(v -> expectedIndex.addAll(io.notespipeline.streams.internal.TalkIndex.keys(v)));
            assertThat(indexed).isEqualTo(expectedIndex);
            assertAsOf(driver, events, TestEvents.START.plus(Duration.ofMinutes(minutes)));
        }
    }

    /**
     * Dedupe is a function of the log: feeding the log with redeliveries at any distance (wall-clock days apart,
     * up to a year) and replaying the same log into a fresh topology give the same views, the same rejects and
     * the same history, equal to the pure fold of the distinct events.
     */
    @Property(tries = 15)
    void replayingTheLogAlwaysYieldsTheLiveViews(@ForAll("threeTalksWithRetries") List<NoteEvent> events,
                                                 @ForAll @IntRange(min = 0, max = 365) int daysBetweenRetries) {
        Map<String, TalkView> expected = new TreeMap<>();
        Set<String> talks = new java.util.TreeSet<>();
        for (NoteEvent e : events) {
            talks.add(e.getTalkId());
        }
        for (String talkId : talks) {
            TalkView v = TalkViewFolder.foldAll(null, events.stream().filter(e -> e.getTalkId().equals(talkId)).toList());
            if (v != null) {
                expected.put(talkId, v);
            }
        }
        try (ViewsDriver live = new ViewsDriver(); ViewsDriver replay = new ViewsDriver()) {
            Set<UUID> seen = new HashSet<>();
            for (NoteEvent e : events) {
                if (!seen.add(e.getEventId())) {
                    live.driver.advanceWallClockTime(Duration.ofDays(daysBetweenRetries));
                }
                live.send(e);
            }
            replay.send(events);
            assertThat(stored(live)).isEqualTo(expected).isEqualTo(stored(replay));
            assertThat(published(live)).isEqualTo(expected);
            assertThat(live.rejected.readValuesToList()).isEqualTo(replay.rejected.readValuesToList());
        }
    }

    private static Map<String, TalkView> stored(ViewsDriver driver) {
        Map<String, TalkView> out = new TreeMap<>();
        out.putAll(driver.storedViews());
        return out;
    }

    private static Map<String, TalkView> published(ViewsDriver driver) {
        Map<String, TalkView> out = new TreeMap<>();
        for (KeyValue<String, TalkView> kv : driver.views.readKeyValuesToList()) {
            out.put(kv.key, kv.value);
        }
        return out;
    }

    /** asOf(T) equals the fold of the events up to T. */
    private static void assertAsOf(ViewsDriver driver, List<NoteEvent> events, Instant asOf) {
        for (String talkId : List.of("talk-0", "talk-1", "talk-2")) {
            List<NoteEvent> ofTalk = events.stream().filter(e -> e.getTalkId().equals(talkId)).toList();
            List<NoteEvent> upTo = ofTalk.stream().filter(e -> !e.getOccurredAt().isAfter(asOf)).toList();
            TalkView expected = TalkViewFolder.foldAll(null, upTo);
            assertThat(driver.asOf(talkId, asOf)).as("asOf %s of %s", asOf, talkId).isEqualTo(expected);
            assertThat(TalkViewFolder.foldUntil(ofTalk, asOf)).as("log fold asOf %s of %s", asOf, talkId)
                    .isEqualTo(expected);
        }
    }
}

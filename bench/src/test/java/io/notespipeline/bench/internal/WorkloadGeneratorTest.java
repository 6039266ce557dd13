package io.notespipeline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.FoldResult;
import io.notespipeline.streams.TalkViewFolder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final NotesCorpus CORPUS = NotesCorpus.locate(java.nio.file.Path.of(""))
            .map(NotesCorpus::read).orElseGet(NotesCorpus::builtIn);

    private static List<NoteEvent> generate(long seed, int n) {
        WorkloadGenerator generator = new WorkloadGenerator(seed, CORPUS, WorkloadGenerator.Shape.defaults(), START);
        List<NoteEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(generator.next());
        }
        return events;
    }

    @Test
    void shouldGenerateTheSameEventsForTheSameSeed() {
        assertThat(generate(42, 5_000)).isEqualTo(generate(42, 5_000));
    }

    @Test
    void shouldGenerateDifferentEventsForAnotherSeed() {
        assertThat(generate(42, 100)).isNotEqualTo(generate(43, 100));
    }

    @Test
    void shouldDrawNoteTextLengthsFromTheCorpus() {
        double corpusMean = CORPUS.meanTextLength();
        double generatedMean = generate(7, 50_000).stream()
                .map(NoteEvent::getPayload)
                .mapToInt(p -> p instanceof NoteAdded a ? a.getText().length()
                        : p instanceof NoteEdited e ? e.getText().length() : -1)
                .filter(len -> len >= 0)
                .average().orElseThrow();
        assertThat(generatedMean).as("mean generated note length vs the real notes' mean %.1f", corpusMean)
                .isBetween(corpusMean * 0.85, corpusMean * 1.15);
    }

    @Test
    void shouldSendAboutThirtyPercentOfTheEventsToTheFiveHotTalks() {
        List<NoteEvent> events = generate(11, 50_000);
        Set<String> hot = Set.of("talk-00000", "talk-00001", "talk-00002", "talk-00003", "talk-00004");
        long toHot = events.stream().filter(e -> hot.contains(e.getTalkId())).count();
        assertThat(toHot / 50_000.0).isBetween(0.27, 0.33);
        assertThat(events.stream().map(NoteEvent::getTalkId).distinct().count()).isGreaterThan(900);
    }

    @Test
    void shouldStartEveryTalkWithTalkCreatedAndSpaceEventsOneMillisecondApart() {
        List<NoteEvent> events = generate(3, 10_000);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            NoteEvent e = events.get(i);
            if (seen.add(e.getTalkId())) {
                assertThat(e.getPayload()).as("first event of %s", e.getTalkId()).isInstanceOf(TalkCreated.class);
            }
            assertThat(e.getOccurredAt()).isEqualTo(START.plusMillis(i));
        }
    }

    @Property(tries = 20)
    void everyGeneratedEventAppliesToItsTalksView(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Map<String, TalkView> views = new HashMap<>();
        for (NoteEvent event : generate(seed, 3_000)) {
            FoldResult result = TalkViewFolder.apply(views.get(event.getTalkId()), event);
            assertThat(result).as("seed %d event %s", seed, event).isInstanceOf(FoldResult.Applied.class);
            views.put(event.getTalkId(), ((FoldResult.Applied) result).view());
        }
    }
}

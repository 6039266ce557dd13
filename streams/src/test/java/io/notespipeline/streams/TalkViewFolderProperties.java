package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.TalkView;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class TalkViewFolderProperties {

    @Provide
    Arbitrary<List<NoteEvent>> oneTalk() {
        return EventSequences.distinct(1, 60);
    }

    @Provide
    Arbitrary<List<NoteEvent>> oneTalkWithRetries() {
        return EventSequences.withDuplicates(1, 60);
    }

    @Property(tries = 300)
    void foldingAPrefixThenTheRestEqualsFoldingAll(@ForAll("oneTalk") List<NoteEvent> events,
                                                   @ForAll @IntRange(min = 0, max = 60) int cut) {
        int split = Math.min(cut, events.size());
        TalkView prefix = TalkViewFolder.foldAll(null, events.subList(0, split));
        TalkView all = TalkViewFolder.foldAll(null, events);
        assertThat(TalkViewFolder.foldAll(prefix, events.subList(split, events.size()))).isEqualTo(all);
    }

    @Property(tries = 300)
    void applyingAnEventNeverChangesTheInputView(@ForAll("oneTalk") List<NoteEvent> events) {
        io.notespipeline.schemas.AvroBinarySerde<TalkView> serde = new io.notespipeline.schemas.AvroBinarySerde<>(TalkView.class);
        TalkView view = null;
        for (NoteEvent event : events) {
            byte[] before = view == null ? null : serde.encode(view);
            FoldResult result = TalkViewFolder.apply(view, event);
            if (view != null) {
                assertThat(serde.encode(view)).as("the fold shares lists with its input, so it must never mutate it")
                        .isEqualTo(before);
            }
            view = result.view();
        }
    }

    @Property(tries = 300)
    void duplicateEventsChangeNothing(@ForAll("oneTalkWithRetries") List<NoteEvent> events) {
        List<NoteEvent> distinct = events.stream()
                .collect(Collectors.toMap(NoteEvent::getEventId, e -> e, (a, b) -> a, java.util.LinkedHashMap::new))
                .values().stream().toList();
        assertThat(TalkViewFolder.foldAll(null, events)).isEqualTo(TalkViewFolder.foldAll(null, distinct));
    }

    @Property(tries = 300)
    void reapplyingTheLastAppliedEventChangesNothing(@ForAll("oneTalk") List<NoteEvent> events) {
        TalkView view = null;
        for (NoteEvent event : events) {
            FoldResult result = TalkViewFolder.apply(view, event);
            if (result instanceof FoldResult.Applied applied) {
                assertThat(TalkViewFolder.apply(applied.view(), event).view()).isEqualTo(applied.view());
            }
            view = result.view();
        }
    }

    @Property(tries = 300)
    void revisionCountsAppliedEventsAndRejectsLeaveTheViewUnchanged(@ForAll("oneTalk") List<NoteEvent> events) {
        TalkView view = null;
        long applied = 0;
        for (NoteEvent event : events) {
            TalkView before = view == null ? null : TalkView.newBuilder(view).build();
            FoldResult result = TalkViewFolder.apply(view, event);
            if (result instanceof FoldResult.Applied) {
                applied++;
            } else {
                assertThat(result.view()).isEqualTo(before);
            }
            assertThat(view).as("the fold never changes its input").isEqualTo(before);
            view = result.view();
        }
        assertThat(view == null ? 0 : view.getRevision()).isEqualTo(applied);
    }

    @Property(tries = 300)
    void noteIdsStayUniqueInTheTree(@ForAll("oneTalk") List<NoteEvent> events) {
        TalkView view = TalkViewFolder.foldAll(null, events);
        if (view != null) {
            Set<String> seen = new HashSet<>();
            assertThat(allIds(view.getNotes(), seen)).isTrue();
        }
    }

    @Property(tries = 100)
    void foldingIsDeterministicPerTalkWhateverTheInterleavingOfOtherTalks(
            @ForAll("threeTalks") List<NoteEvent> events) {
        Map<String, TalkView> together = new TreeMap<>();
        for (NoteEvent e : events) {
            together.put(e.getTalkId(), TalkViewFolder.apply(together.get(e.getTalkId()), e).view());
        }
        together.values().removeIf(v -> v == null);
        Map<String, TalkView> separately = new TreeMap<>();
        events.stream().map(NoteEvent::getTalkId).distinct().forEach(id -> {
            TalkView v = TalkViewFolder.foldAll(null, events.stream().filter(e -> e.getTalkId().equals(id)).toList());
            if (v != null) {
                separately.put(id, v);
            }
        });
        assertThat(together).isEqualTo(separately);
    }

    @Provide
    Arbitrary<List<NoteEvent>> threeTalks() {
        return EventSequences.distinct(3, 90);
    }

    private static boolean allIds(List<NoteNode> nodes, Set<String> seen) {
        for (NoteNode node : nodes) {
            if (!seen.add(node.getNoteId()) || !allIds(node.getChildren(), seen)) {
                return false;
            }
        }
        return true;
    }
}

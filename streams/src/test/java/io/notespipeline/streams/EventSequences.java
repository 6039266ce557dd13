package io.notespipeline.streams;

import java.util.ArrayList;
import java.util.List;

import io.notespipeline.schemas.avro.NoteEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of event sequences for a few talks: creates, updates, adds, edits, moves and
 * deletes over a small alphabet of note ids (so unknown notes, duplicates and invalid moves are
 * common), stale expected revisions, talk deletes, and retried (duplicate) events.
 */
final class EventSequences {

    private static final String[] NOTES = {"n0", "n1", "n2", "n3", "n4"};

    private EventSequences() {
    }

    /** One step of a script: which talk, which op, and its arguments. */
    record Step(int talk, int op, int note, int other, int position, int expected) {
    }

    static Arbitrary<Step> steps(int talks) {
        return Combinators.combine(Arbitraries.integers().between(0, talks - 1),
                        Arbitraries.integers().between(0, 19),
                        Arbitraries.integers().between(0, NOTES.length - 1),
                        Arbitraries.integers().between(-1, NOTES.length - 1),
                        Arbitraries.integers().between(-1, 4),
                        Arbitraries.integers().between(-1, 12))
                .as(Step::new);
    }

    /** @return events with distinct ids, in order, for talks {@code talk-0..}. */
    static Arbitrary<List<NoteEvent>> distinct(int talks, int maxSize) {
        return steps(talks).list().ofMaxSize(maxSize).map(steps -> toEvents(talks, steps));
    }

    /** @return {@link #distinct} with some events repeated later (retries with the same eventId). */
    static Arbitrary<List<NoteEvent>> withDuplicates(int talks, int maxSize) {
        return distinct(talks, maxSize).flatMap(events -> events.isEmpty()
                ? Arbitraries.just(events)
                : Arbitraries.integers().between(0, events.size() - 1).list().ofMaxSize(8)
                        .map(picks -> insertRepeats(events, picks)));
    }

    private static List<NoteEvent> insertRepeats(List<NoteEvent> events, List<Integer> picks) {
        List<NoteEvent> out = new ArrayList<>(events);
        for (int pick : picks) {
            int at = Math.min(out.size(), pick + 1 + (pick * 7) % 3);
            out.add(at, NoteEvent.newBuilder(events.get(pick)).build());
        }
        return out;
    }

    static List<NoteEvent> toEvents(int talks, List<Step> steps) {
        List<TestEvents> factories = new ArrayList<>();
        for (int t = 0; t < talks; t++) {
            factories.add(new TestEvents("talk-" + t));
        }
        List<NoteEvent> out = new ArrayList<>();
        for (Step s : steps) {
            TestEvents f = factories.get(s.talk()).as(s.op() % 2 == 0 ? "alice" : "bob");
            NoteEvent e = event(f, s);
            if (s.expected() >= 0 && s.op() % 3 == 0) {
                e.setExpectedRevision((long) s.expected());
            }
            out.add(e);
        }
        return out;
    }

    private static NoteEvent event(TestEvents f, Step s) {
        String note = NOTES[s.note()];
        String other = s.other() < 0 ? null : NOTES[s.other()];
        return switch (s.op()) {
            case 0, 1 -> f.created("Talk " + s.note(), "Conf " + s.other(), List.of("Speaker " + s.note()), List.of("tag"));
            case 2 -> f.updated("Title " + s.position(), s.other() < 0 ? null : List.of("tag" + s.other()));
            case 3, 4, 5, 6, 7 -> f.added(note, other, s.position(), "text of " + note);
            case 8, 9, 10 -> f.edited(note, "edit " + s.position());
            case 11, 12, 13 -> f.moved(note, other, s.position());
            case 14, 15, 16 -> f.deleted(note);
            case 17 -> s.position() == 4 ? f.talkDeleted() : f.edited(note, "late edit");
            default -> f.added(note + "x", other, s.position(), "deep " + note);
        };
    }
}

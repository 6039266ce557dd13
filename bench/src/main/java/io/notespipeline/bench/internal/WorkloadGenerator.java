package io.notespipeline.bench.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkUpdated;

/**
 * A seeded stream of valid note events with realistic sizes and skew. Text lengths and talk sizes are
 * drawn from a {@link NotesCorpus} (the real notes); {@code hotShare} of the events go to the first
 * {@code hotTalks} talks. Every talk starts with {@code TalkCreated}; a talk grows (mostly adds) until
 * it reaches a size drawn from the corpus, then changes by edits, moves and deletes, so the fold
 * accepts every event (nothing is rejected). Same seed, same sequence. Not thread-safe.
 */
public final class WorkloadGenerator {

    /** How the events are spread over talks. */
    public record Shape(int talks, int hotTalks, double hotShare, int authors) {
        public Shape {
            if (talks < 1 || hotTalks < 0 || hotTalks > talks || hotShare < 0 || hotShare > 1 || authors < 1) {
                throw new IllegalArgumentException("bad workload shape " + talks + "/" + hotTalks + "/" + hotShare);
            }
        }

        /** @return 1000 talks, 5 of them hot with 30% of the events, 40 authors. */
        public static Shape defaults() {
            return new Shape(1000, 5, 0.3, 40);
        }
    }

    private final Random random;
    private final NotesCorpus corpus;
    private final Shape shape;
    private final Instant start;
    private final TalkState[] talks;
    private long produced;

    /**
     * @param seed   the seed (print it: it reproduces the run)
     * @param corpus the distributions to draw from
     * @param shape  talks and skew
     * @param start  occurredAt of the first event; each next one is 1 ms later
     */
    public WorkloadGenerator(long seed, NotesCorpus corpus, Shape shape, Instant start) {
        this.random = new Random(seed);
        this.corpus = corpus;
        this.shape = shape;
        this.start = start;
        this.talks = new TalkState[shape.talks()];
    }

    /** @return the next event. */
    public NoteEvent next() {
        int t = pickTalk();
        TalkState talk = talks[t];
        Object payload;
        if (talk == null) {
            talk = new TalkState(String.format("talk-%05d", t), corpus.talkSizes().get(random.nextInt(
                    corpus.talkSizes().size())));
            talks[t] = talk;
            payload = new TalkCreated(text(30), "PyCon 2017", List.of("speaker-" + t), List.of(), List.of("bench"));
        } else {
            payload = change(talk);
        }
        Instant at = start.plusMillis(produced++);
        String author = "author-" + random.nextInt(shape.authors());
        return new NoteEvent(uuid(), talk.id, at, author, "bench-" + (produced / 100), null, payload);
    }

    /** @return the events produced so far. */
    public long produced() {
        return produced;
    }

    private int pickTalk() {
        if (shape.hotTalks() > 0 && random.nextDouble() < shape.hotShare()) {
            return random.nextInt(shape.hotTalks());
        }
        int cold = shape.talks() - shape.hotTalks();
        return cold == 0 ? random.nextInt(shape.talks()) : shape.hotTalks() + random.nextInt(cold);
    }

    private Object change(TalkState talk) {
        double r = random.nextDouble();
        boolean growing = talk.live.size() < talk.targetSize;
        if (talk.live.isEmpty() || (growing && r < 0.75)) {
            return add(talk);
        }
        if (r < 0.02) {
            return new TalkUpdated(text(30), null, null, null, null);
        }
        if (r < 0.82 || growing) {
            return new NoteEdited(talk.randomNote(random), text(-1));
        }
        if (r < 0.91) {
            String leaf = talk.randomLeaf(random);
            int position = random.nextInt(talk.children(null) + 1);
            talk.move(leaf, null);
            return new NoteMoved(leaf, null, position);
        }
        String leaf = talk.randomLeaf(random);
        talk.remove(leaf);
        return new NoteDeleted(leaf);
    }

    private NoteAdded add(TalkState talk) {
        String parent = null;
        if (!talk.topLevel.isEmpty() && random.nextDouble() < 0.4) {
            parent = talk.topLevel.get(random.nextInt(talk.topLevel.size()));
        }
        String id = "n" + talk.nextNoteId++;
        int position = random.nextInt(talk.children(parent) + 1);
        talk.add(id, parent);
        return new NoteAdded(id, parent, position, text(-1));
    }

    /** @param length characters, or -1 to draw the length from the corpus */
    private String text(int length) {
        int target = length >= 0 ? length : corpus.textLengths().get(random.nextInt(corpus.textLengths().size()));
        StringBuilder sb = new StringBuilder(target + 16);
        List<String> words = corpus.words();
        while (sb.length() < target) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(words.get(random.nextInt(words.size())));
        }
        sb.setLength(Math.max(1, target));
        return sb.toString().strip().isEmpty() ? "x" : sb.toString();
    }

    private UUID uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    /** The notes of one talk as the generator knows them: live ids, their parents and child counts. */
    private static final class TalkState {
        final String id;
        final int targetSize;
        final List<String> live = new ArrayList<>();
        final List<String> topLevel = new ArrayList<>();
        final Map<String, String> parentOf = new HashMap<>();
        final Map<String, Integer> childCount = new HashMap<>();
        int nextNoteId;

        TalkState(String id, int targetSize) {
            this.id = id;
            this.targetSize = Math.max(1, targetSize);
        }

        int children(String parent) {
            return parent == null ? topLevel.size() : childCount.getOrDefault(parent, 0);
        }

        void add(String note, String parent) {
            live.add(note);
            attach(note, parent);
        }

        private void attach(String note, String parent) {
            parentOf.put(note, parent);
            if (parent == null) {
                topLevel.add(note);
            } else {
                childCount.merge(parent, 1, Integer::sum);
            }
        }

        private void detach(String note) {
            String parent = parentOf.remove(note);
            if (parent == null) {
                topLevel.remove(note);
            } else {
                childCount.merge(parent, -1, Integer::sum);
            }
        }

        void move(String note, String parent) {
            detach(note);
            attach(note, parent);
        }

        void remove(String note) {
            detach(note);
            live.remove(note);
            childCount.remove(note);
        }

        String randomNote(Random random) {
            return live.get(random.nextInt(live.size()));
        }

        /** A random note without children (there is always one: the tree is finite). */
        String randomLeaf(Random random) {
            String note = randomNote(random);
            while (childCount.getOrDefault(note, 0) > 0) {
                note = firstChildOf(note);
            }
            return note;
        }

        private String firstChildOf(String parent) {
            for (String n : live) {
                if (parent.equals(parentOf.get(n))) {
                    return n;
                }
            }
            throw new IllegalStateException("note " + parent + " has a child count but no child");
        }
    }
}

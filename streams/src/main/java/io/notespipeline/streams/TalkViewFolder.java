package io.notespipeline.streams;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.notespipeline.schemas.NoteTree;
import io.notespipeline.schemas.avro.Contributor;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;
import io.notespipeline.schemas.avro.TalkView;

/**
 * The fold of a talk's events into its {@link TalkView}: plain Java, deterministic (the result
 * depends only on the view and the event, never on a clock), and it never changes its inputs.
 *
 * <p>Rules, checked in this order: the first event of a talk must be {@code TalkCreated}
 * ({@link RejectReason#TALK_NOT_FOUND}); an event equal by {@code eventId} to the last applied
 * one is a {@link FoldResult.Duplicate}; a deleted talk takes no more events
 * ({@link RejectReason#TALK_DELETED}); a set {@code expectedRevision} must equal the talk's
 * revision (0 before creation; {@link RejectReason#STALE_REVISION}); then the payload's own
 * rules (unknown or duplicate notes, moves into the own subtree, negative positions). Each
 * applied event adds one to {@code revision}, sets {@code updatedAt} to its {@code occurredAt}
 * and counts one edit for its author.
 */
public final class TalkViewFolder {

    private TalkViewFolder() {
    }

    /**
     * A talk's notes as the fold reads and changes them. Operations expect what the fold checked first
     * ({@link #contains}, {@link #canHoldChildren}, {@link #inSubtree}); a position past the end appends, a
     * move's position is among the siblings left once the note is taken out, a delete removes the subtree.
     */
    public interface Notes {
        /** @return whether the talk has a note {@code noteId} */
        boolean contains(String noteId);

        /** @return true for null (the top level) and for an existing note */
        boolean canHoldChildren(String parentId);

        /** @return true when {@code candidate} is {@code noteId} or one of its descendants ({@code noteId} exists) */
        boolean inSubtree(String noteId, String candidate);

        void add(String noteId, String text, String parentId, int position);

        void edit(String noteId, String text);

        void move(String noteId, String parentId, int position);

        void delete(String noteId);

        /** @return the view's {@code notes} after an applied note event; {@code current} when kept elsewhere */
        default List<NoteNode> roots(List<NoteNode> current) {
            return current;
        }
    }

    /**
     * Notes as a tree of {@link NoteNode}s ({@link NoteTree}). By default the tree is a copy of the view's notes
     * made on first use and the new view holds it (the pure fold); {@link #working} keeps one tree across events
     * (a fold over many events of one talk pays for the copy once).
     */
    public static final class TreeNotes implements Notes {
        private final List<NoteNode> source;
        private final boolean intoView;
        private NoteTree tree;

        TreeNotes(List<NoteNode> source) {
            this.source = source;
            this.intoView = true;
        }

        private TreeNotes(NoteTree tree) {
            this.source = null;
            this.tree = tree;
            this.intoView = false;
        }

        /** @return notes that change {@code tree} in place and leave the views' {@code notes} field alone */
        public static TreeNotes working(NoteTree tree) {
            return new TreeNotes(tree);
        }

        private NoteTree tree() {
            if (tree == null) {
                tree = new NoteTree(source);
            }
            return tree;
        }

        @Override
        public boolean contains(String noteId) {
            return tree().contains(noteId);
        }

        @Override
        public boolean canHoldChildren(String parentId) {
            return tree().childrenOf(parentId) != null;
        }

        @Override
        public boolean inSubtree(String noteId, String candidate) {
            return NoteTree.inSubtree(tree().node(noteId), candidate);
        }

        @Override
        public void add(String noteId, String text, String parentId, int position) {
            tree().add(noteId, text, parentId, position);
        }

        @Override
        public void edit(String noteId, String text) {
            tree().edit(noteId, text);
        }

        @Override
        public void move(String noteId, String parentId, int position) {
            tree().move(noteId, parentId, position);
        }

        @Override
        public void delete(String noteId) {
            tree().delete(noteId);
        }

        @Override
        public List<NoteNode> roots(List<NoteNode> current) {
            return intoView ? tree().roots() : current;
        }
    }

    /**
     * @param view  the talk's current view, or null when no event of it has been applied
     * @param event the next event of the talk, in partition order
     * @return the new view, or the reject with its reason; never null
     */
    public static FoldResult apply(TalkView view, NoteEvent event) {
        return apply(view, event, view == null ? null : new TreeNotes(view.getNotes()));
    }

    /**
     * The same fold with the talk's notes kept elsewhere: {@code header} is the view without its notes (its
     * {@code notes} field is carried through unchanged) and {@code notes} answers and applies the note operations.
     * The checks, their order, the rejects and the header are exactly those of {@link #apply(TalkView, NoteEvent)};
     * {@code notes} is changed only when the event applies. This is what lets the topology keep one store entry
     * per note and pay for an event only what the event touches.
     *
     * @param notes the talk's notes (ignored when {@code header} is null)
     */
    public static FoldResult apply(TalkView header, NoteEvent event, Notes notes) {
        Objects.requireNonNull(event, "event");
        TalkView view = header;
        Object payload = event.getPayload();
        Long expected = event.getExpectedRevision();
        if (view == null) {
            if (!(payload instanceof TalkCreated created)) {
                return reject(null, RejectReason.TALK_NOT_FOUND, "talk " + event.getTalkId()
                        + " does not exist; its first event must be TalkCreated, got " + kind(event));
            }
            if (expected != null && expected != 0L) {
                return reject(null, RejectReason.STALE_REVISION, "expected revision " + expected
                        + " but talk " + event.getTalkId() + " does not exist yet (revision 0)");
            }
            return new FoldResult.Applied(create(event, created));
        }
        if (!view.getTalkId().equals(event.getTalkId())) {
            return reject(view, RejectReason.WRONG_TALK, "event for talk " + event.getTalkId()
                    + " folded into talk " + view.getTalkId());
        }
        if (event.getEventId().equals(view.getLastEventId())) {
            return new FoldResult.Duplicate(view);
        }
        if (view.getDeleted()) {
            return reject(view, RejectReason.TALK_DELETED, "talk " + view.getTalkId() + " is deleted");
        }
        if (expected != null && expected != view.getRevision()) {
            return reject(view, RejectReason.STALE_REVISION, "expected revision " + expected
                    + " but talk " + view.getTalkId() + " is at revision " + view.getRevision());
        }
        return applyPayload(view, event, payload, notes);
    }

    /**
     * Folds events in order, skipping any whose {@code eventId} was seen before (as the topology's
     * dedupe store does). The reference model of the topology.
     *
     * @return the final view, or null when no event applied
     */
    public static TalkView foldAll(TalkView initial, Iterable<NoteEvent> events) {
        TalkView view = initial;
        Set<UUID> seen = new HashSet<>();
        for (NoteEvent event : events) {
            if (seen.add(event.getEventId())) {
                view = apply(view, event).view();
            }
        }
        return view;
    }

    /**
     * The view as the topology's history store holds it at {@code time}: events are deduped and
     * folded in log order; a version's time is the largest {@code occurredAt} of the events applied
     * so far, and folding stops at the first applied event whose version time would pass {@code time}.
     *
     * @return the view valid at {@code time}, or null when the talk did not exist yet
     */
    public static TalkView foldUntil(Iterable<NoteEvent> events, java.time.Instant time) {
        TalkView view = null;
        Set<UUID> seen = new HashSet<>();
        long versionTime = Long.MIN_VALUE;
        for (NoteEvent event : events) {
            if (!seen.add(event.getEventId())) {
                continue;
            }
            FoldResult result = apply(view, event);
            if (result instanceof FoldResult.Applied applied) {
                long at = Math.max(versionTime, event.getOccurredAt().toEpochMilli());
                if (at > time.toEpochMilli()) {
                    break;
                }
                versionTime = at;
                view = applied.view();
            }
        }
        return view;
    }

    /** @return the short kind of an event's payload, e.g. {@code NoteAdded}. */
    public static String kind(NoteEvent event) {
        return event.getPayload() == null ? "null" : event.getPayload().getClass().getSimpleName();
    }

    private static FoldResult applyPayload(TalkView view, NoteEvent event, Object payload, Notes tree) {
        if (payload instanceof TalkCreated) {
            return reject(view, RejectReason.TALK_EXISTS, "talk " + view.getTalkId() + " already exists");
        }
        String title = view.getTitle();
        String conference = view.getConference();
        List<String> speakers = view.getSpeakers();
        List<io.notespipeline.schemas.avro.Link> links = view.getLinks();
        List<String> tags = view.getTags();
        List<NoteNode> notes = view.getNotes();
        boolean deleted = view.getDeleted();
        if (payload instanceof TalkUpdated updated) {
            if (updated.getTitle() != null) {
                title = updated.getTitle();
            }
            if (updated.getConference() != null) {
                conference = updated.getConference();
            }
            if (updated.getSpeakers() != null) {
                speakers = new ArrayList<>(updated.getSpeakers());
            }
            if (updated.getLinks() != null) {
                links = new ArrayList<>(updated.getLinks());
            }
            if (updated.getTags() != null) {
                tags = new ArrayList<>(updated.getTags());
            }
        } else if (payload instanceof TalkDeleted) {
            deleted = true;
        } else {
            FoldResult.Rejected rejected = applyToNotes(view, tree, payload);
            if (rejected != null) {
                return rejected;
            }
            notes = tree.roots(view.getNotes());
        }
        // the generated all-args constructor, not a builder: a builder copies the schema's field array and checks
        // every field it is given, per event (JFR of bench row 4: about 5% of the stream threads in the stamp).
        // The fold never mutates an input, so the unchanged fields are shared: the note tree is copied by NoteTree
        // before a note event changes it, and every list a payload replaces is a new list.
        return new FoldResult.Applied(new TalkView(view.getTalkId(), title, conference, speakers, links, tags, notes,
                view.getRevision() + 1, view.getCreatedAt(), event.getOccurredAt(), contributors(view, event),
                event.getEventId(), deleted));
    }

    private static FoldResult.Rejected applyToNotes(TalkView view, Notes tree, Object payload) {
        if (payload instanceof NoteAdded added) {
            return add(view, tree, added);
        }
        if (payload instanceof NoteEdited edited) {
            if (!tree.contains(edited.getNoteId())) {
                return unknownNote(view, edited.getNoteId(), "edit");
            }
            tree.edit(edited.getNoteId(), edited.getText());
            return null;
        }
        if (payload instanceof NoteMoved moved) {
            return move(view, tree, moved);
        }
        if (payload instanceof NoteDeleted deleted) {
            if (!tree.contains(deleted.getNoteId())) {
                return unknownNote(view, deleted.getNoteId(), "delete");
            }
            tree.delete(deleted.getNoteId());
            return null;
        }
        throw new NotesStreamsException("unknown payload kind " + payload.getClass().getName()
                + " talkId=" + view.getTalkId());
    }

    private static FoldResult.Rejected add(TalkView view, Notes tree, NoteAdded added) {
        if (tree.contains(added.getNoteId())) {
            return reject(view, RejectReason.DUPLICATE_NOTE, "note " + added.getNoteId()
                    + " already exists in talk " + view.getTalkId());
        }
        if (added.getPosition() < 0) {
            return reject(view, RejectReason.INVALID_POSITION, "position " + added.getPosition()
                    + " of note " + added.getNoteId() + " is negative");
        }
        if (!tree.canHoldChildren(added.getParentId())) {
            return unknownNote(view, added.getParentId(), "add note " + added.getNoteId() + " under");
        }
        tree.add(added.getNoteId(), added.getText(), added.getParentId(), added.getPosition());
        return null;
    }

    private static FoldResult.Rejected move(TalkView view, Notes tree, NoteMoved moved) {
        if (!tree.contains(moved.getNoteId())) {
            return unknownNote(view, moved.getNoteId(), "move");
        }
        if (moved.getPosition() < 0) {
            return reject(view, RejectReason.INVALID_POSITION, "position " + moved.getPosition()
                    + " of note " + moved.getNoteId() + " is negative");
        }
        String parentId = moved.getParentId();
        if (parentId != null && tree.inSubtree(moved.getNoteId(), parentId)) {
            return reject(view, RejectReason.INVALID_MOVE, "cannot move note " + moved.getNoteId()
                    + " under " + parentId + ", which is the note itself or one of its descendants");
        }
        if (!tree.canHoldChildren(parentId)) {
            return unknownNote(view, parentId, "move note " + moved.getNoteId() + " under");
        }
        tree.move(moved.getNoteId(), parentId, moved.getPosition());
        return null;
    }

    private static TalkView create(NoteEvent event, TalkCreated created) {
        List<Contributor> contributors = new ArrayList<>();
        contributors.add(new Contributor(event.getAuthor(), 1L));
        return TalkView.newBuilder()
                .setTalkId(event.getTalkId())
                .setTitle(created.getTitle())
                .setConference(created.getConference())
                .setSpeakers(new ArrayList<>(created.getSpeakers()))
                .setLinks(new ArrayList<>(created.getLinks()))
                .setTags(new ArrayList<>(created.getTags()))
                .setNotes(new ArrayList<>())
                .setRevision(1L)
                .setCreatedAt(event.getOccurredAt())
                .setUpdatedAt(event.getOccurredAt())
                .setContributors(contributors)
                .setLastEventId(event.getEventId())
                .setDeleted(false)
                .build();
    }

    /** @return the contributors of {@code view} with one more edit for the event's author */
    private static List<Contributor> contributors(TalkView view, NoteEvent event) {
        List<Contributor> contributors = new ArrayList<>(view.getContributors().size() + 1);
        boolean counted = false;
        for (Contributor c : view.getContributors()) {
            if (!counted && c.getAuthor().equals(event.getAuthor())) {
                contributors.add(new Contributor(c.getAuthor(), c.getEdits() + 1));
                counted = true;
            } else {
                // a fresh copy, not the old view's object: sharing the unchanged Contributors (b9c03b2) was
                // measured slower (row 4c on one JVM, 5 rounds, old vs shared: 4.3-6.0 vs 6.8-11.7 us CPU per
                // event, G1 and Parallel GC alike): the shared objects age into the old generation, scattered,
                // and every later event of the talk walks them; fresh ones sit next to their list
                contributors.add(new Contributor(c.getAuthor(), c.getEdits()));
            }
        }
        if (!counted) {
            contributors.add(new Contributor(event.getAuthor(), 1L));
        }
        return contributors;
    }

    private static FoldResult.Rejected unknownNote(TalkView view, String noteId, String action) {
        return reject(view, RejectReason.UNKNOWN_NOTE, "cannot " + action + " note " + noteId
                + ": no such note in talk " + view.getTalkId());
    }

    private static FoldResult.Rejected reject(TalkView view, RejectReason reason, String detail) {
        return new FoldResult.Rejected(view, reason, detail);
    }
}

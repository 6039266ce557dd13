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
     * @param view  the talk's current view, or null when no event of it has been applied
     * @param event the next event of the talk, in partition order
     * @return the new view, or the reject with its reason; never null
     */
    public static FoldResult apply(TalkView view, NoteEvent event) {
        Objects.requireNonNull(event, "event");
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
        return applyPayload(view, event, payload);
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

    private static FoldResult applyPayload(TalkView view, NoteEvent event, Object payload) {
        if (payload instanceof TalkCreated) {
            return reject(view, RejectReason.TALK_EXISTS, "talk " + view.getTalkId() + " already exists");
        }
        TalkView.Builder next = shallowCopy(view);
        if (payload instanceof TalkUpdated updated) {
            update(next, updated);
        } else if (payload instanceof TalkDeleted) {
            next.setDeleted(true);
        } else {
            NoteTree tree = new NoteTree(view.getNotes());
            FoldResult.Rejected rejected = applyToNotes(view, tree, payload);
            if (rejected != null) {
                return rejected;
            }
            next.setNotes(tree.roots());
        }
        return new FoldResult.Applied(stamp(next, view, event));
    }

    private static FoldResult.Rejected applyToNotes(TalkView view, NoteTree tree, Object payload) {
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

    private static FoldResult.Rejected add(TalkView view, NoteTree tree, NoteAdded added) {
        if (tree.contains(added.getNoteId())) {
            return reject(view, RejectReason.DUPLICATE_NOTE, "note " + added.getNoteId()
                    + " already exists in talk " + view.getTalkId());
        }
        if (added.getPosition() < 0) {
            return reject(view, RejectReason.INVALID_POSITION, "position " + added.getPosition()
                    + " of note " + added.getNoteId() + " is negative");
        }
        if (tree.childrenOf(added.getParentId()) == null) {
            return unknownNote(view, added.getParentId(), "add note " + added.getNoteId() + " under");
        }
        tree.add(added.getNoteId(), added.getText(), added.getParentId(), added.getPosition());
        return null;
    }

    private static FoldResult.Rejected move(TalkView view, NoteTree tree, NoteMoved moved) {
        NoteNode from = tree.node(moved.getNoteId());
        if (from == null) {
            return unknownNote(view, moved.getNoteId(), "move");
        }
        if (moved.getPosition() < 0) {
            return reject(view, RejectReason.INVALID_POSITION, "position " + moved.getPosition()
                    + " of note " + moved.getNoteId() + " is negative");
        }
        String parentId = moved.getParentId();
        if (parentId != null && NoteTree.inSubtree(from, parentId)) {
            return reject(view, RejectReason.INVALID_MOVE, "cannot move note " + moved.getNoteId()
                    + " under " + parentId + ", which is the note itself or one of its descendants");
        }
        if (tree.childrenOf(parentId) == null) {
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

    /**
     * A builder holding the same field values as {@code view}, without Avro's reflective deep copy
     * ({@code TalkView.newBuilder(view)} copied the whole notes tree on every event and dominated the
     * fold's profile). Safe because the fold never mutates an input: the note tree is copied by
     * {@link NoteTree} before a note event changes it, and every list a payload replaces is a new list.
     */
    private static TalkView.Builder shallowCopy(TalkView view) {
        return TalkView.newBuilder()
                .setTalkId(view.getTalkId())
                .setTitle(view.getTitle())
                .setConference(view.getConference())
                .setSpeakers(view.getSpeakers())
                .setLinks(view.getLinks())
                .setTags(view.getTags())
                .setNotes(view.getNotes())
                .setRevision(view.getRevision())
                .setCreatedAt(view.getCreatedAt())
                .setUpdatedAt(view.getUpdatedAt())
                .setContributors(view.getContributors())
                .setLastEventId(view.getLastEventId())
                .setDeleted(view.getDeleted());
    }

    private static void update(TalkView.Builder next, TalkUpdated updated) {
        if (updated.getTitle() != null) {
            next.setTitle(updated.getTitle());
        }
        if (updated.getConference() != null) {
            next.setConference(updated.getConference());
        }
        if (updated.getSpeakers() != null) {
            next.setSpeakers(new ArrayList<>(updated.getSpeakers()));
        }
        if (updated.getLinks() != null) {
            next.setLinks(new ArrayList<>(updated.getLinks()));
        }
        if (updated.getTags() != null) {
            next.setTags(new ArrayList<>(updated.getTags()));
        }
    }

    private static TalkView stamp(TalkView.Builder next, TalkView view, NoteEvent event) {
        List<Contributor> contributors = new ArrayList<>(view.getContributors().size() + 1);
        boolean counted = false;
        for (Contributor c : view.getContributors()) {
            if (!counted && c.getAuthor().equals(event.getAuthor())) {
                contributors.add(new Contributor(c.getAuthor(), c.getEdits() + 1));
                counted = true;
            } else {
                contributors.add(new Contributor(c.getAuthor(), c.getEdits()));
            }
        }
        if (!counted) {
            contributors.add(new Contributor(event.getAuthor(), 1L));
        }
        return next.setContributors(contributors)
                .setRevision(view.getRevision() + 1)
                .setUpdatedAt(event.getOccurredAt())
                .setLastEventId(event.getEventId())
                .build();
    }

    private static FoldResult.Rejected unknownNote(TalkView view, String noteId, String action) {
        return reject(view, RejectReason.UNKNOWN_NOTE, "cannot " + action + " note " + noteId
                + ": no such note in talk " + view.getTalkId());
    }

    private static FoldResult.Rejected reject(TalkView view, RejectReason reason, String detail) {
        return new FoldResult.Rejected(view, reason, detail);
    }
}

package io.notespipeline.streams.internal;

import java.util.ArrayList;
import java.util.List;

import io.notespipeline.schemas.avro.NoteNode;

/** A mutable working copy of a talk's note tree, used by the fold; the input tree is never changed. */
public final class NoteTree {

    /** Where a note sits: the list of its siblings and its index there. */
    public record Location(List<NoteNode> siblings, int index) {
        public NoteNode node() {
            return siblings.get(index);
        }
    }

    private final List<NoteNode> roots;

    public NoteTree(List<NoteNode> notes) {
        this.roots = copy(notes);
    }

    /** @return the (mutable, copied) top-level notes. */
    public List<NoteNode> roots() {
        return roots;
    }

    /** @return where {@code noteId} is, or null when no note has that id. */
    public Location find(String noteId) {
        return find(roots, noteId);
    }

    /** @return the children list of {@code parentId}, the roots when it is null, or null when the parent does not exist. */
    public List<NoteNode> childrenOf(String parentId) {
        if (parentId == null) {
            return roots;
        }
        Location parent = find(parentId);
        return parent == null ? null : parent.node().getChildren();
    }

    /** Inserts {@code node} at {@code position} of {@code siblings}; a position past the end appends. */
    public static void insert(List<NoteNode> siblings, int position, NoteNode node) {
        siblings.add(Math.min(position, siblings.size()), node);
    }

    /** @return true when {@code noteId} is {@code node} or one of its descendants. */
    public static boolean inSubtree(NoteNode node, String noteId) {
        if (node.getNoteId().equals(noteId)) {
            return true;
        }
        for (NoteNode child : node.getChildren()) {
            if (inSubtree(child, noteId)) {
                return true;
            }
        }
        return false;
    }

    /** @return a new leaf note. */
    public static NoteNode leaf(String noteId, String text) {
        return new NoteNode(noteId, text, new ArrayList<>());
    }

    private static Location find(List<NoteNode> siblings, String noteId) {
        for (int i = 0; i < siblings.size(); i++) {
            NoteNode node = siblings.get(i);
            if (node.getNoteId().equals(noteId)) {
                return new Location(siblings, i);
            }
            Location below = find(node.getChildren(), noteId);
            if (below != null) {
                return below;
            }
        }
        return null;
    }

    private static List<NoteNode> copy(List<NoteNode> notes) {
        List<NoteNode> out = new ArrayList<>(notes.size());
        for (NoteNode node : notes) {
            out.add(new NoteNode(node.getNoteId(), node.getText(), copy(node.getChildren())));
        }
        return out;
    }
}

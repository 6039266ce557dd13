package io.notespipeline.schemas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.avro.NoteNode;

/**
 * A mutable working copy of a talk's note tree with the rules of the view fold: a note is added or
 * moved to a position among its new siblings, a position past the end appends, and deleting a note
 * deletes its subtree. The input tree is copied and never changed. The view fold applies events
 * with it, and the importer's diff simulates its commands with it, so both place notes alike.
 *
 * <p>Operations take a parent id of {@code null} for the top level. They expect valid input (the
 * fold checks ids, positions and cycles first, with {@link #contains} and {@link #inSubtree}) and
 * throw {@link IllegalArgumentException} on an unknown note. An index from id to node keeps lookups
 * independent of the tree's size; a position lookup costs the number of siblings.
 */
public final class NoteTree {

    private final List<NoteNode> roots;
    private final Map<String, NoteNode> nodes = new HashMap<>();
    private final Map<String, String> parents = new HashMap<>();

    /** @param notes the top-level notes, copied with all their descendants */
    public NoteTree(List<NoteNode> notes) {
        this.roots = copy(notes, null);
    }

    /** @return the (mutable, copied) top-level notes, as the tree now stands */
    public List<NoteNode> roots() {
        return roots;
    }

    /** @return how many notes the tree holds, at every depth */
    public int size() {
        return nodes.size();
    }

    /** @return whether a note with {@code noteId} is in the tree */
    public boolean contains(String noteId) {
        return nodes.containsKey(noteId);
    }

    /** @return the note {@code noteId}, or null */
    public NoteNode node(String noteId) {
        return nodes.get(noteId);
    }

    /** @return the parent id of {@code noteId}, null for a top-level note */
    public String parentOf(String noteId) {
        require(noteId);
        return parents.get(noteId);
    }

    /** @return the index of {@code noteId} among its siblings */
    public int indexOf(String noteId) {
        return childrenOf(parentOf(noteId)).indexOf(nodes.get(noteId));
    }

    /** @return the children of {@code parentId}, the roots when it is null, or null when there is no such note */
    public List<NoteNode> childrenOf(String parentId) {
        if (parentId == null) {
            return roots;
        }
        NoteNode parent = nodes.get(parentId);
        return parent == null ? null : parent.getChildren();
    }

    /** Adds a leaf {@code noteId} under {@code parentId} at {@code position} (past the end appends). */
    public void add(String noteId, String text, String parentId, int position) {
        if (contains(noteId)) {
            throw new IllegalArgumentException("note " + noteId + " already exists");
        }
        NoteNode node = new NoteNode(noteId, text, new ArrayList<>());
        insert(siblingsFor(parentId), position, node);
        nodes.put(noteId, node);
        parents.put(noteId, parentId);
    }

    /** Sets the text of {@code noteId}. */
    public void edit(String noteId, String text) {
        require(noteId);
        nodes.get(noteId).setText(text);
    }

    /** Moves {@code noteId} with its subtree under {@code parentId} at {@code position} of the siblings left after it is taken out. */
    public void move(String noteId, String parentId, int position) {
        if (parentId != null && inSubtree(require(noteId), parentId)) {
            throw new IllegalArgumentException("cannot move note " + noteId + " under its own subtree " + parentId);
        }
        List<NoteNode> target = siblingsFor(parentId);
        NoteNode node = require(noteId);
        childrenOf(parents.get(noteId)).remove(node);
        insert(target, position, node);
        parents.put(noteId, parentId);
    }

    /** Deletes {@code noteId} and its subtree. */
    public void delete(String noteId) {
        NoteNode node = require(noteId);
        childrenOf(parents.get(noteId)).remove(node);
        forget(node);
    }

    /** @return true when {@code noteId} is {@code node} or one of its descendants */
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

    private static void insert(List<NoteNode> siblings, int position, NoteNode node) {
        if (position < 0) {
            throw new IllegalArgumentException("position " + position + " of note " + node.getNoteId() + " is negative");
        }
        siblings.add(Math.min(position, siblings.size()), node);
    }

    private List<NoteNode> siblingsFor(String parentId) {
        List<NoteNode> siblings = childrenOf(parentId);
        if (siblings == null) {
            throw new IllegalArgumentException("no parent note " + parentId);
        }
        return siblings;
    }

    private NoteNode require(String noteId) {
        NoteNode node = nodes.get(noteId);
        if (node == null) {
            throw new IllegalArgumentException("no note " + noteId);
        }
        return node;
    }

    private void forget(NoteNode node) {
        nodes.remove(node.getNoteId());
        parents.remove(node.getNoteId());
        node.getChildren().forEach(this::forget);
    }

    private List<NoteNode> copy(List<NoteNode> notes, String parentId) {
        List<NoteNode> out = new ArrayList<>(notes.size());
        for (NoteNode node : notes) {
            NoteNode copied = new NoteNode(node.getNoteId(), node.getText(), copy(node.getChildren(), node.getNoteId()));
            nodes.put(node.getNoteId(), copied);
            parents.put(node.getNoteId(), parentId);
            out.add(copied);
        }
        return out;
    }
}

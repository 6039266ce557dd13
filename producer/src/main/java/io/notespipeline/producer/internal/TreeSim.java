package io.notespipeline.producer.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.notespipeline.producer.NoteState;

/** A mutable copy of a talk's note tree that applies add/move/delete the way the view fold does. */
final class TreeSim {

    static final String ROOT = "";

    private final Map<String, String> parents = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();

    TreeSim(List<NoteState> notes) {
        children.put(ROOT, new ArrayList<>());
        load(ROOT, notes);
    }

    private void load(String parent, List<NoteState> notes) {
        for (NoteState note : notes) {
            add(note.noteId(), parent, Integer.MAX_VALUE);
            load(note.noteId(), note.children());
        }
    }

    boolean contains(String id) {
        return parents.containsKey(id);
    }

    String parentOf(String id) {
        return parents.get(id);
    }

    int indexOf(String id) {
        return children.get(parents.get(id)).indexOf(id);
    }

    void add(String id, String parent, int position) {
        List<String> siblings = children.get(parent);
        siblings.add(Math.min(position, siblings.size()), id);
        parents.put(id, parent);
        children.put(id, new ArrayList<>());
    }

    void move(String id, String parent, int position) {
        children.get(parents.get(id)).remove(id);
        List<String> siblings = children.get(parent);
        siblings.add(Math.min(position, siblings.size()), id);
        parents.put(id, parent);
    }

    void delete(String id) {
        children.get(parents.get(id)).remove(id);
        drop(id);
    }

    private void drop(String id) {
        for (String child : children.remove(id)) {
            drop(child);
        }
        parents.remove(id);
    }
}

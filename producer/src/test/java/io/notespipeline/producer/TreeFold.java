package io.notespipeline.producer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;

/** Test fixture: applies commands to talks the way the view fold does, to check import plans end to end. */
final class TreeFold {

    static final class Node {
        final String id;
        String text;
        final List<Node> children = new ArrayList<>();

        Node(String id, String text) {
            this.id = id;
            this.text = text;
        }
    }

    static final class Talk {
        String title;
        final List<Node> notes = new ArrayList<>();
    }

    final Map<String, Talk> talks = new LinkedHashMap<>();

    TreeFold apply(List<NoteCommand> commands) {
        commands.forEach(this::apply);
        return this;
    }

    private void apply(NoteCommand c) {
        Object p = c.payload();
        if (p instanceof TalkCreated created) {
            Talk talk = new Talk();
            talk.title = created.getTitle();
            talks.put(c.talkId(), talk);
            return;
        }
        Talk talk = talks.get(c.talkId());
        if (talk == null) {
            throw new AssertionError("event on unknown talk " + c.talkId());
        }
        if (p instanceof TalkUpdated updated && updated.getTitle() != null) {
            talk.title = updated.getTitle();
        } else if (p instanceof TalkDeleted) {
            talks.remove(c.talkId());
        } else if (p instanceof NoteAdded added) {
            insert(siblings(talk, added.getParentId()), added.getPosition(),
                    new Node(added.getNoteId(), added.getText()));
        } else if (p instanceof NoteEdited edited) {
            find(talk.notes, edited.getNoteId()).text = edited.getText();
        } else if (p instanceof NoteMoved moved) {
            Node node = find(talk.notes, moved.getNoteId());
            remove(talk.notes, node);
            insert(siblings(talk, moved.getParentId()), moved.getPosition(), node);
        } else if (p instanceof NoteDeleted deleted) {
            remove(talk.notes, find(talk.notes, deleted.getNoteId()));
        }
    }

    private static void insert(List<Node> siblings, int position, Node node) {
        siblings.add(Math.min(position, siblings.size()), node);
    }

    private static List<Node> siblings(Talk talk, String parentId) {
        return parentId == null ? talk.notes : find(talk.notes, parentId).children;
    }

    private static Node find(List<Node> nodes, String id) {
        Node node = findOrNull(nodes, id);
        if (node == null) {
            throw new AssertionError("unknown note " + id);
        }
        return node;
    }

    private static Node findOrNull(List<Node> nodes, String id) {
        for (Node node : nodes) {
            if (node.id.equals(id)) {
                return node;
            }
            Node inner = findOrNull(node.children, id);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    private static boolean remove(List<Node> nodes, Node target) {
        if (nodes.remove(target)) {
            return true;
        }
        for (Node node : nodes) {
            if (remove(node.children, target)) {
                return true;
            }
        }
        return false;
    }

    /** @return each talk as an indented outline of whitespace-normalised texts (ids left out). */
    Map<String, String> outlines() {
        Map<String, String> out = new LinkedHashMap<>();
        talks.forEach((id, talk) -> {
            StringBuilder sb = new StringBuilder(talk.title).append('\n');
            outline(talk.notes, 1, sb);
            out.put(id, sb.toString());
        });
        return out;
    }

    private static void outline(List<Node> nodes, int depth, StringBuilder sb) {
        for (Node node : nodes) {
            sb.append("  ".repeat(depth)).append(node.text.strip().replaceAll("\\s+", " ")).append('\n');
            outline(node.children, depth + 1, sb);
        }
    }
}

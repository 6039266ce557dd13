package io.notespipeline.producer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.NoteTree;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;

/** Test fixture: applies commands to talks with the fold's {@link NoteTree}, to check import plans end to end. */
final class TreeFold {

    static final class Talk {
        String title;
        final NoteTree notes = new NoteTree(List.of());
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
            talk.notes.add(added.getNoteId(), added.getText(), added.getParentId(), added.getPosition());
        } else if (p instanceof NoteEdited edited) {
            talk.notes.edit(edited.getNoteId(), edited.getText());
        } else if (p instanceof NoteMoved moved) {
            talk.notes.move(moved.getNoteId(), moved.getParentId(), moved.getPosition());
        } else if (p instanceof NoteDeleted deleted) {
            talk.notes.delete(deleted.getNoteId());
        }
    }

    /** @return each talk as an indented outline of whitespace-normalised texts (ids left out). */
    Map<String, String> outlines() {
        Map<String, String> out = new LinkedHashMap<>();
        talks.forEach((id, talk) -> {
            StringBuilder sb = new StringBuilder(talk.title).append('\n');
            outline(talk.notes.roots(), 1, sb);
            out.put(id, sb.toString());
        });
        return out;
    }

    private static void outline(List<NoteNode> nodes, int depth, StringBuilder sb) {
        for (NoteNode node : nodes) {
            sb.append("  ".repeat(depth)).append(node.getText().strip().replaceAll("\\s+", " ")).append('\n');
            outline(node.getChildren(), depth + 1, sb);
        }
    }
}

package io.notespipeline.producer.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;

import io.notespipeline.producer.NoteCommand;
import io.notespipeline.producer.NoteState;
import io.notespipeline.producer.TalkState;
import io.notespipeline.schemas.NoteTree;
import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.TalkCreated;

/**
 * Computes the commands that turn one talk's old state into the parsed new one. Notes are compared in
 * document order by their whitespace-normalised text with a sequence diff; changed runs are paired by
 * similarity (a pair is an edit, keeping the note id), unpaired old notes are deleted, unpaired new ones
 * added, and a note whose place in the tree changed is moved.
 */
final class TalkDiffer {

    /** Changed notes at least this similar are one edit rather than a delete plus an add. */
    static final double EDIT_SIMILARITY = 0.5;

    private record OldItem(String id, String text, String norm, List<OldItem> children) {
    }

    private record NewItem(ParsedNote note, String norm, NewItem parent, int index) {
    }

    private final String talkId;
    private final List<NoteCommand> commands = new ArrayList<>();
    private final Map<NewItem, OldItem> matches = new HashMap<>();
    private final Map<NewItem, String> ids = new HashMap<>();

    private TalkDiffer(String talkId) {
        this.talkId = talkId;
    }

    /** The outcome for one talk: its commands and its state once they are applied. */
    record Result(List<NoteCommand> commands, TalkState state) {
    }

    /**
     * @param old     the talk as it stands, or null for a new talk
     * @param created the metadata of a new talk (used when {@code old} is null)
     */
    static Result diff(String talkId, TalkState old, ParsedTalk parsed, TalkState created) {
        TalkDiffer differ = new TalkDiffer(talkId);
        TalkState base = old != null ? old : created;
        if (old == null) {
            differ.commands.add(NoteCommand.of(talkId, new TalkCreated(created.title(), created.conference(),
                    created.speakers(), created.links(), created.tags()), NoteCommand.DEFAULT_AUTHOR));
        } else {
            differ.metadata(old, parsed, tags(old, created));
        }
        List<NoteState> notes = differ.notes(base.notes(), parsed.notes);
        String title = old != null && Similarity.normalize(old.title()).equals(Similarity.normalize(parsed.title))
                ? old.title() : parsed.title;
        TalkState state = new TalkState(talkId, title, base.conference(), List.copyOf(parsed.speakers),
                List.copyOf(parsed.links), old != null ? tags(old, created) : created.tags(), notes);
        return new Result(List.copyOf(differ.commands), state);
    }

    /** @return the old talk's tags with its group tags replaced by the parsed ones (other tags are kept). */
    private static List<String> tags(TalkState old, TalkState created) {
        List<String> tags = new ArrayList<>();
        old.tags().stream().filter(t -> !t.startsWith(TalkState.GROUP_TAG_PREFIX)).forEach(tags::add);
        created.tags().stream().filter(t -> t.startsWith(TalkState.GROUP_TAG_PREFIX)).forEach(tags::add);
        return tags;
    }

    private void metadata(TalkState old, ParsedTalk parsed, List<String> tags) {
        String title = Similarity.normalize(old.title()).equals(Similarity.normalize(parsed.title)) ? null
                : parsed.title;
        List<String> speakers = normalized(old.speakers()).equals(normalized(parsed.speakers)) ? null
                : List.copyOf(parsed.speakers);
        List<Link> links = sameLinks(old.links(), parsed.links) ? null : List.copyOf(parsed.links);
        List<String> newTags = tags.equals(old.tags()) ? null : tags;
        if (title != null || speakers != null || links != null || newTags != null) {
            commands.add(NoteCommand.updateTalk(talkId, title, speakers, links, newTags));
        }
    }

    private static List<String> normalized(List<String> texts) {
        return texts.stream().map(Similarity::normalize).toList();
    }

    private static boolean sameLinks(List<Link> a, List<Link> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Similarity.normalize(a.get(i).getLabel()).equals(Similarity.normalize(b.get(i).getLabel()))
                    || !a.get(i).getUrl().strip().equals(b.get(i).getUrl().strip())) {
                return false;
            }
        }
        return true;
    }

    private List<NoteState> notes(List<NoteState> oldNotes, List<ParsedNote> newNotes) {
        List<OldItem> oldRoots = new ArrayList<>();
        List<OldItem> oldFlat = new ArrayList<>();
        for (NoteState n : oldNotes) {
            oldRoots.add(flattenOld(n, oldFlat));
        }
        List<NewItem> newFlat = new ArrayList<>();
        flattenNew(newNotes, null, newFlat);
        match(oldFlat, newFlat);
        assignIds(oldFlat, newFlat);
        for (NewItem item : newFlat) {
            OldItem old = matches.get(item);
            if (old != null && !old.norm().equals(item.norm())) {
                commands.add(NoteCommand.editNote(talkId, old.id(), item.note().text()));
            }
        }
        NoteTree sim = new NoteTree(nodes(oldNotes));
        Set<String> kept = new HashSet<>();
        matches.values().forEach(o -> kept.add(o.id()));
        List<String> deferred = new ArrayList<>();
        deleteUnmatched(oldRoots, kept, sim, deferred);
        for (NewItem item : newFlat) {
            place(item, sim);
        }
        for (String id : deferred) {
            if (sim.contains(id)) {
                sim.delete(id);
                commands.add(NoteCommand.deleteNote(talkId, id));
            }
        }
        return states(newNotes, newFlat);
    }

    private static List<NoteNode> nodes(List<NoteState> notes) {
        List<NoteNode> out = new ArrayList<>(notes.size());
        notes.forEach(n -> out.add(new NoteNode(n.noteId(), n.text(), nodes(n.children()))));
        return out;
    }

    private static OldItem flattenOld(NoteState note, List<OldItem> flat) {
        List<OldItem> children = new ArrayList<>();
        OldItem item = new OldItem(note.noteId(), note.text(), Similarity.normalize(note.text()), children);
        flat.add(item);
        for (NoteState child : note.children()) {
            children.add(flattenOld(child, flat));
        }
        return item;
    }

    private static void flattenNew(List<ParsedNote> notes, NewItem parent, List<NewItem> flat) {
        for (int i = 0; i < notes.size(); i++) {
            NewItem item = new NewItem(notes.get(i), Similarity.normalize(notes.get(i).text()), parent, i);
            flat.add(item);
            flattenNew(notes.get(i).children(), item, flat);
        }
    }

    private void match(List<OldItem> oldFlat, List<NewItem> newFlat) {
        List<String> oldNorms = oldFlat.stream().map(OldItem::norm).toList();
        List<String> newNorms = newFlat.stream().map(NewItem::norm).toList();
        for (AbstractDelta<String> delta : DiffUtils.diff(oldNorms, newNorms, true).getDeltas()) {
            int s = delta.getSource().getPosition();
            int t = delta.getTarget().getPosition();
            if (delta.getType() == DeltaType.EQUAL) {
                for (int k = 0; k < delta.getSource().size(); k++) {
                    matches.put(newFlat.get(t + k), oldFlat.get(s + k));
                }
            } else if (delta.getType() == DeltaType.CHANGE) {
                int[] pairs = Similarity.align(delta.getSource().getLines(), delta.getTarget().getLines(),
                        EDIT_SIMILARITY);
                for (int k = 0; k < pairs.length; k++) {
                    if (pairs[k] >= 0) {
                        matches.put(newFlat.get(t + k), oldFlat.get(s + pairs[k]));
                    }
                }
            }
        }
        matchMoved(oldFlat, newFlat);
    }

    /** An unmatched new note with the same text as an unmatched old one is that note, moved. */
    private void matchMoved(List<OldItem> oldFlat, List<NewItem> newFlat) {
        Set<OldItem> used = new HashSet<>(matches.values());
        for (NewItem item : newFlat) {
            if (matches.containsKey(item)) {
                continue;
            }
            for (OldItem old : oldFlat) {
                if (!used.contains(old) && old.norm().equals(item.norm())) {
                    matches.put(item, old);
                    used.add(old);
                    break;
                }
            }
        }
    }

    private void assignIds(List<OldItem> oldFlat, List<NewItem> newFlat) {
        Set<String> taken = new HashSet<>();
        oldFlat.forEach(o -> taken.add(o.id()));
        for (NewItem item : newFlat) {
            OldItem old = matches.get(item);
            ids.put(item, old != null ? old.id() : Ids.noteId(talkId, item.norm(), taken));
        }
    }

    private void deleteUnmatched(List<OldItem> items, Set<String> kept, NoteTree sim, List<String> deferred) {
        for (OldItem item : items) {
            if (kept.contains(item.id())) {
                deleteUnmatched(item.children(), kept, sim, deferred);
            } else if (!keepsDescendant(item, kept)) {
                sim.delete(item.id());
                commands.add(NoteCommand.deleteNote(talkId, item.id()));
            } else {
                deferred.add(item.id());
                deleteUnmatched(item.children(), kept, sim, deferred);
            }
        }
    }

    private static boolean keepsDescendant(OldItem item, Set<String> kept) {
        for (OldItem child : item.children()) {
            if (kept.contains(child.id()) || keepsDescendant(child, kept)) {
                return true;
            }
        }
        return false;
    }

    private void place(NewItem item, NoteTree sim) {
        String id = ids.get(item);
        String parentId = item.parent() == null ? null : ids.get(item.parent());
        if (!matches.containsKey(item)) {
            sim.add(id, item.note().text(), parentId, item.index());
            commands.add(NoteCommand.addNote(talkId, id, parentId, item.index(), item.note().text()));
        } else if (!Objects.equals(sim.parentOf(id), parentId) || sim.indexOf(id) != item.index()) {
            sim.move(id, parentId, item.index());
            commands.add(NoteCommand.moveNote(talkId, id, parentId, item.index()));
        }
    }

    private List<NoteState> states(List<ParsedNote> notes, List<NewItem> flat) {
        Map<ParsedNote, NewItem> byNote = new HashMap<>();
        flat.forEach(i -> byNote.put(i.note(), i));
        return build(notes, byNote);
    }

    private List<NoteState> build(List<ParsedNote> notes, Map<ParsedNote, NewItem> byNote) {
        List<NoteState> out = new ArrayList<>(notes.size());
        for (ParsedNote note : notes) {
            NewItem item = byNote.get(note);
            OldItem old = matches.get(item);
            String text = old != null && old.norm().equals(item.norm()) ? old.text() : note.text();
            out.add(new NoteState(ids.get(item), text, build(note.children(), byNote)));
        }
        return out;
    }
}

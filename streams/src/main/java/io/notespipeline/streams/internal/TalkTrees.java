package io.notespipeline.streams.internal;

import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.NoteTree;
import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.TalkViewFolder;

/**
 * The note trees of the talks a task folds most, kept decoded in memory next to the notes store (a bounded LRU of
 * the fold, the store's only writer). A talk's tree is made from the store once, when the fold first puts its whole
 * view together (its first snapshot); from then on the fold answers the checks of an event from the tree and
 * applies each change to both the store and the tree ({@link #tee}), so a snapshot or an emit of the talk copies
 * the tree instead of scanning the store. The store stays the state (queries, restores and rebuilds read it); the
 * trees are only a cache, emptied with the processor.
 */
final class TalkTrees {

    private final Map<String, NoteTree> trees;
    private final int maxNotes;

    /**
     * @param maxTalks talks kept; beyond this the least recently folded one is dropped
     * @param maxNotes notes kept in all (counted as the trees stand when one is kept; the heap is bounded, a talk
     *                 may have tens of thousands of notes): the least recently folded trees are dropped until the
     *                 rest fit, and a talk larger than this is never kept
     */
    TalkTrees(int maxTalks, int maxNotes) {
        this.maxNotes = maxNotes;
        this.trees = Lru.of(64, maxTalks);
    }

    /** @return the tree of {@code talkId}, or null when it is not kept */
    NoteTree get(String talkId) {
        return trees.get(talkId);
    }

    /** Keeps a tree of {@code notes} (copied) as {@code talkId}'s. */
    void keep(String talkId, List<NoteNode> notes) {
        NoteTree tree = new NoteTree(notes);
        if (tree.size() > maxNotes) {
            return;
        }
        trees.put(talkId, tree);
        long total = 0;
        for (NoteTree t : trees.values()) {
            total += t.size();
        }
        var eldest = trees.entrySet().iterator(); // least recently used first; the new tree is last
        while (total > maxNotes && eldest.hasNext()) {
            NoteTree t = eldest.next().getValue();
            if (t == tree) {
                break;
            }
            total -= t.size();
            eldest.remove();
        }
    }

    /** @return {@code header} with a copy of {@code tree}'s notes (later changes of the tree do not reach it) */
    static TalkView view(TalkView header, NoteTree tree) {
        return TalkNotes.withNotes(header, new NoteTree(tree.roots()).roots());
    }

    /**
     * @return notes whose checks read {@code tree} and whose changes go to {@code stored} then to {@code tree}; the
     *         answers are those of {@code stored} while the two hold the same notes
     */
    static TalkViewFolder.Notes tee(NoteTree tree, TalkNotes.Stored stored) {
        return new TalkViewFolder.Notes() {
            @Override
            public boolean contains(String noteId) {
                return tree.contains(noteId);
            }

            @Override
            public boolean canHoldChildren(String parentId) {
                return parentId == null || tree.contains(parentId);
            }

            @Override
            public boolean inSubtree(String noteId, String candidate) {
                for (String at = candidate; at != null; at = tree.contains(at) ? tree.parentOf(at) : null) {
                    if (at.equals(noteId)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public void add(String noteId, String text, String parentId, int position) {
                stored.add(noteId, text, parentId, position);
                tree.add(noteId, text, parentId, position);
            }

            @Override
            public void edit(String noteId, String text) {
                stored.edit(noteId, text);
                tree.edit(noteId, text);
            }

            @Override
            public void move(String noteId, String parentId, int position) {
                stored.move(noteId, parentId, position);
                tree.move(noteId, parentId, position);
            }

            @Override
            public void delete(String noteId) {
                stored.delete(noteId);
                tree.delete(noteId);
            }
        };
    }
}

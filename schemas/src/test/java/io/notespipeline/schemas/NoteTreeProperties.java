package io.notespipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.avro.NoteNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class NoteTreeProperties {

    /** One step, its numbers read against the tree as it stands (which note, which parent, where). */
    record Op(int kind, int note, int parent, int position) {
    }

    @Property(tries = 500)
    void theIndexAlwaysAgreesWithTheTreeAndTheInputIsNeverChanged(@ForAll("ops") List<Op> ops) {
        List<NoteNode> input = build(new NoteTree(List.of()), ops.subList(0, ops.size() / 2)).roots();
        List<NoteNode> before = deepCopy(input);
        NoteTree tree = build(new NoteTree(input), ops.subList(ops.size() / 2, ops.size()));
        assertThat(input).as("the input tree is copied, never changed").isEqualTo(before);
        Map<String, String> parents = new HashMap<>();
        Map<String, Integer> indexes = new HashMap<>();
        walk(tree.roots(), null, parents, indexes);
        List<String> ids = new ArrayList<>(parents.keySet());
        for (String id : ids) {
            assertThat(tree.contains(id)).isTrue();
            assertThat(tree.parentOf(id)).as("parent of %s", id).isEqualTo(parents.get(id));
            assertThat(tree.indexOf(id)).as("index of %s", id).isEqualTo(indexes.get(id));
        }
        for (int i = 0; i < 40; i++) {
            assertThat(tree.contains("n" + i)).as("n%d is in the index iff in the tree", i)
                    .isEqualTo(parents.containsKey("n" + i));
        }
    }

    @Property(tries = 500)
    void movingANoteAndMovingItBackRestoresTheTree(@ForAll("ops") List<Op> ops, @ForAll int pick, @ForAll int where) {
        NoteTree tree = build(new NoteTree(List.of()), ops);
        List<String> ids = ids(tree.roots());
        if (ids.isEmpty()) {
            return;
        }
        String id = ids.get(Math.floorMod(pick, ids.size()));
        List<NoteNode> before = deepCopy(tree.roots());
        String parent = tree.parentOf(id);
        int index = tree.indexOf(id);
        List<String> targets = new ArrayList<>(ids);
        targets.removeIf(t -> NoteTree.inSubtree(tree.node(id), t));
        targets.add(null);
        tree.move(id, targets.get(Math.floorMod(where, targets.size())), Math.floorMod(where, 5));
        tree.move(id, parent, index);
        assertThat(tree.roots()).isEqualTo(before);
    }

    @Property(tries = 500)
    void deletingANoteRemovesExactlyItsSubtreeAndAddingPlacesAtTheClampedPosition(
            @ForAll("ops") List<Op> ops, @ForAll int pick, @ForAll int position) {
        NoteTree tree = build(new NoteTree(List.of()), ops);
        List<String> ids = ids(tree.roots());
        if (!ids.isEmpty()) {
            String id = ids.get(Math.floorMod(pick, ids.size()));
            List<String> subtree = ids(List.of(tree.node(id)));
            tree.delete(id);
            List<String> left = ids(tree.roots());
            assertThat(left).hasSize(ids.size() - subtree.size()).doesNotContainAnyElementsOf(subtree);
            subtree.forEach(s -> assertThat(tree.contains(s)).isFalse());
        }
        int at = Math.floorMod(position, 10);
        int size = tree.roots().size();
        tree.add("fresh", "text", null, at);
        assertThat(tree.indexOf("fresh")).as("a position past the end appends").isEqualTo(Math.min(at, size));
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Arbitraries.integers().between(0, 3).flatMap(kind -> Arbitraries.integers().between(0, 1000)
                .list().ofSize(3).map(n -> new Op(kind, n.get(0), n.get(1), n.get(2) % 6))).list().ofMaxSize(40);
    }

    /** Applies each op that is valid on the tree as it stands; the rest are read as adds. */
    private static NoteTree build(NoteTree tree, List<Op> ops) {
        int next = ids(tree.roots()).size();
        for (Op op : ops) {
            List<String> ids = ids(tree.roots());
            if (op.kind() == 0 || ids.isEmpty()) {
                List<String> parents = new ArrayList<>(ids);
                parents.add(null);
                String id = "n" + next++;
                while (tree.contains(id)) {
                    id = "n" + next++;
                }
                tree.add(id, "text of " + id, parents.get(op.parent() % parents.size()), op.position());
                continue;
            }
            String id = ids.get(op.note() % ids.size());
            if (op.kind() == 1) {
                tree.edit(id, "edited " + op.position());
            } else if (op.kind() == 2) {
                tree.delete(id);
            } else {
                List<String> targets = new ArrayList<>(ids);
                targets.removeIf(t -> NoteTree.inSubtree(tree.node(id), t));
                targets.add(null);
                tree.move(id, targets.get(op.parent() % targets.size()), op.position());
            }
        }
        return tree;
    }

    private static void walk(List<NoteNode> nodes, String parent, Map<String, String> parents, Map<String, Integer> indexes) {
        for (int i = 0; i < nodes.size(); i++) {
            NoteNode node = nodes.get(i);
            assertThat(parents).as("ids are unique").doesNotContainKey(node.getNoteId());
            parents.put(node.getNoteId(), parent);
            indexes.put(node.getNoteId(), i);
            walk(node.getChildren(), node.getNoteId(), parents, indexes);
        }
    }

    private static List<String> ids(List<NoteNode> nodes) {
        List<String> out = new ArrayList<>();
        for (NoteNode node : nodes) {
            out.add(node.getNoteId());
            out.addAll(ids(node.getChildren()));
        }
        return out;
    }

    private static List<NoteNode> deepCopy(List<NoteNode> nodes) {
        List<NoteNode> out = new ArrayList<>();
        nodes.forEach(n -> out.add(new NoteNode(n.getNoteId(), n.getText(), deepCopy(n.getChildren()))));
        return out;
    }
}

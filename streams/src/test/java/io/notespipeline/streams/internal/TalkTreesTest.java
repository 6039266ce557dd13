package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.notespipeline.schemas.avro.NoteNode;
import org.junit.jupiter.api.Test;

/** The decoded trees the fold keeps stay within their budget of notes, whatever the size of the talks. */
class TalkTreesTest {

    private static List<NoteNode> notes(int n) {
        List<NoteNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new NoteNode("n" + i, "text " + i, new ArrayList<>()));
        }
        return out;
    }

    @Test
    void shouldDropTheLeastRecentlyUsedTreesUntilTheNotesFitTheBudget() {
        TalkTrees trees = new TalkTrees(10, 100);
        trees.keep("a", notes(40));
        trees.keep("b", notes(40));
        assertThat(trees.get("a")).isNotNull(); // a is now the most recently used
        trees.keep("c", notes(40));
        assertThat(trees.get("b")).as("least recently used, dropped to fit 100 notes").isNull();
        assertThat(trees.get("a")).isNotNull();
        assertThat(trees.get("c").size()).isEqualTo(40);
    }

    @Test
    void shouldNeverKeepATalkLargerThanTheBudgetNorDropOthersForIt() {
        TalkTrees trees = new TalkTrees(10, 100);
        trees.keep("small", notes(10));
        trees.keep("huge", notes(101));
        assertThat(trees.get("huge")).isNull();
        assertThat(trees.get("small")).isNotNull();
    }

    @Test
    void shouldKeepAtMostMaxTalks() {
        TalkTrees trees = new TalkTrees(2, 1000);
        trees.keep("a", notes(1));
        trees.keep("b", notes(1));
        trees.keep("c", notes(1));
        assertThat(trees.get("a")).isNull();
        assertThat(trees.get("b")).isNotNull();
        assertThat(trees.get("c")).isNotNull();
    }
}

package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.notespipeline.schemas.TopicCatalog;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Re-importing an edited document, whatever the edits (lines deleted, added, rewritten, re-indented,
 * swapped), gives commands that turn the old talks into exactly the talks a first import of the edited
 * document gives; importing it once more changes nothing; and every command passes the publisher's rules.
 */
class ImportDiffProperties {

    private static final String V1 = MarkdownImporterTest.doc("v1");
    private static final MarkdownImporter IMPORTER = new MarkdownImporter(ImportOptions.defaults()
            .withDeleteMissing(true));
    private static final ImportPlan FIRST = IMPORTER.plan(V1);
    private static final NotePublisher RULES = new NotePublisher(PublisherConfig.defaults(), "unused:9092",
            TopicCatalog.withDefaults());

    record Edit(int kind, int line, String text) {
    }

    @Property(tries = 50)
    void shouldReachTheEditedDocumentsTreesByTheDiffAlone(@ForAll("edits") List<Edit> edits) {
        String edited = apply(V1, edits);
        ImportPlan diff = IMPORTER.plan(FIRST.state(), edited);

        TreeFold incremental = new TreeFold().apply(FIRST.commands()).apply(diff.commands());
        TreeFold direct = new TreeFold().apply(IMPORTER.plan(edited).commands());
        assertThat(sorted(incremental)).isEqualTo(sorted(direct));
        assertThat(IMPORTER.plan(diff.state(), edited).isEmpty()).as("importing it again changes nothing").isTrue();
        RULES.prepare(diff.commands(), PublishOptions.none());
    }

    private static List<String> sorted(TreeFold fold) {
        List<String> outlines = new ArrayList<>(fold.outlines().values());
        Collections.sort(outlines);
        return outlines;
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<String> words = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).list().ofMinSize(1)
                .ofMaxSize(6).map(w -> String.join(" ", w));
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 10_000),
                words).as(Edit::new).list().ofMinSize(1).ofMaxSize(8);
    }

    /** Edits only bullet and paragraph lines below a talk's speaker line, so the document stays importable. */
    private static String apply(String doc, List<Edit> edits) {
        List<String> lines = new ArrayList<>(List.of(doc.split("\n", -1)));
        for (Edit edit : edits) {
            List<Integer> notes = noteLines(lines);
            int at = notes.get(edit.line() % notes.size());
            String line = lines.get(at);
            switch (edit.kind()) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at + 1, line.replaceAll("\\S.*$", "* " + edit.text()));
                case 2 -> lines.set(at, line.replaceAll("\\S.*$", "* " + edit.text()));
                case 3 -> lines.set(at, line.startsWith("*") || line.startsWith("\t") ? "\t" + line : line);
                case 4 -> lines.set(at, line.startsWith("\t") ? line.substring(1) : line);
                default -> {
                    if (notes.contains(at + 1)) {
                        Collections.swap(lines, at, at + 1);
                    }
                }
            }
        }
        return String.join("\n", lines);
    }

    private static List<Integer> noteLines(List<String> lines) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("* ") && !line.isBlank()) {
                out.add(i);
            }
        }
        return out;
    }

}

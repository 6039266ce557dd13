package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Documents are a scope: an import diffs against its own document's talks only (issue 15). */
class DocumentScopeTest {

    private static final String PYCON = "# PyCon 2017\n\nMy notes.\n\n## Keynote\n\nAnn\n\n* x\n\n## Data\n\nBob\n\n* y\n";
    private static final String SCIPY = "# SciPy 2019\n\nOther intro.\n\n## Keynote\n\nCid\n\n* z\n";

    private final MarkdownImporter importer = new MarkdownImporter(ImportOptions.defaults().withDeleteMissing(true));

    private static DocumentState union(DocumentState a, DocumentState b) {
        List<TalkState> all = new ArrayList<>(a.talks());
        all.addAll(b.talks());
        return new DocumentState(all);
    }

    @Test
    void shouldNeverTouchAnotherDocumentsTalksOrEntry() {
        ImportPlan pycon = importer.plan(PYCON);
        ImportPlan scipy = importer.plan(pycon.state(), SCIPY);

        assertThat(scipy.commands()).allSatisfy(c -> assertThat(c.talkId()).startsWith("scipy-2019"));
        assertThat(scipy.commands()).extracting(NoteCommand::type).doesNotContain("TalkDeleted", "NoteDeleted",
                "TalkUpdated");
        assertThat(scipy.state().talks()).extracting(TalkState::talkId)
                .containsExactly("scipy-2019", "scipy-2019--keynote");
        assertThat(scipy.state().talks()).allSatisfy(t -> assertThat(t.tags()).contains("document:scipy-2019"));
        ImportPlan again = importer.plan(union(pycon.state(), scipy.state()), PYCON);
        assertThat(again.isEmpty()).as("re-importing PyCon beside SciPy").isTrue();
    }

    @Test
    void shouldKeepTheDocumentIdWhenTheTitleIsRenamed() {
        ImportPlan first = importer.plan(PYCON);
        ImportPlan renamed = importer.plan(first.state(), PYCON.replace("# PyCon 2017", "# PyCom 2017"));

        assertThat(renamed.state().talks()).allSatisfy(t -> assertThat(t.documentId()).isEqualTo("pycon-2017"));
        assertThat(renamed.commands()).extracting(c -> c.talkId() + " " + c.type())
                .containsExactly("pycon-2017 TalkUpdated");
    }

    @Test
    void shouldTakeTheIdGivenWithDocument() {
        ImportPlan plan = new MarkdownImporter(ImportOptions.defaults().withDocument("notes/pycon.md")).plan(PYCON);
        assertThat(plan.state().talks()).extracting(TalkState::talkId)
                .containsExactly("pycon-2017", "notes-pycon-md--keynote", "notes-pycon-md--data");
    }

    @Test
    void shouldExpectEachTalkAtTheRevisionTheLastImportLeftIt() {
        ImportPlan first = importer.plan(PYCON);
        assertThat(first.commandsFor("pycon-2017--keynote")).extracting(NoteCommand::expectedRevision)
                .containsExactly(0L, 1L);
        String v2 = PYCON.replace("* x\n", "* x2\n* more\n");
        ImportPlan second = importer.plan(first.state(), v2);
        assertThat(second.commands()).extracting(c -> c.type() + "@" + c.expectedRevision())
                .containsExactly("NoteEdited@2", "NoteAdded@3");

        // an edit made since (e.g. through the API) is not in the state the import expects: the revision it
        // expects stays what the import left, so the fold refuses the import's events as stale
        DocumentState edited = new DocumentState(first.state().talks().stream()
                .map(t -> t.talkId().equals("pycon-2017--keynote") ? t.withRevision(2) : t).toList());
        assertThat(importer.plan(edited, v2).commands()).extracting(NoteCommand::expectedRevision)
                .containsExactly(2L, 3L);
        assertThat(importer.plan(new DocumentState(first.state().talks().stream().map(t -> t.withRevision(
                TalkState.UNKNOWN_REVISION)).toList()), v2).commands()).extracting(NoteCommand::expectedRevision)
                .as("no revision known, no check").containsOnlyNulls();
    }

    @Test
    void shouldNeverReuseTheIdOfADeletedTalk() {
        ImportPlan first = importer.plan(PYCON);
        ImportPlan deleted = importer.plan(first.state(), PYCON.replace("## Data\n\nBob\n\n* y\n", ""));
        assertThat(deleted.commands()).extracting(c -> c.talkId() + " " + c.type())
                .containsExactly("pycon-2017--data TalkDeleted");
        assertThat(deleted.state().retired()).contains("pycon-2017--data");

        ImportPlan back = importer.plan(deleted.state(), PYCON);
        assertThat(back.state().talks()).extracting(TalkState::talkId).contains("pycon-2017--data-2")
                .doesNotContain("pycon-2017--data");
    }
}

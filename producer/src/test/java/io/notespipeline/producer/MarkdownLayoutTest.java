package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.notespipeline.schemas.avro.TalkUpdated;

import org.junit.jupiter.api.Test;

/** The layouts people write notes in, read by rules (issue 15): where the talks are, what groups them, who spoke. */
class MarkdownLayoutTest {

    private final MarkdownImporter importer = new MarkdownImporter(ImportOptions.defaults());

    private static List<TalkState> talks(ImportPlan plan) {
        return plan.state().talks().stream().filter(t -> !t.isConferenceIntro()).toList();
    }

    private static List<String> groups(TalkState talk) {
        return talk.tags().stream().filter(t -> t.startsWith(TalkState.GROUP_TAG_PREFIX)).toList();
    }

    @Test
    void shouldTakeBoldLinesUnderDaySectionsAsTheTalks() {
        ImportPlan plan = importer.plan("# Conf 2024\n\n## Day 1\n\n**A. First talk**\n\n* speaker: Ann Lee\n* a note\n\n"
                + "**B. Second talk**\n\n* another\n\n## Day 2\n\n**A. Third talk**\n\n* third\n");

        assertThat(talks(plan)).extracting(TalkState::title).containsExactly("First talk", "Second talk", "Third talk");
        assertThat(talks(plan)).extracting(MarkdownLayoutTest::groups)
                .containsExactly(List.of("group:Day 1"), List.of("group:Day 1"), List.of("group:Day 2"));
        assertThat(talks(plan).get(0).speakers()).containsExactly("Ann Lee");
        assertThat(talks(plan).get(0).notes()).extracting(NoteState::text).containsExactly("a note");
        assertThat(plan.state().talks().get(0).title()).isEqualTo("Conf 2024");
    }

    @Test
    void shouldTakeTheLevelBelowDaySectionsAsTheTalksAndTheLevelBelowThatAsNotes() {
        ImportPlan plan = importer.plan("# SciConf\n\n## Day 1\n\n### A. Keynote\n\n- speaker: Bo Chen\n- x\n\n"
                + "#### Part one\n\n- y\n\n### B. Arrays\n\n- z\n\n## Day 2\n\n### A. Closing\n\n- w\n\n"
                + "## Things to Google\n\n- zarr\n");

        assertThat(talks(plan)).extracting(TalkState::title)
                .containsExactly("Keynote", "Arrays", "Closing", "Things to Google");
        assertThat(talks(plan).get(0).notes()).extracting(NoteState::text).containsExactly("x", "#### Part one");
        assertThat(talks(plan).get(0).notes().get(1).children()).extracting(NoteState::text).containsExactly("y");
        assertThat(groups(talks(plan).get(2))).containsExactly("group:Day 2");
        assertThat(groups(talks(plan).get(3))).as("a section with no talks under it is an entry of its own").isEmpty();
        assertThat(talks(plan).get(0).talkId()).isEqualTo("sciconf--keynote");
    }

    @Test
    void shouldReadATitleLineAboveSeveralHashSectionsAndHeadingsWithoutASpace() {
        ImportPlan plan = importer.plan("My Conf 2024\n\n\n# Day 1\n\n##A. Opening\n\n* speakers: Ann Lee, Bo Chen\n"
                + "* x\n\n# Day 2\n\n##B. Closing\n\n* y\n");

        assertThat(plan.state().talks().get(0).title()).isEqualTo("My Conf 2024");
        assertThat(plan.state().talks().get(0).documentId()).isEqualTo("my-conf-2024");
        assertThat(talks(plan)).extracting(TalkState::title).containsExactly("Opening", "Closing");
        assertThat(talks(plan).get(0).speakers()).containsExactly("Ann Lee", "Bo Chen");
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void shouldTakeSeveralHashHeadingsWithoutTalksUnderThemAsTheTalks() {
        ImportPlan plan = importer.plan("# First\n\n* x\n\n# Second\n\n* y\n");
        assertThat(plan.state().talks()).extracting(TalkState::title).containsExactly("First", "Second");
        assertThat(plan.state().talks()).noneMatch(TalkState::isConferenceIntro);
    }

    @Test
    void shouldReadSpeakerLinesInTheFormsPeopleWrite() {
        ImportPlan plan = importer.plan("# C\n\n## One\n\nSpeaker: Ann Lee\n\n* x\n\n## Two\n\n* speakers:\n"
                + "    - Bo Chen, engineer at X\n    - Cy Dee\n* y\n\n## Three\n\nSpeakers: Ann Lee and Bo Chen\n\n"
                + "## Four\n\nDee Fox, Eve Gold\n\n[Slides](https://s.example/4), [Video](v.example/4)\n\n* z\n\n"
                + "## Five\n\n* speaker: Gil Ho\n    - @gilho\n* w\n");

        assertThat(talks(plan)).extracting(TalkState::speakers).containsExactly(List.of("Ann Lee"),
                List.of("Bo Chen, engineer at X", "Cy Dee"), List.of("Ann Lee", "Bo Chen"),
                List.of("Dee Fox", "Eve Gold"), List.of("Gil Ho"));
        assertThat(talks(plan).get(3).links()).extracting(l -> l.getLabel() + " " + l.getUrl())
                .containsExactly("Slides https://s.example/4", "Video https://v.example/4");
        assertThat(talks(plan).get(1).notes()).extracting(NoteState::text).containsExactly("y");
        assertThat(talks(plan).get(4).notes()).as("what is under a speaker line stays a note")
                .extracting(NoteState::text).containsExactly("@gilho", "w");
    }

    @Test
    void shouldReportTextThatBelongsToNoTalkAndSkipItWhenLenient() {
        String doc = "# C\n\n## Day 1\n\nRainy morning.\n\n### T\n\n* x\n\n## Day 2\n\n### U\n\n* y\n\n"
                + "## Day 3\n\n### V\n\n* z\n";
        assertThatThrownBy(() -> importer.plan(doc)).isInstanceOfSatisfying(MarkdownImportException.class,
                e -> assertThat(e.problems()).extracting(ImportProblem::line).containsExactly(5));

        ImportPlan lenient = new MarkdownImporter(ImportOptions.defaults().withLenient(true)).plan(doc);
        assertThat(lenient.warnings()).extracting(ImportProblem::line).containsExactly(5);
        assertThat(talks(lenient)).extracting(TalkState::title).containsExactly("T", "U", "V");
    }

    @Test
    void shouldSkipEmptyListItemsWithAWarningEvenWhenStrict() {
        ImportPlan plan = importer.plan("## T\n\nAnn\n\n* x\n* \n");
        assertThat(plan.warnings()).extracting(ImportProblem::toString).containsExactly("line 6: empty list item");
        assertThat(talks(plan).get(0).notes()).extracting(NoteState::text).containsExactly("x");
    }

    @Test
    void shouldRetagATalkMovedToAnotherDay() {
        String before = "# C\n\n## Day 1\n\n### T\n\n* x\n\n### U\n\n* y\n\n## Day 2\n\n### V\n\n* z\n";
        String after = "# C\n\n## Day 1\n\n### T\n\n* x\n\n## Day 2\n\n### U\n\n* y\n\n### V\n\n* z\n";
        ImportPlan first = importer.plan(before);
        ImportPlan second = importer.plan(first.state(), after);

        assertThat(second.commands()).extracting(c -> c.talkId() + " " + c.type()).containsExactly("c--u TalkUpdated");
        assertThat(((TalkUpdated) second.commands().get(0).payload()).getTags())
                .containsExactly("document:c", "group:Day 2");
    }
}

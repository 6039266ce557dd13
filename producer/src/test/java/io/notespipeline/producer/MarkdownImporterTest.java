package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;

import org.junit.jupiter.api.Test;

class MarkdownImporterTest {

    private final MarkdownImporter importer = new MarkdownImporter(ImportOptions.defaults());

    static String doc(String version) {
        try (InputStream in = MarkdownImporterTest.class.getResourceAsStream("/pycon_2017/README." + version + ".md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<TalkCreated> created(ImportPlan plan) {
        return plan.commands().stream().filter(c -> c.payload() instanceof TalkCreated)
                .map(c -> (TalkCreated) c.payload()).toList();
    }

    @Test
    void shouldImportVersionOneAsTwentyTalksWithSpeakersAndLinks() {
        ImportPlan plan = importer.plan(doc("v1"));

        List<TalkCreated> talks = created(plan);
        assertThat(talks).hasSize(20);
        assertThat(talks).allSatisfy(t -> assertThat(t.getSpeakers()).isNotEmpty());
        assertThat(talks.stream().filter(t -> !t.getLinks().isEmpty())).hasSize(15);
        assertThat(talks.stream().mapToInt(t -> t.getLinks().size()).sum()).isEqualTo(21);
        TalkCreated first = talks.get(0);
        assertThat(first.getTitle()).isEqualTo("The Unexpected Effective of Python in Science");
        assertThat(first.getSpeakers()).containsExactly("Jake VanderPlas");
        assertThat(first.getLinks()).extracting(l -> l.getLabel() + " " + l.getUrl()).containsExactly(
                "Slide Deck https://speakerdeck.com/jakevdp/the-unexpected-effectiveness-of-python-in-science",
                "Video https://www.youtube.com/watch?v=ZyjCqQEUa8o");
        assertThat(talks.get(6).getSpeakers()).containsExactly("Lisa Guo", "Hui Ding");
        assertThat(talks.get(4).getSpeakers()).containsExactly("Andrew T. Baker, Python web developer at Twilio");
        assertThat(plan.count(NoteAdded.class)).isEqualTo(461);
        assertThat(plan.commands()).hasSize(481);
        assertThat(plan.count(NoteEdited.class) + plan.count(TalkUpdated.class) + plan.count(NoteDeleted.class))
                .isZero();
    }

    @Test
    void shouldPublishOnlyTheChangesWhenVersionTwoFollowsVersionOne() {
        ImportPlan v1 = importer.plan(doc("v1"));
        ImportPlan v2 = importer.plan(v1.state(), doc("v2"));

        String firstTalk = v1.talks().get(0).talkId();
        String dataViz = v1.talks().stream().filter(t -> t.title().startsWith("Python Data Visualizaton"))
                .findFirst().orElseThrow().talkId();
        assertThat(images(v2.commandsFor(firstTalk))).as("images added in the first talk").isEqualTo(7);
        assertThat(images(v2.commandsFor(dataViz))).as("images added in the data-visualization talk").isEqualTo(2);
        assertThat(images(v2.commands())).as("images added").isEqualTo(9);

        assertThat(v2.commands()).filteredOn(c -> c.payload() instanceof TalkUpdated)
                .extracting(c -> ((TalkUpdated) c.payload()).getTitle())
                .containsExactly("Human Machine collaboration for Improved Analytical Processes",
                        "Python Data Visualization Landscape");
        assertThat(v2.count(NoteEdited.class)).as("notes whose text really changed").isEqualTo(30);

        List<NoteCommand> intro = v2.commandsFor("pycon-2017");
        assertThat(intro).extracting(NoteCommand::type).containsExactly("TalkCreated", "NoteAdded");
        assertThat(((TalkCreated) intro.get(0).payload()).getTags()).containsExactly(TalkState.CONFERENCE_TAG, "document:untitled");
        assertThat(((NoteAdded) intro.get(1).payload()).getText()).isEqualTo("Notes I took from PyCon 2017 in Portland.");

        assertThat(v2.count(TalkCreated.class)).isEqualTo(1);
        assertThat(v2.count(NoteAdded.class)).as("nine images and the intro").isEqualTo(10);
        assertThat(v2.count(TalkUpdated.class)).isEqualTo(2);
        assertThat(v2.count(NoteDeleted.class) + v2.count(NoteMoved.class) + v2.count(TalkDeleted.class)).isZero();
        assertThat(v2.commands()).as("nothing for the 21 lines changed only in whitespace").hasSize(43);
    }

    private static long images(List<NoteCommand> commands) {
        return commands.stream().filter(c -> c.payload() instanceof NoteAdded a && a.getText().startsWith("![img]"))
                .count();
    }

    @Test
    void shouldPublishExactlyNineEditsWhenVersionThreeFollowsVersionTwo() {
        ImportPlan v1 = importer.plan(doc("v1"));
        ImportPlan v2 = importer.plan(v1.state(), doc("v2"));
        ImportPlan v3 = importer.plan(v2.state(), doc("v3"));

        assertThat(v3.commands()).hasSize(9);
        assertThat(v3.count(NoteEdited.class)).isEqualTo(9);
        assertThat(v3.commands()).allSatisfy(c -> assertThat(((NoteEdited) c.payload()).getText()).contains("%20"));
    }

    @Test
    void shouldPublishNothingWhenTheSameFileIsImportedTwice() {
        for (String version : List.of("v1", "v2", "v3")) {
            ImportPlan first = importer.plan(doc(version));
            assertThat(importer.plan(first.state(), doc(version)).isEmpty()).as(version).isTrue();
        }
    }

    @Test
    void shouldKeepTalkAndNoteIdsStableAcrossVersionsAndRuns() {
        ImportPlan v1 = importer.plan(doc("v1"));
        ImportPlan v3 = importer.plan(importer.plan(v1.state(), doc("v2")).state(), doc("v3"));

        List<String> v1Ids = v1.state().talks().stream().map(TalkState::talkId).toList();
        assertThat(v3.state().talks().stream().map(TalkState::talkId).filter(id -> !id.equals("pycon-2017")))
                .containsExactlyElementsOf(v1Ids);
        assertThat(importer.plan(doc("v1")).commands()).isEqualTo(v1.commands());
        assertThat(v1Ids.get(0)).isEqualTo("the-unexpected-effective-of-python-in-science");
    }

    @Test
    void shouldReachTheSameTreesIncrementallyAsByImportingTheLastVersionAlone() {
        ImportPlan v1 = importer.plan(doc("v1"));
        ImportPlan v2 = importer.plan(v1.state(), doc("v2"));
        ImportPlan v3 = importer.plan(v2.state(), doc("v3"));
        TreeFold incremental = new TreeFold().apply(v1.commands()).apply(v2.commands()).apply(v3.commands());
        TreeFold direct = new TreeFold().apply(importer.plan(doc("v3")).commands());

        assertThat(sorted(incremental)).isEqualTo(sorted(direct));
    }

    private static List<String> sorted(TreeFold fold) {
        List<String> outlines = new ArrayList<>(fold.outlines().values());
        Collections.sort(outlines);
        return outlines;
    }

    @Test
    void shouldNestBulletsByTabsOrSpacesAndSubHeadings() {
        String tabs = "## T\n\nAnn\n\n#### Part\n* a\n\t* b\n\t\t* c\n* d\n";
        String spaces = "## T\n\nAnn\n\n#### Part\n* a\n    * b\n        * c\n* d\n";
        ImportPlan a = importer.plan(tabs);
        ImportPlan b = importer.plan(spaces);

        assertThat(a.state().talks().get(0).notes()).isEqualTo(b.state().talks().get(0).notes());
        NoteState part = a.state().talks().get(0).notes().get(0);
        assertThat(part.text()).isEqualTo("#### Part");
        assertThat(part.children()).extracting(NoteState::text).containsExactly("a", "d");
        assertThat(part.children().get(0).children().get(0).children()).extracting(NoteState::text)
                .containsExactly("c");
    }

    @Test
    void shouldEmitMovesDeletesAndEditsForRestructuredNotes() {
        String before = "## T\n\nAnn\n\n* keep\n* moved under keep\n* gone\n* typo in this bullt\n";
        String after = "## T\n\nAnn\n\n* keep\n\t* moved under keep\n* typo in this bullet\n* new\n";
        ImportPlan first = importer.plan(before);
        ImportPlan second = importer.plan(first.state(), after);

        assertThat(second.commands()).extracting(NoteCommand::type)
                .containsExactly("NoteEdited", "NoteDeleted", "NoteMoved", "NoteAdded");
        TreeFold fold = new TreeFold().apply(first.commands()).apply(second.commands());
        assertThat(fold.outlines().values()).containsExactly(
                "T\n  keep\n    moved under keep\n  typo in this bullet\n  new\n");
    }

    @Test
    void shouldTreatWhitespaceOnlyChangesAsNoEdit() {
        ImportPlan first = importer.plan("## T\n\nAnn\n\n* a  b\n* c\n");
        assertThat(importer.plan(first.state(), "## T\n\nAnn\n\n* a b \t\n*   c\n").isEmpty()).isTrue();
    }

    @Test
    void shouldRejectBadMarkdownWithTheLineNumberAndPublishNothing() {
        String bad = "Stray text\n## T\n\nAnn\n\n* ok\n*\n";
        assertThatThrownBy(() -> importer.plan(bad))
                .isInstanceOfSatisfying(MarkdownImportException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(1);
                    assertThat(e.problems()).extracting(ImportProblem::line).containsExactly(1, 7);
                    assertThat(e.getMessage()).contains("line 1:", "line 7: empty list item");
                });
    }

    @Test
    void shouldSkipBadLinesInLenientModeAndSaySo() {
        MarkdownImporter lenient = new MarkdownImporter(ImportOptions.defaults().withLenient(true));
        ImportPlan plan = lenient.plan("Stray text\n## T\n\nAnn\n\n* ok\n*\n```\nnever closed\n");

        assertThat(plan.warnings()).extracting(ImportProblem::line).containsExactly(1, 7, 8);
        assertThat(plan.commands()).extracting(NoteCommand::type).containsExactly("TalkCreated", "NoteAdded");
    }

    @Test
    void shouldStampEveryCommandWithTheGivenTimeAuthorAndConference() {
        Instant at = Instant.parse("2019-10-01T15:28:33Z");
        MarkdownImporter stamped = new MarkdownImporter(ImportOptions.defaults().withAt(at).withAuthor("I-Kang Ding")
                .withConference("PyCon 2017"));
        ImportPlan plan = stamped.plan(doc("v1"));

        assertThat(plan.commands()).allSatisfy(c -> {
            assertThat(c.occurredAt()).isEqualTo(at);
            assertThat(c.author()).isEqualTo("I-Kang Ding");
        });
        assertThat(created(plan)).allSatisfy(t -> assertThat(t.getConference()).isEqualTo("PyCon 2017"));
        assertThat(plan.talks().get(0).talkId()).isEqualTo("pycon-2017--the-unexpected-effective-of-python-in-science");
    }

    @Test
    void shouldDeleteTalksThatLeftTheDocument() {
        MarkdownImporter deleting = new MarkdownImporter(ImportOptions.defaults().withDeleteMissing(true));
        ImportPlan first = deleting.plan("## A\n\nAnn\n\n* x\n\n## B\n\nBob\n\n* y\n");
        ImportPlan second = deleting.plan(first.state(), "## A\n\nAnn\n\n* x\n");
        assertThat(second.commands()).extracting(c -> c.talkId() + " " + c.type()).containsExactly("b TalkDeleted");
        assertThat(importer.plan(first.state(), "## A\n\nAnn\n\n* x\n").isEmpty())
                .as("by default a state may hold other documents' talks: nothing is deleted").isTrue();
    }
}

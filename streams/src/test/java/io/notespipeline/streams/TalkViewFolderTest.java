package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.TalkView;
import org.junit.jupiter.api.Test;

class TalkViewFolderTest {

    private final TestEvents talk = new TestEvents("t1");

    private TalkView fold(NoteEvent... events) {
        return TalkViewFolder.foldAll(null, List.of(events));
    }

    private static FoldResult.Rejected rejected(FoldResult result, RejectReason reason) {
        assertThat(result).isInstanceOf(FoldResult.Rejected.class);
        FoldResult.Rejected rejected = (FoldResult.Rejected) result;
        assertThat(rejected.reason()).isEqualTo(reason);
        return rejected;
    }

    @Test
    void shouldCreateTalkWithMetadataAndFirstContributor() {
        NoteEvent created = talk.created("Python in science");
        TalkView view = fold(created);
        assertThat(view.getTalkId()).isEqualTo("t1");
        assertThat(view.getTitle()).isEqualTo("Python in science");
        assertThat(view.getConference()).isEqualTo("PyCon 2017");
        assertThat(view.getSpeakers()).containsExactly("Jake");
        assertThat(view.getRevision()).isEqualTo(1);
        assertThat(view.getCreatedAt()).isEqualTo(created.getOccurredAt());
        assertThat(view.getLastEventId()).isEqualTo(created.getEventId());
        assertThat(view.getContributors()).singleElement().satisfies(c -> assertThat(c.getEdits()).isEqualTo(1));
    }

    @Test
    void shouldUpdateOnlyTheGivenFields() {
        TalkView view = fold(talk.created("Old"), talk.updated(null, List.of("science")));
        assertThat(view.getTitle()).isEqualTo("Old");
        assertThat(view.getTags()).containsExactly("science");
        assertThat(view.getSpeakers()).containsExactly("Jake");
        assertThat(view.getRevision()).isEqualTo(2);
    }

    @Test
    void shouldBuildOrderedTreeFromAddsEditsMovesAndDeletes() {
        TalkView view = fold(talk.created("T"),
                talk.added("a", null, 0, "A"),
                talk.added("b", null, 5, "B"),
                talk.added("c", null, 0, "C"),
                talk.added("a1", "a", 0, "A1"),
                talk.as("bob").edited("b", "B2"),
                talk.moved("c", "a", 1),
                talk.deleted("b"));
        assertThat(view.getNotes()).extracting(NoteNode::getNoteId).containsExactly("a");
        assertThat(view.getNotes().get(0).getChildren()).extracting(NoteNode::getNoteId).containsExactly("a1", "c");
        assertThat(view.getRevision()).isEqualTo(8);
        assertThat(view.getContributors()).extracting(c -> c.getAuthor() + "=" + c.getEdits())
                .containsExactly("alice=5", "bob=3");
    }

    @Test
    void shouldDeleteNoteWithItsDescendants() {
        TalkView view = fold(talk.created("T"), talk.added("a", null, 0, "A"), talk.added("a1", "a", 0, "A1"),
                talk.deleted("a"), talk.added("a1", null, 0, "again"));
        assertThat(view.getNotes()).extracting(NoteNode::getText).containsExactly("again");
    }

    @Test
    void shouldMarkTalkDeletedAndRejectEverythingAfter() {
        TalkView deleted = fold(talk.created("T"), talk.talkDeleted());
        assertThat(deleted.getDeleted()).isTrue();
        FoldResult.Rejected r = rejected(TalkViewFolder.apply(deleted, talk.added("x", null, 0, "X")),
                RejectReason.TALK_DELETED);
        assertThat(r.view()).isSameAs(deleted);
        assertThat(r.toRejectedEvent(talk.added("y", null, 0, "Y")).getRevision()).isEqualTo(2);
    }

    @Test
    void shouldRejectEventOnUnknownTalk() {
        FoldResult.Rejected r = rejected(TalkViewFolder.apply(null, talk.edited("a", "x")), RejectReason.TALK_NOT_FOUND);
        assertThat(r.view()).isNull();
        assertThat(r.detail()).contains("t1", "NoteEdited");
    }

    @Test
    void shouldRejectSecondCreate() {
        rejected(TalkViewFolder.apply(fold(talk.created("T")), talk.created("again")), RejectReason.TALK_EXISTS);
    }

    @Test
    void shouldRejectStaleExpectedRevision() {
        TalkView view = fold(talk.created("T"), talk.added("a", null, 0, "A"));
        FoldResult.Rejected r = rejected(TalkViewFolder.apply(view, talk.expecting(talk.edited("a", "x"), 1)),
                RejectReason.STALE_REVISION);
        assertThat(r.detail()).contains("expected revision 1", "revision 2");
        assertThat(TalkViewFolder.apply(view, talk.expecting(talk.edited("a", "x"), 2)))
                .isInstanceOf(FoldResult.Applied.class);
        rejected(TalkViewFolder.apply(null, talk.expecting(talk.created("T"), 3)), RejectReason.STALE_REVISION);
    }

    @Test
    void shouldRejectEditMoveDeleteOfUnknownNoteAndAddUnderUnknownParent() {
        TalkView view = fold(talk.created("T"), talk.added("a", null, 0, "A"));
        rejected(TalkViewFolder.apply(view, talk.edited("zz", "x")), RejectReason.UNKNOWN_NOTE);
        rejected(TalkViewFolder.apply(view, talk.moved("zz", null, 0)), RejectReason.UNKNOWN_NOTE);
        rejected(TalkViewFolder.apply(view, talk.moved("a", "zz", 0)), RejectReason.UNKNOWN_NOTE);
        rejected(TalkViewFolder.apply(view, talk.deleted("zz")), RejectReason.UNKNOWN_NOTE);
        FoldResult.Rejected r = rejected(TalkViewFolder.apply(view, talk.added("b", "zz", 0, "B")),
                RejectReason.UNKNOWN_NOTE);
        assertThat(r.detail()).contains("zz");
    }

    @Test
    void shouldRejectDuplicateNoteId() {
        TalkView view = fold(talk.created("T"), talk.added("a", null, 0, "A"), talk.added("b", "a", 0, "B"));
        rejected(TalkViewFolder.apply(view, talk.added("b", null, 0, "again")), RejectReason.DUPLICATE_NOTE);
    }

    @Test
    void shouldRejectMoveIntoOwnSubtree() {
        TalkView view = fold(talk.created("T"), talk.added("a", null, 0, "A"), talk.added("b", "a", 0, "B"));
        rejected(TalkViewFolder.apply(view, talk.moved("a", "b", 0)), RejectReason.INVALID_MOVE);
        rejected(TalkViewFolder.apply(view, talk.moved("a", "a", 0)), RejectReason.INVALID_MOVE);
    }

    @Test
    void shouldRejectNegativePosition() {
        TalkView view = fold(talk.created("T"), talk.added("a", null, 0, "A"));
        rejected(TalkViewFolder.apply(view, talk.added("b", null, -1, "B")), RejectReason.INVALID_POSITION);
        rejected(TalkViewFolder.apply(view, talk.moved("a", null, -1)), RejectReason.INVALID_POSITION);
    }

    @Test
    void shouldRejectEventOfAnotherTalk() {
        TalkView view = fold(talk.created("T"));
        rejected(TalkViewFolder.apply(view, new TestEvents("t2").edited("a", "x")), RejectReason.WRONG_TALK);
    }

    @Test
    void shouldIgnoreRetryOfLastAppliedEvent() {
        NoteEvent add = talk.added("a", null, 0, "A");
        TalkView view = fold(talk.created("T"), add);
        FoldResult again = TalkViewFolder.apply(view, add);
        assertThat(again).isInstanceOf(FoldResult.Duplicate.class);
        assertThat(again.view()).isSameAs(view);
    }

    @Test
    void shouldNeverChangeItsInputView() {
        TalkView view = fold(talk.created("T"), talk.added("a", null, 0, "A"), talk.added("b", "a", 0, "B"));
        TalkView before = TalkView.newBuilder(view).build();
        TalkViewFolder.apply(view, talk.moved("b", null, 0));
        TalkViewFolder.apply(view, talk.edited("a", "changed"));
        TalkViewFolder.apply(view, talk.deleted("a"));
        assertThat(view).isEqualTo(before);
    }
}

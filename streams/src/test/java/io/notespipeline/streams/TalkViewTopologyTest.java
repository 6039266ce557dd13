package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.internal.TalkHead;
import io.notespipeline.streams.internal.TalkIndex;
import io.notespipeline.streams.internal.Seen;
import io.notespipeline.streams.internal.TalkLog;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TalkViewTopologyTest {

    private final ViewsDriver driver = new ViewsDriver(new TalkViewTopology.Retention(
            Duration.ofHours(1), Duration.ofDays(30), Duration.ofDays(3650)));
    private final TestEvents talk = new TestEvents("t1");

    @AfterEach
    void close() {
        driver.close();
    }

    private TalkView lastView() {
        List<TalkView> all = driver.views.readValuesToList();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    private RejectedEvent onlyReject() {
        List<RejectedEvent> all = driver.rejected.readValuesToList();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void shouldPublishViewForEveryEventKind() {
        driver.send(talk.created("T"));
        assertThat(lastView().getTitle()).isEqualTo("T");
        driver.send(talk.updated("T2", List.of("x")));
        assertThat(lastView().getTags()).containsExactly("x");
        driver.send(talk.added("a", null, 0, "A"), talk.added("b", null, 1, "B"));
        assertThat(lastView().getNotes()).extracting(NoteNode::getNoteId).containsExactly("a", "b");
        driver.send(talk.edited("a", "A2"));
        assertThat(lastView().getNotes().get(0).getText()).isEqualTo("A2");
        driver.send(talk.moved("b", "a", 0));
        assertThat(lastView().getNotes().get(0).getChildren()).extracting(NoteNode::getNoteId).containsExactly("b");
        driver.send(talk.deleted("b"));
        assertThat(lastView().getNotes().get(0).getChildren()).isEmpty();
        driver.send(talk.talkDeleted());
        TalkView deleted = lastView();
        assertThat(deleted.getDeleted()).isTrue();
        assertThat(deleted.getRevision()).isEqualTo(8);
        assertThat(driver.view("t1")).isEqualTo(deleted);
        assertThat(driver.rejected.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectEventOnUnknownTalk() {
        driver.send(talk.edited("a", "x"));
        assertThat(onlyReject().getReason()).isEqualTo(RejectReason.TALK_NOT_FOUND.name());
        assertThat(driver.views.isEmpty()).isTrue();
        assertThat(driver.view("t1")).isNull();
    }

    @Test
    void shouldRejectEveryReasonAndKeepTheViewUnchanged() {
        driver.send(talk.created("T"), talk.added("a", null, 0, "A"), talk.added("b", "a", 0, "B"));
        TalkView before = driver.view("t1");
        driver.views.readValuesToList();
        List<NoteEvent> bad = List.of(talk.created("again"), talk.expecting(talk.edited("a", "x"), 1),
                talk.edited("zz", "x"), talk.added("a", null, 0, "dup"), talk.moved("a", "b", 0),
                talk.added("c", null, -2, "C"), new TestEvents("other").edited("a", "x"));
        for (NoteEvent e : bad) {
            driver.events.pipeInput("t1", e, e.getOccurredAt());
        }
        assertThat(driver.rejected.readValuesToList()).extracting(RejectedEvent::getReason).containsExactly(
                "TALK_EXISTS", "STALE_REVISION", "UNKNOWN_NOTE", "DUPLICATE_NOTE", "INVALID_MOVE", "INVALID_POSITION",
                "WRONG_TALK");
        assertThat(driver.views.isEmpty()).isTrue();
        assertThat(driver.view("t1")).isEqualTo(before);
    }

    @Test
    void shouldRejectEventsOnDeletedTalkWithRevisionAndEvent() {
        driver.send(talk.created("T"), talk.talkDeleted());
        NoteEvent late = talk.added("a", null, 0, "A");
        driver.send(late);
        RejectedEvent reject = onlyReject();
        assertThat(reject.getReason()).isEqualTo("TALK_DELETED");
        assertThat(reject.getRevision()).isEqualTo(2);
        assertThat(reject.getEvent()).isEqualTo(late);
        assertThat(reject.getRejectedAt()).isEqualTo(late.getOccurredAt());
    }

    @Test
    void shouldDropRetriedEventAndSendEachChangedTalkOncePerInterval() {
        NoteEvent edit = talk.edited("a", "A2");
        driver.send(talk.created("T"), talk.added("a", null, 0, "A"), edit, talk.edited("a", "A3"), edit);
        assertThat(driver.views.readValuesToList()).as("five events of one talk, one emit interval: one view")
                .singleElement().satisfies(v -> assertThat(v.getNotes().get(0).getText()).isEqualTo("A3"));
        assertThat(driver.view("t1").getNotes().get(0).getText()).isEqualTo("A3");
        assertThat(driver.views.isEmpty()).as("nothing changed since: nothing sent").isTrue();
    }

    @Test
    void shouldDropARetryAtAnyDistance() {
        NoteEvent add = talk.added("a", null, 0, "A");
        driver.send(talk.created("T"), add, talk.edited("a", "A2"));
        TalkView before = lastView();
        driver.driver.advanceWallClockTime(Duration.ofDays(400));
        driver.send(add);
        assertThat(driver.rejected.isEmpty()).as("a retry a year later is still a duplicate").isTrue();
        assertThat(driver.views.isEmpty()).isTrue();
        assertThat(driver.view("t1")).isEqualTo(before);
    }

    /**
     * The state at-least-once leaves after a crash: the lost run's dedupe and log entries of an event reached their
     * changelogs (they are written as they happen) and were restored, its head update did not (the heads store writes
     * behind, at commit), and the input is read again from the last committed offset. The event must be applied
     * again, not dropped as a duplicate of an application the views never kept.
     */
    @Test
    void shouldApplyAgainAnEventWhoseDedupeEntryOutlivedItsHeadAfterACrash() {
        driver.send(talk.created("T"), talk.added("a", null, 0, "A"));
        TalkView before = driver.view("t1");
        KeyValueStore<String, TalkHead> heads = driver.driver.getKeyValueStore(TalkViewTopology.HEADS_STORE);
        long next = heads.get("t1").nextSeq();
        NoteEvent edit = talk.edited("a", "A2");
        driver.driver.<String, Seen>getKeyValueStore(TalkViewTopology.DEDUPE_STORE)
                .put(edit.getEventId().toString(), new Seen(next, "t1"));
        driver.driver.<String, TalkLog.Entry>getKeyValueStore(TalkViewTopology.EVENTS_STORE)
                .put(TalkLog.key("t1", next), new TalkLog.Entry(edit, 0, 2, false));

        driver.send(edit);
        TalkView after = driver.view("t1");
        assertThat(after.getNotes().get(0).getText()).as("applied again, not dropped").isEqualTo("A2");
        assertThat(after.getRevision()).isEqualTo(before.getRevision() + 1);
        assertThat(heads.get("t1").nextSeq()).as("at the sequence the lost run gave it").isEqualTo(next + 1);

        driver.send(edit);
        assertThat(driver.view("t1")).as("a retry of it now is a duplicate").isEqualTo(after);
        NoteEvent elsewhere = NoteEvent.newBuilder(edit).setTalkId("t2").build();
        driver.send(new TestEvents("t2").created("T2"), elsewhere);
        assertThat(driver.view("t2").getRevision()).as("an eventId applied to another talk of the partition is "
                + "still a duplicate").isEqualTo(1);
        assertThat(driver.rejected.isEmpty()).isTrue();
    }

    /**
     * Under at-least-once a crash can keep the dedupe entry of an event and lose both the head that held it and its
     * log entry (three changelogs): the entry names the talk, so the event is applied again, not dropped.
     */
    @Test
    void shouldApplyAgainAnEventWhoseDedupeEntryOutlivedItsHeadAndItsLogEntry() {
        driver.send(talk.created("T"), talk.added("a", null, 0, "A"));
        TalkView before = driver.view("t1");
        long next = driver.driver.<String, TalkHead>getKeyValueStore(TalkViewTopology.HEADS_STORE).get("t1").nextSeq();
        NoteEvent edit = talk.edited("a", "A2");
        driver.driver.<String, Seen>getKeyValueStore(TalkViewTopology.DEDUPE_STORE)
                .put(edit.getEventId().toString(), new Seen(next, "t1"));
        assertThat(driver.driver.<String, TalkLog.Entry>getKeyValueStore(TalkViewTopology.EVENTS_STORE)
                .get(TalkLog.key("t1", next))).as("no log entry at that sequence").isNull();

        driver.send(edit);
        TalkView after = driver.view("t1");
        assertThat(after.getNotes().get(0).getText()).as("applied again, not dropped").isEqualTo("A2");
        assertThat(after.getRevision()).isEqualTo(before.getRevision() + 1);
        driver.send(edit);
        assertThat(driver.view("t1")).as("a retry of it now is a duplicate").isEqualTo(after);
    }

    /**
     * A dedupe entry written before the talk was kept (8 bytes: the sequence only) at or past the head's sequence is
     * told apart by the talk's log: when the log slot holds another event, it is a duplicate, as before.
     */
    @Test
    void shouldStillDropAnEventWhoseOldDedupeEntryPointsAtAnotherEventOfTheLog() {
        driver.send(talk.created("T"), talk.added("a", null, 0, "A"));
        TalkView before = driver.view("t1");
        long next = driver.driver.<String, TalkHead>getKeyValueStore(TalkViewTopology.HEADS_STORE).get("t1").nextSeq();
        NoteEvent edit = talk.edited("a", "A2");
        driver.driver.<String, Seen>getKeyValueStore(TalkViewTopology.DEDUPE_STORE)
                .put(edit.getEventId().toString(), Seen.serde().deserializer().deserialize("t",
                        org.apache.kafka.common.serialization.Serdes.Long().serializer().serialize("t", next)));
        driver.driver.<String, TalkLog.Entry>getKeyValueStore(TalkViewTopology.EVENTS_STORE)
                .put(TalkLog.key("t1", next), new TalkLog.Entry(talk.edited("a", "other"), 0, 2, false));
        driver.send(edit);
        assertThat(driver.view("t1")).isEqualTo(before);
    }

    @Test
    void shouldAnswerAsOfFromSnapshotsAndTheLocalLog() {
        try (ViewsDriver small = new ViewsDriver(TalkViewTopology.Retention.defaults(), 2)) {
            TestEvents t = new TestEvents("t9");
            List<NoteEvent> all = new java.util.ArrayList<>();
            all.add(t.created("v0"));
            for (int i = 1; i <= 9; i++) {
                all.add(t.updated("v" + i, null));
            }
            small.send(all);
            assertThat(small.snapshots("t9")).isEqualTo(5);
            for (int i = 0; i < all.size(); i++) {
                Instant at = all.get(i).getOccurredAt();
                assertThat(small.asOf("t9", at).getTitle()).isEqualTo("v" + i);
                assertThat(small.asOf("t9", at.minusMillis(1))).isEqualTo(i == 0 ? null : small.asOf("t9",
                        all.get(i - 1).getOccurredAt()));
            }
        }
    }

    @Test
    void shouldAnswerAsOfFromVersionedStore() {
        NoteEvent created = talk.created("v1");
        NoteEvent renamed = talk.updated("v2", null);
        driver.send(created, renamed);
        assertThat(driver.asOf("t1", created.getOccurredAt().minusMillis(1))).isNull();
        assertThat(driver.asOf("t1", created.getOccurredAt()).getTitle()).isEqualTo("v1");
        assertThat(driver.asOf("t1", renamed.getOccurredAt().minusMillis(1)).getTitle()).isEqualTo("v1");
        assertThat(driver.asOf("t1", renamed.getOccurredAt()).getTitle()).isEqualTo("v2");
    }

    @Test
    void shouldTrackProcessedOffsetIncludingDuplicatesAndRejects() {
        NoteEvent created = talk.created("T");
        driver.send(created, talk.edited("nope", "x"), created);
        var positions = driver.driver.<Integer, Long>getKeyValueStore(TalkViewTopology.POSITIONS_STORE);
        assertThat(positions.get(0)).isEqualTo(2L);
    }

    @Test
    void shouldIndexTalksBySpeakerTagAndConferenceAndFollowUpdates() {
        driver.send(talk.created("T", "PyCon 2017", List.of("Jake VanderPlas"), List.of("Science")));
        var index = driver.driver.<String, String>getKeyValueStore(TalkViewTopology.INDEX_STORE);
        assertThat(index.get(TalkIndex.prefix(TalkIndex.SPEAKER, "jake vanderplas") + "t1")).isEqualTo("t1");
        assertThat(index.get(TalkIndex.prefix(TalkIndex.CONFERENCE, "pycon 2017") + "t1")).isEqualTo("t1");
        driver.send(talk.updated(null, List.of("python")));
        assertThat(index.get(TalkIndex.prefix(TalkIndex.TAG, "science") + "t1")).isNull();
        assertThat(index.get(TalkIndex.prefix(TalkIndex.TAG, "python") + "t1")).isEqualTo("t1");
    }

    @Test
    void shouldCountAppliedEventsPerTalkPerHour() {
        driver.send(talk.created("T"), talk.added("a", null, 0, "A"), talk.edited("zz", "rejected"));
        talk.at(TestEvents.START.plus(Duration.ofHours(3)));
        driver.send(talk.edited("a", "later"));
        WindowStore<String, Long> activity = driver.driver.getWindowStore(TalkViewTopology.ACTIVITY_STORE);
        try (KeyValueIterator<Windowed<String>, Long> all = activity.all()) {
            List<KeyValue<Windowed<String>, Long>> buckets = new java.util.ArrayList<>();
            all.forEachRemaining(buckets::add);
            assertThat(buckets).extracting(kv -> kv.value).containsExactly(2L, 1L);
            assertThat(buckets.get(0).key.window().startTime()).isEqualTo(TestEvents.START);
        }
    }
}

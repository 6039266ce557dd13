package io.notespipeline.streams.internal;

import java.util.Set;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkUpdated;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.FoldResult;
import io.notespipeline.streams.TalkViewFolder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dedupes by eventId (every eventId applied in the partition is remembered for good, so the views are a function
 * of the log: a redelivery at any distance changes nothing and a rebuild equals the live views), folds into the
 * normalised view (the talk's header in one store entry, each note and each list of children in its own entry of
 * the notes store, {@link TalkNotes}: an event reads and writes only what it touches), appends the event to its talk's local log ({@link TalkLog}: one small entry per event, a snapshot of
 * the whole view once {@code max(snapshotEvery, notes of the talk)} entries followed the previous one, so O(1) per
 * event amortised), marks the talk dirty for the coalesced emit
 * ({@link ViewEmitter}), keeps the processed offset of the partition, and forwards the applied view (to the
 * activity count, in memory; the header only) or the reject. One instance per task.
 */
public final class FoldProcessor implements FixedKeyProcessor<String, NoteEvent, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(FoldProcessor.class);

    private final StoreNames names;
    private final int snapshotEvery;
    private FixedKeyProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Long> seen;
    private KeyValueStore<String, TalkView> heads;
    private KeyValueStore<String, TalkNotes.Row> notes;
    private KeyValueStore<String, TalkLog.Entry> events;
    private KeyValueStore<String, TalkLog.Snapshot> snapshots;
    private KeyValueStore<String, TalkLog.Meta> meta;
    private KeyValueStore<String, Long> dirty;
    private KeyValueStore<Integer, Long> positions;
    private KeyValueStore<String, String> index;
    private final AuditTally.Names auditNames;
    private final long auditBucketMs;
    private AuditTally audit;

    /** Names of the stores the processor uses. */
    public record StoreNames(String dedupe, String heads, String notes, String events, String snapshots, String meta,
                             String dirty, String positions, String index) {
        public String[] all() {
            return new String[] {dedupe, heads, notes, events, snapshots, meta, dirty, positions, index};
        }
    }

    public FoldProcessor(StoreNames names, int snapshotEvery) {
        this(names, snapshotEvery, null, 0);
    }

    /** With audit counting ({@code auditNames} null: none) per bucket of {@code auditBucketMs}. */
    public FoldProcessor(StoreNames names, int snapshotEvery, AuditTally.Names auditNames, long auditBucketMs) {
        this.names = names;
        this.snapshotEvery = snapshotEvery;
        this.auditNames = auditNames;
        this.auditBucketMs = auditBucketMs;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, SpecificRecord> ctx) {
        this.context = ctx;
        this.seen = ctx.getStateStore(names.dedupe());
        this.heads = ctx.getStateStore(names.heads());
        this.notes = ctx.getStateStore(names.notes());
        this.events = ctx.getStateStore(names.events());
        this.snapshots = ctx.getStateStore(names.snapshots());
        this.meta = ctx.getStateStore(names.meta());
        this.dirty = ctx.getStateStore(names.dirty());
        this.positions = ctx.getStateStore(names.positions());
        this.index = ctx.getStateStore(names.index());
        this.audit = auditNames == null ? null : new AuditTally(ctx, auditNames, auditBucketMs);
    }

    @Override
    public void process(FixedKeyRecord<String, NoteEvent> record) {
        NoteEvent event = record.value();
        if (event != null && record.key() != null) {
            fold(record, event);
        } else {
            log.warn("Skipping record without key or value talkId={}", record.key());
        }
        context.recordMetadata().ifPresent(m -> {
            positions.put(m.partition(), m.offset());
            PositionWatch.advanced(context.applicationId(), m.partition(), m.offset()); // wakes ?after= requests
        });
    }

    private void fold(FixedKeyRecord<String, NoteEvent> record, NoteEvent event) {
        String eventId = event.getEventId().toString();
        String talkId = record.key();
        long now = context.currentSystemTimeMs();
        TalkLog.Meta m = meta.get(talkId);
        if (m == null) {
            m = TalkLog.Meta.EMPTY;
        }
        long seq = m.nextSeq();
        boolean duplicate = seen.get(eventId) != null;
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        events.put(TalkLog.key(talkId, seq), new TalkLog.Entry(event, partition, offset, duplicate));
        if (duplicate) {
            log.debug("Dropping duplicate eventId={} talkId={}", eventId, talkId);
            meta.put(talkId, new TalkLog.Meta(seq + 1, m.versionTime(), m.notes(), m.snapshotSeq()));
            tally(event, AuditTally.Outcome.DUPLICATE, now);
            return;
        }
        seen.put(eventId, seq);
        TalkView head = heads.get(talkId);
        TalkNotes.Stored talkNotes = new TalkNotes.Stored(notes, talkId);
        FoldResult result = TalkViewFolder.apply(head, event, talkNotes);
        long versionTime = m.versionTime();
        TalkView current = head;
        if (result instanceof FoldResult.Applied applied) {
            versionTime = Math.max(versionTime, event.getOccurredAt().toEpochMilli());
            current = applied.view();
            heads.put(talkId, current);
            Object payload = event.getPayload();
            if (payload instanceof TalkCreated || payload instanceof TalkUpdated) {
                reindex(head, current);
            }
            dirty.put(talkId, versionTime);
            tally(event, AuditTally.Outcome.APPLIED, now);
            context.forward(record.<SpecificRecord>withValue(current).withTimestamp(versionTime));
        } else if (result instanceof FoldResult.Rejected rejected) {
            log.debug("Rejected eventId={} talkId={} reason={}", eventId, talkId, rejected.reason());
            tally(event, AuditTally.Outcome.REJECTED, now);
            context.forward(record.<SpecificRecord>withValue(rejected.toRejectedEvent(event))
                    .withTimestamp(event.getOccurredAt().toEpochMilli()));
        }
        long noteCount = m.notes() + talkNotes.delta();
        long snapshotSeq = m.snapshotSeq();
        TalkLog.Meta next = new TalkLog.Meta(seq + 1, versionTime, noteCount, snapshotSeq);
        if (current != null && next.snapshotDue(seq + 1, snapshotEvery)) {
            snapshots.put(TalkLog.key(talkId, seq), new TalkLog.Snapshot(TalkNotes.view(current, notes), versionTime));
            next = new TalkLog.Meta(seq + 1, versionTime, noteCount, seq + 1);
        }
        meta.put(talkId, next);
    }

    private void tally(NoteEvent event, AuditTally.Outcome outcome, long now) {
        if (audit != null) {
            context.recordMetadata().ifPresent(md -> audit.count(md.topic(), md.partition(), event, outcome, now));
        }
    }

    private void reindex(TalkView before, TalkView after) {
        Set<String> old = TalkIndex.keys(before);
        Set<String> now = TalkIndex.keys(after);
        for (String key : old) {
            if (!now.contains(key)) {
                index.delete(key);
            }
        }
        for (String key : now) {
            if (!old.contains(key)) {
                index.put(key, after.getTalkId());
            }
        }
    }
}

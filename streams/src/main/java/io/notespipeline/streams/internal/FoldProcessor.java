package io.notespipeline.streams.internal;

import java.time.Duration;
import java.util.Set;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.FoldResult;
import io.notespipeline.streams.TalkViewFolder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dedupes by eventId (a window store keyed by eventId and stamped with the wall-clock time first
 * seen, so whole segments expire after the retention), folds into the view store, keeps the
 * view's versions and the processed offset of its partition, and forwards the new view or the reject. One instance per task.
 */
public final class FoldProcessor implements FixedKeyProcessor<String, NoteEvent, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(FoldProcessor.class);

    private final StoreNames names;
    private final Duration dedupeRetention;
    private FixedKeyProcessorContext<String, SpecificRecord> context;
    private WindowStore<String, Long> seen;
    private KeyValueStore<String, TalkView> views;
    private VersionedKeyValueStore<String, TalkView> history;
    private KeyValueStore<Integer, Long> positions;
    private KeyValueStore<String, String> index;
    private final AuditTally.Names auditNames;
    private final long auditBucketMs;
    private AuditTally audit;

    /** Names of the stores the processor uses. */
    public record StoreNames(String dedupe, String views, String history, String positions, String index) {
    }

    public FoldProcessor(StoreNames names, Duration dedupeRetention) {
        this(names, dedupeRetention, null, 0);
    }

    /** With audit counting ({@code auditNames} null: none) per bucket of {@code auditBucketMs}. */
    public FoldProcessor(StoreNames names, Duration dedupeRetention, AuditTally.Names auditNames, long auditBucketMs) {
        this.names = names;
        this.dedupeRetention = dedupeRetention;
        this.auditNames = auditNames;
        this.auditBucketMs = auditBucketMs;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, SpecificRecord> ctx) {
        this.context = ctx;
        this.seen = ctx.getStateStore(names.dedupe());
        this.views = ctx.getStateStore(names.views());
        this.history = ctx.getStateStore(names.history());
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
        context.recordMetadata().ifPresent(m -> positions.put(m.partition(), m.offset()));
    }

    private void fold(FixedKeyRecord<String, NoteEvent> record, NoteEvent event) {
        String eventId = event.getEventId().toString();
        long now = context.currentSystemTimeMs();
        try (WindowStoreIterator<Long> earlier = seen.fetch(eventId, now - dedupeRetention.toMillis(), now)) {
            if (earlier.hasNext()) {
                log.debug("Dropping duplicate eventId={} talkId={}", eventId, record.key());
                tally(event, AuditTally.Outcome.DUPLICATE, now);
                return;
            }
        }
        seen.put(eventId, now, now);
        String talkId = record.key();
        TalkView view = views.get(talkId);
        FoldResult result = TalkViewFolder.apply(view, event);
        if (result instanceof FoldResult.Applied applied) {
            long at = event.getOccurredAt().toEpochMilli();
            VersionedRecord<TalkView> latest = history.get(talkId);
            if (latest != null) {
                at = Math.max(at, latest.timestamp());
            }
            views.put(talkId, applied.view());
            reindex(view, applied.view());
            history.put(talkId, applied.view(), at);
            tally(event, AuditTally.Outcome.APPLIED, now);
            context.forward(record.<SpecificRecord>withValue(applied.view()).withTimestamp(at));
        } else if (result instanceof FoldResult.Rejected rejected) {
            log.debug("Rejected eventId={} talkId={} reason={}", eventId, talkId, rejected.reason());
            tally(event, AuditTally.Outcome.REJECTED, now);
            context.forward(record.<SpecificRecord>withValue(rejected.toRejectedEvent(event))
                    .withTimestamp(event.getOccurredAt().toEpochMilli()));
        }
    }

    private void tally(NoteEvent event, AuditTally.Outcome outcome, long now) {
        if (audit != null) {
            context.recordMetadata().ifPresent(m -> audit.count(m.topic(), m.partition(), event, outcome, now));
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

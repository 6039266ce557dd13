package io.notespipeline.streams.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkUpdated;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.FoldResult;
import io.notespipeline.streams.TalkViewFolder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dedupes by eventId (every eventId applied in the partition is remembered for good, so the views are a function
 * of the log: a redelivery at any distance changes nothing and a rebuild equals the live views; an eventId whose
 * application its talk's head does not hold, the state at-least-once leaves after a crash, is applied again:
 * {@link #lostApplication}), folds into the
 * normalised view (the talk's {@link TalkHead} in one entry: header and counters; each note and each list of
 * children in its own entry of the notes store, {@link TalkNotes}: an event reads and writes only what it touches),
 * appends the event to its talk's local log ({@link TalkLog}: one entry per event holding the bytes as read, a
 * snapshot of the whole view once {@code max(snapshotEvery, notes of the talk)} entries followed the previous one,
 * so O(1) per event amortised), counts it in the hourly activity store, marks the talk dirty, keeps the processed
 * offset of the partition and forwards rejects as they happen. A wall-clock punctuator sends each dirty talk's view
 * once per emit interval, spread over the interval ({@link ViewEmitter}). One instance per task.
 *
 * <p>Per applied event: the head (read from a small object cache in front of its store: this processor is the
 * store's only writer), one get and one put of the dedupe store, one put of the log, the notes touched, one put
 * each of the head, the activity window and the position (the heads, notes and positions stores are
 * {@link WriteBehindStore}s, the activity store a caching store: RocksDB and the changelogs see each key once per
 * commit), and a dirty mark only when the talk was not marked since the last emit.
 */
public final class FoldProcessor implements Processor<String, RawEvent, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(FoldProcessor.class);
    /** Heads kept decoded per task; beyond this the least recently used are read from the store again. */
    private static final int HEAD_CACHE_ENTRIES = 10_000;
    /** Note and children rows kept decoded per task (the edits of a talk's notes read them back soon). */
    private static final int ROW_CACHE_ENTRIES = 20_000;
    /** Talks whose note tree is kept decoded per task ({@link TalkTrees}). */
    private static final int TREE_CACHE_TALKS = 256;
    /** Notes kept decoded in those trees per task (a few MB per 10,000 notes: the heap is bounded). */
    private static final int TREE_CACHE_NOTES = 50_000;
    private static final long WINDOW_MS = io.notespipeline.streams.TalkViewTopology.ACTIVITY_WINDOW.toMillis();

    private final StoreNames names;
    private final int snapshotEvery;
    private final Duration emitInterval;
    private final long activityGraceMs;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Seen> seen;
    private KeyValueStore<String, TalkHead> heads;
    private KeyValueStore<String, TalkNotes.Row> notes;
    private KeyValueStore<String, TalkLog.Entry> events;
    private KeyValueStore<String, TalkLog.Snapshot> snapshots;
    private KeyValueStore<String, Long> dirty;
    private KeyValueStore<Integer, Long> positions;
    private KeyValueStore<String, String> index;
    private WindowStore<String, Long> activity;
    private final AuditTally.Names auditNames;
    private final long auditBucketMs;
    private AuditTally audit;
    private Map<String, TalkHead> headCache;
    private Map<String, TalkNotes.Row> rowCache;
    private TalkTrees trees;
    private Set<String> marked;
    private ViewEmitter emitter;
    private long observedStreamTime;

    /** Names of the stores the processor uses. */
    public record StoreNames(String dedupe, String heads, String notes, String events, String snapshots,
                             String dirty, String positions, String index, String activity) {
        public String[] all() {
            return new String[] {dedupe, heads, notes, events, snapshots, dirty, positions, index, activity};
        }
    }

    /**
     * @param emitInterval    how often (wall clock) the dirty talks' views are sent
     * @param activityGraceMs how late (behind the largest version time seen) an event may come and still be counted
     * @param auditNames      the audit stores, null: no audit counting
     * @param auditBucketMs   length of an audit bucket
     */
    public FoldProcessor(StoreNames names, int snapshotEvery, Duration emitInterval, long activityGraceMs,
                         AuditTally.Names auditNames, long auditBucketMs) {
        this.names = names;
        this.snapshotEvery = snapshotEvery;
        this.emitInterval = emitInterval;
        this.activityGraceMs = activityGraceMs;
        this.auditNames = auditNames;
        this.auditBucketMs = auditBucketMs;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> ctx) {
        this.context = ctx;
        this.seen = ctx.getStateStore(names.dedupe());
        this.heads = ctx.getStateStore(names.heads());
        this.notes = ctx.getStateStore(names.notes());
        this.events = ctx.getStateStore(names.events());
        this.snapshots = ctx.getStateStore(names.snapshots());
        this.dirty = ctx.getStateStore(names.dirty());
        this.positions = ctx.getStateStore(names.positions());
        this.index = ctx.getStateStore(names.index());
        this.activity = ctx.getStateStore(names.activity());
        this.audit = auditNames == null ? null : new AuditTally(ctx, auditNames, auditBucketMs);
        this.headCache = Lru.of(256, HEAD_CACHE_ENTRIES);
        this.rowCache = Lru.of(1024, ROW_CACHE_ENTRIES);
        this.trees = new TalkTrees(TREE_CACHE_TALKS, TREE_CACHE_NOTES);
        this.marked = new HashSet<>();
        this.observedStreamTime = Long.MIN_VALUE;
        this.emitter = new ViewEmitter(ctx, dirty, this::head, this::whole, marked, emitInterval);
        ctx.schedule(ViewEmitter.tick(emitInterval), PunctuationType.WALL_CLOCK_TIME, emitter::tick);
        PositionWatch.reset(ctx.applicationId(), ctx.taskId().partition()); // restored: the store has the position
    }

    @Override
    public void close() {
        if (context != null) {
            PositionWatch.reset(context.applicationId(), context.taskId().partition()); // the partition may move away
        }
    }

    @Override
    public void process(Record<String, RawEvent> record) {
        RecordMetadata where = context.recordMetadata().orElse(null);
        RawEvent raw = record.value();
        if (raw != null && raw.event() != null && record.key() != null) {
            fold(record, raw, where);
        } else {
            log.warn("Skipping record without key or value talkId={}", record.key());
        }
        if (where != null) {
            positions.put(where.partition(), where.offset());
            PositionWatch.advanced(context.applicationId(), where.partition(), where.offset()); // wakes ?after= requests
        }
        if (WriteBehindStore.takeCommitRequest()) {
            context.commit(); // under at-least-once a full write-behind store waits for a commit (see there)
        }
    }

    private TalkHead head(String talkId) {
        TalkHead h = headCache.get(talkId);
        if (h == null) {
            h = heads.get(talkId);
            if (h != null) {
                headCache.put(talkId, h);
            }
        }
        return h;
    }

    /** @return the view of {@code header}'s talk from its kept tree, else from the store (and keep its tree when asked) */
    private TalkView whole(String talkId, TalkView header, boolean keep) {
        io.notespipeline.schemas.NoteTree tree = trees.get(talkId);
        if (tree != null) {
            return TalkTrees.view(header, tree);
        }
        TalkView view = TalkNotes.view(header, notes);
        if (keep) {
            trees.keep(talkId, view.getNotes());
        }
        return view;
    }

    private TalkView whole(String talkId, TalkView header) {
        return whole(talkId, header, false);
    }

    private void putHead(String talkId, TalkHead h) {
        heads.put(talkId, h);
        headCache.put(talkId, h);
    }

    private void fold(Record<String, RawEvent> record, RawEvent raw, RecordMetadata where) {
        NoteEvent event = raw.event();
        String eventId = event.getEventId().toString();
        String talkId = record.key();
        long now = context.currentSystemTimeMs();
        TalkHead h = head(talkId);
        if (h == null) {
            h = TalkHead.EMPTY;
        }
        long seq = h.nextSeq();
        Seen seenAt = seen.get(eventId);
        boolean duplicate = seenAt != null && !lostApplication(talkId, eventId, seenAt, seq);
        int partition = where == null ? -1 : where.partition();
        long offset = where == null ? -1L : where.offset();
        events.put(TalkLog.key(talkId, seq), new TalkLog.Entry(event, partition, offset, duplicate, raw.bytes()));
        if (duplicate) {
            log.debug("Dropping duplicate eventId={} talkId={}", eventId, talkId);
            putHead(talkId, new TalkHead(h.view(), seq + 1, h.versionTime(), h.notes(), h.snapshotSeq(),
                    h.activityWindow(), h.activityCount()));
            tally(event, AuditTally.Outcome.DUPLICATE, now, where);
            return;
        }
        seen.put(eventId, new Seen(seq, talkId));
        TalkView head = h.view();
        TalkNotes.Stored talkNotes = new TalkNotes.Stored(notes, talkId, rowCache);
        io.notespipeline.schemas.NoteTree tree = trees.get(talkId);
        FoldResult result = TalkViewFolder.apply(head, event, tree == null ? talkNotes : TalkTrees.tee(tree, talkNotes));
        long versionTime = h.versionTime();
        long window = h.activityWindow();
        long count = h.activityCount();
        TalkView current = head;
        if (result instanceof FoldResult.Applied applied) {
            versionTime = Math.max(versionTime, event.getOccurredAt().toEpochMilli());
            current = applied.view();
            Object payload = event.getPayload();
            if (payload instanceof TalkCreated || payload instanceof TalkUpdated) {
                reindex(head, current);
            }
            if (marked.add(talkId)) {
                dirty.put(ViewEmitter.key(talkId), versionTime);
            }
            long start = activityWindow(versionTime);
            if (start != Long.MIN_VALUE) {
                count = (start == window ? count : stored(talkId, start)) + 1;
                window = start;
                activity.put(talkId, count, start);
            }
            tally(event, AuditTally.Outcome.APPLIED, now, where);
        } else if (result instanceof FoldResult.Rejected rejected) {
            log.debug("Rejected eventId={} talkId={} reason={}", eventId, talkId, rejected.reason());
            tally(event, AuditTally.Outcome.REJECTED, now, where);
            context.forward(record.<SpecificRecord>withValue(rejected.toRejectedEvent(event))
                    .withTimestamp(event.getOccurredAt().toEpochMilli()));
        }
        long noteCount = h.notes() + talkNotes.delta();
        TalkHead next = new TalkHead(current, seq + 1, versionTime, noteCount, h.snapshotSeq(), window, count);
        if (current != null && next.snapshotDue(seq + 1, snapshotEvery)) {
            snapshots.put(TalkLog.key(talkId, seq), new TalkLog.Snapshot(whole(talkId, current, true), versionTime));
            next = new TalkHead(current, seq + 1, versionTime, noteCount, seq + 1, window, count);
        }
        putHead(talkId, next);
    }

    /**
     * Whether the dedupe entry of {@code eventId} records an application of this very event to this talk that its
     * head does not hold: the entry names this talk at a sequence not below the head's next one. That is the state
     * at-least-once leaves after a crash: the dedupe and log entries go to their changelogs as they are written, the
     * head (a {@link WriteBehindStore}) only at commit, and the input is read again from the last committed offset.
     * Such an event is applied again, at the same sequence (the head's), so replaying the log after a crash gives the
     * views a run without one gives. The entry names its talk ({@link Seen}), so this holds even when the crash kept
     * the dedupe entry and lost the talk's log entry (another changelog). Under exactly-once the dedupe entries of a
     * lost transaction are aborted with it and this never holds. Every other dedupe hit is a duplicate, as before: an
     * event applied below the head's sequence, or an eventId already applied to another talk of the partition. An
     * entry written before the talk was kept (8 bytes, null talk) falls back to the talk's log: the event must be
     * there at that sequence.
     */
    private boolean lostApplication(String talkId, String eventId, Seen seenAt, long nextSeq) {
        if (seenAt.seq() < nextSeq) {
            return false;
        }
        if (seenAt.talkId() != null) {
            return seenAt.talkId().equals(talkId);
        }
        TalkLog.Entry logged = events.get(TalkLog.key(talkId, seenAt.seq()));
        return logged != null && !logged.duplicate() && eventId.equals(logged.event().getEventId().toString());
    }

    /**
     * @return the start of the hourly window of {@code versionTime} (the time of the applied record, as the windowed
     *         count of the activity store always took it), or {@link Long#MIN_VALUE} when that window closed more
     *         than the grace before the largest version time seen (the event comes too late to be counted)
     */
    private long activityWindow(long versionTime) {
        observedStreamTime = Math.max(observedStreamTime, versionTime);
        long start = Math.max(0, versionTime) / WINDOW_MS * WINDOW_MS;
        return start + WINDOW_MS <= observedStreamTime - activityGraceMs ? Long.MIN_VALUE : start;
    }

    private long stored(String talkId, long windowStart) {
        Long count = activity.fetch(talkId, windowStart);
        return count == null ? 0 : count;
    }

    private void tally(NoteEvent event, AuditTally.Outcome outcome, long now, RecordMetadata where) {
        if (audit != null && where != null) {
            audit.count(where.topic(), where.partition(), where.offset(), event, outcome, now);
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

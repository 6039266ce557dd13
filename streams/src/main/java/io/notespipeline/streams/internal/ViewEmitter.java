package io.notespipeline.streams.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.notespipeline.schemas.avro.TalkView;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Coalesces {@code notes.talk-views}: each talk the fold marks dirty is sent once per emit interval (wall clock), its
 * current view put together from the fold's kept tree of the talk or one prefix scan ({@link TalkNotes#view}), with the talk's version time as timestamp,
 * and its mark cleared. The talks are spread over {@link #SLOTS} slots by hash and the fold's punctuator calls
 * {@link #tick} every {@code interval / SLOTS}, each tick sending the slots that fell due (all of them after a stall):
 * the work of an interval comes in small pieces instead of one pause that holds up the events behind it. A talk's
 * view therefore reaches the topic at most one interval (plus the stall of a late punctuation) after its change.
 * The marks are a store ({@code slot talkId}), so the forwards, the cleared marks and the input offsets commit
 * together: a talk changed before a crash is sent after it.
 */
final class ViewEmitter {

    /** Number of slots the talks are spread over. */
    static final int SLOTS = 10;
    private static final StringSerializer PREFIX = new StringSerializer();

    private final ProcessorContext<String, SpecificRecord> context;
    private final KeyValueStore<String, Long> dirty;
    private final Function<String, TalkHead> heads;
    private final BiFunction<String, TalkView, TalkView> whole;
    private final Set<String> marked;
    private final long tickMs;
    private long lastTick;
    private int nextSlot;

    /**
     * @param whole  the view of a talk from its header (its notes from the fold's kept tree or the notes store)
     * @param marked the talks marked since their slot was last sent (kept by the fold to skip repeated marks);
     *               a talk sent is removed from it
     */
    ViewEmitter(ProcessorContext<String, SpecificRecord> context, KeyValueStore<String, Long> dirty,
                Function<String, TalkHead> heads, BiFunction<String, TalkView, TalkView> whole, Set<String> marked,
                Duration interval) {
        this.context = context;
        this.dirty = dirty;
        this.heads = heads;
        this.whole = whole;
        this.marked = marked;
        this.tickMs = tick(interval).toMillis();
        this.lastTick = context.currentSystemTimeMs();
    }

    /** @return how often {@link #tick} is to be called for {@code interval} */
    static Duration tick(Duration interval) {
        return Duration.ofMillis(Math.max(1, interval.toMillis() / SLOTS));
    }

    /** @return the key of {@code talkId}'s mark in the dirty store */
    static String key(String talkId) {
        return (char) ('0' + Math.floorMod(talkId.hashCode(), SLOTS)) + talkId;
    }

    /** Sends the slots due at {@code now} (one per tick passed since the last call, at most all of them). */
    void tick(long now) {
        long due = (now - lastTick) / tickMs;
        if (due <= 0) {
            return;
        }
        lastTick += due * tickMs;
        int slots = (int) Math.min(SLOTS, due);
        for (int i = 0; i < slots; i++) {
            emit(nextSlot);
            nextSlot = (nextSlot + 1) % SLOTS;
        }
    }

    private void emit(int slot) {
        List<String> sent = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = dirty.prefixScan(String.valueOf((char) ('0' + slot)), PREFIX)) {
            while (it.hasNext()) {
                KeyValue<String, Long> entry = it.next();
                String talkId = entry.key.substring(1);
                TalkHead head = heads.apply(talkId);
                TalkView view = head == null || head.view() == null ? null : whole.apply(talkId, head.view());
                if (view != null) {
                    context.forward(new Record<>(talkId, view, head.versionTime()));
                }
                sent.add(entry.key);
                marked.remove(talkId);
            }
        }
        sent.forEach(dirty::delete);
    }
}

package io.notespipeline.streams.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Coalesces {@code notes.talk-views}: every interval (wall clock) it sends the current view of each talk the fold
 * marked dirty (its header and notes put together with one prefix scan, {@link TalkNotes#view}), once, with the talk's version time as timestamp, and clears the marks. The marks are a store, so
 * the forwards, the cleared marks and the input offsets commit together: a talk changed before a crash is sent
 * after it. Ignores the records themselves.
 */
public final class ViewEmitter implements Processor<String, NoteEvent, String, TalkView> {

    private final String headsStore;
    private final String notesStore;
    private final String dirtyStore;
    private final Duration interval;
    private ProcessorContext<String, TalkView> context;
    private KeyValueStore<String, TalkView> heads;
    private KeyValueStore<String, TalkNotes.Row> notes;
    private KeyValueStore<String, Long> dirty;

    public ViewEmitter(String headsStore, String notesStore, String dirtyStore, Duration interval) {
        this.headsStore = headsStore;
        this.notesStore = notesStore;
        this.dirtyStore = dirtyStore;
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, TalkView> ctx) {
        this.context = ctx;
        this.heads = ctx.getStateStore(headsStore);
        this.notes = ctx.getStateStore(notesStore);
        this.dirty = ctx.getStateStore(dirtyStore);
        ctx.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> emit());
    }

    @Override
    public void process(Record<String, NoteEvent> record) {
        // the fold marks the talks; this node only emits
    }

    private void emit() {
        List<String> sent = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = dirty.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> entry = it.next();
                TalkView view = TalkNotes.view(heads.get(entry.key), notes);
                if (view != null) {
                    context.forward(new Record<>(entry.key, view, entry.value));
                }
                sent.add(entry.key);
            }
        }
        sent.forEach(dirty::delete);
    }
}

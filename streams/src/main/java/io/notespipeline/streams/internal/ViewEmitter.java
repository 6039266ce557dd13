package io.notespipeline.streams.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.notespipeline.schemas.avro.TalkView;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Coalesces {@code notes.talk-views}: the fold's punctuator calls {@link #emit} every interval (wall clock); it sends
 * the current view of each talk marked dirty (its header and notes put together with one prefix scan,
 * {@link TalkNotes#view}), once, with the talk's version time as timestamp, and clears the marks. The marks are a
 * store, so the forwards, the cleared marks and the input offsets commit together: a talk changed before a crash is
 * sent after it.
 */
final class ViewEmitter {

    private final ProcessorContext<String, SpecificRecord> context;
    private final KeyValueStore<String, Long> dirty;
    private final KeyValueStore<String, TalkNotes.Row> notes;
    private final Function<String, TalkHead> heads;

    ViewEmitter(ProcessorContext<String, SpecificRecord> context, KeyValueStore<String, Long> dirty,
                KeyValueStore<String, TalkNotes.Row> notes, Function<String, TalkHead> heads) {
        this.context = context;
        this.dirty = dirty;
        this.notes = notes;
        this.heads = heads;
    }

    /** Sends the view of every talk marked since the last call and clears the marks. */
    void emit() {
        List<String> sent = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = dirty.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> entry = it.next();
                TalkHead head = heads.apply(entry.key);
                TalkView view = head == null ? null : TalkNotes.view(head.view(), notes);
                if (view != null) {
                    context.forward(new Record<>(entry.key, view, head.versionTime()));
                }
                sent.add(entry.key);
            }
        }
        sent.forEach(dirty::delete);
    }
}

package io.notespipeline.streams;

import java.util.concurrent.ExecutionException;

import io.notespipeline.schemas.avro.NoteEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Test helper: one event sent to the events topic, keyed by its talk, and waited for. */
final class Sends {

    private Sends() {
    }

    static RecordMetadata sync(KafkaProducer<String, NoteEvent> producer, String topic, NoteEvent event) {
        try {
            return producer.send(new ProducerRecord<>(topic, event.getTalkId(), event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}

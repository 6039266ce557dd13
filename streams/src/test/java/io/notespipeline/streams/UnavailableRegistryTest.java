package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.notespipeline.schemas.registry.RegistryUnavailableException;
import io.notespipeline.schemas.registry.SchemaRegistryException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the views' deserialization handler skips a record only when it cannot be read; when the registry
 * could not answer, the task fails (the thread is replaced and reads the record again) instead of skipping it.
 */
class UnavailableRegistryTest {

    @TempDir
    Path stateDir;

    /** "down" = the registry gave no answer, "missing" = the registry answered 404, "bad" = bytes that do not decode. */
    private static final Deserializer<String> VALUES = (topic, bytes) -> {
        String s = new String(bytes);
        return switch (s) {
            case "down" -> throw new SerializationException("cannot read",
                    new RegistryUnavailableException(SchemaRegistryException.CLIENT_ERROR, "no answer"));
            case "missing" -> throw new SchemaRegistryException(40403, "Schema 7 not found");
            case "bad" -> throw new SerializationException("not avro");
            default -> s;
        };
    };

    @Test
    void unreadableRecordsAreSkippedButAnUnavailableRegistryFailsTheTask() {
        Properties props = new ViewsConfig(Map.of(ViewsConfig.STATE_DIR_CONFIG, stateDir.toString()))
                .streamsProperties("unused:9092", "in.dlq");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.serdeFrom(Serdes.String().serializer(), VALUES)))
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", Serdes.String().deserializer(),
                    Serdes.String().deserializer());
            in.pipeInput("k", "bad");
            in.pipeInput("k", "missing");
            in.pipeInput("k", "ok");
            assertThat(out.readValuesToList()).containsExactly("ok");
            assertThatThrownBy(() -> in.pipeInput("k", "down"))
                    .satisfies(e -> assertThat(RegistryUnavailableException.isCause(e)).isTrue());
        }
    }
}

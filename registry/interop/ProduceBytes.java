import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces the bytes Confluent's JavaScript AvroSerializer wrote, unchanged (a plain byte[] value: no serializer of
 * ours), to notes.events of a running pipeline, keyed by talk id as the catalog says.
 * Usage: java -cp notes.jar ProduceBytes.java BOOTSTRAP FILE   (FILE: one "talkId hex" line per record)
 */
public class ProduceBytes {
    public static void main(String[] args) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (String line : Files.readAllLines(Path.of(args[1]))) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                byte[] value = HexFormat.of().parseHex(parts[1]);
                RecordMetadata sent = producer.send(new ProducerRecord<>("notes.events", parts[0], value)).get();
                System.out.println("produced " + value.length + " bytes to " + sent.topic() + "-" + sent.partition()
                        + "@" + sent.offset());
            }
        }
    }
}

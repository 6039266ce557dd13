package io.notespipeline.testkit;

import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension giving tests a Kafka cluster, shared by every test class of the test JVM.
 *
 * <ul>
 *   <li>default: one {@link io.notespipeline.embedded.EmbeddedKafka} per JVM, started on first use
 *       and closed when the JVM's test run ends;</li>
 *   <li>{@code NOTES_TEST_BOOTSTRAP=host:port}: an external cluster, nothing is started;</li>
 *   <li>{@code NOTES_TEST_KAFKA=testcontainers}: an {@code apache/kafka} container through
 *       Testcontainers; falls back to the embedded broker, with a warning, when no Docker engine answers.</li>
 * </ul>
 *
 * <p>Use with {@code @ExtendWith(KafkaExtension.class)} and take a {@link TestKafka} parameter in a
 * {@code @BeforeAll}, constructor or test method. Give each test its own topics
 * ({@link TestKafka#uniqueTopic(String)}).
 */
public final class KafkaExtension implements BeforeAllCallback, ParameterResolver {

    /** Environment variable naming an external cluster's bootstrap servers. */
    public static final String BOOTSTRAP_ENV = "NOTES_TEST_BOOTSTRAP";
    /** Environment variable choosing the kind of cluster: {@code embedded} (default) or {@code testcontainers}. */
    public static final String KIND_ENV = "NOTES_TEST_KAFKA";

    private static final Logger log = LoggerFactory.getLogger(KafkaExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    private static TestKafka cluster(ExtensionContext context) {
        // the root store lives as long as the test JVM's launcher session: one cluster per JVM
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(TestKafka.class, k -> startCluster(), TestKafka.class);
    }

    private static TestKafka startCluster() {
        String external = System.getenv(BOOTSTRAP_ENV);
        if (external != null && !external.isBlank()) {
            log.info("Tests use the external Kafka cluster bootstrap={}", external);
            return new TestKafka(external.trim(), () -> { });
        }
        String kind = System.getenv().getOrDefault(KIND_ENV, "embedded").toLowerCase(Locale.ROOT);
        if (kind.equals("testcontainers")) {
            TestKafka container = Containers.kafkaIfDockerAvailable();
            if (container != null) {
                return container;
            }
            log.warn("{}=testcontainers but no Docker engine answers; using the embedded broker", KIND_ENV);
        }
        io.notespipeline.embedded.EmbeddedKafka kafka = io.notespipeline.embedded.EmbeddedKafka.builder().start();
        return new TestKafka(kafka.bootstrapServers(), kafka::close);
    }

    /** @return a topic name no other test uses, starting with {@code prefix}. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

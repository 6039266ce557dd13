package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.Test;

/**
 * Checks docker-compose.yml and the Dockerfile against the code, since no Docker engine runs here:
 * no dead configuration, every service the app needs, commands the CLI knows.
 */
class DockerComposeTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode compose() throws IOException {
        return YAML.readTree(Files.readString(ROOT.resolve("docker-compose.yml")));
    }

    @Test
    void shouldSetOnlyNotesVariablesTheAppReads() throws IOException {
        Set<String> known = Settings.environmentVariables();
        List<String> dead = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = compose().get("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            JsonNode env = service.getValue().get("environment");
            if (env == null) {
                continue;
            }
            env.fieldNames().forEachRemaining(name -> {
                if (name.startsWith("NOTES_")) {
                    used.add(name);
                    if (!known.contains(name)) {
                        dead.add(service.getKey() + ": " + name);
                    }
                }
            });
        }
        assertThat(used).as("the compose file configures the pipeline through NOTES_* variables").hasSizeGreaterThan(8);
        assertThat(dead).as("NOTES_* variables no setting reads (dead configuration)").isEmpty();
    }

    @Test
    void shouldHaveEveryServiceThePipelineNeedsWithHealthChecks() throws IOException {
        JsonNode services = compose().get("services");
        assertThat(services.fieldNames()).toIterable()
                .contains("kafka", "postgres", "registry", "producer-api", "streams-1", "streams-2", "sinks");
        assertThat(services.get("kafka").get("image").asText()).as("Kafka image matches our client version")
                .isEqualTo("apache/kafka:4.4.0");
        for (String name : List.of("kafka", "postgres", "registry", "sinks")) {
            assertThat(services.get(name).has("healthcheck")).as(name + " has a health check").isTrue();
        }
        assertThat(services.get("streams-1").get("environment").get("NOTES_STREAMS_APPLICATION_ID").asText())
                .as("both streams instances share one application id")
                .isEqualTo(services.get("streams-2").get("environment").get("NOTES_STREAMS_APPLICATION_ID").asText());
        assertThat(services.get("sinks").get("depends_on").has("postgres")).isTrue();
    }

    @Test
    void shouldRunOnlyCommandsTheCliKnows() throws IOException {
        Set<String> commands = new picocli.CommandLine(NotesCommandSpec.root()).getSubcommands().keySet();
        for (Iterator<Map.Entry<String, JsonNode>> it = compose().get("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            JsonNode command = service.getValue().get("command");
            if (command != null && service.getValue().has("build")) {
                assertThat(commands).as(service.getKey() + " runs a known command").contains(command.get(0).asText());
            }
        }
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("USER notes").contains("HEALTHCHECK").contains("FROM eclipse-temurin:17-jre")
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/notes/notes.jar\"]");
    }

    /** Reaches the picocli root of {@link Notes} without running anything. */
    static final class NotesCommandSpec {
        static Object root() {
            try {
                var constructor = Notes.class.getDeclaredConstructor();
                constructor.setAccessible(true);
                return constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

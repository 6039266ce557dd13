package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the container's command line from the Dockerfile's ENTRYPOINT and the compose service's
 * command and environment, and runs exactly that here against the embedded broker.
 */
@ExtendWith(KafkaExtension.class)
class DockerCommandIT {

    @TempDir
    Path tmp;

    @Test
    void shouldRunTheRegistryServiceAsTheContainerWould(TestKafka kafka) throws Exception {
        List<String> command = entrypoint();
        JsonNode service = DockerComposeTest.compose().get("services").get("registry");
        service.get("command").forEach(c -> command.add(c.asText()));
        int port = freePort();

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        var env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("NOTES_"));
        JsonNode composeEnv = DockerComposeTest.compose().get("x-notes-env");
        composeEnv.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        service.get("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        // what differs from the container: the broker address, the port, the secret and the data volume
        env.put("NOTES_BOOTSTRAP", kafka.bootstrapServers());
        env.put("NOTES_REGISTRY_PORT", String.valueOf(port));
        env.put("NOTES_ADMIN_TOKEN", "test-admin-token");
        env.put("NOTES_DATA_DIR", tmp.toString());

        Process process = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream().anyMatch(l -> l.contains("running;")));
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
        } finally {
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM: %s", lines).isTrue();
        }
        assertThat(process.exitValue()).as("exit code, output %s", lines).isZero();
    }

    /** The Dockerfile's ENTRYPOINT with the jar path mapped to the one this build made. */
    private static List<String> entrypoint() throws Exception {
        String dockerfile = Files.readString(DockerComposeTest.ROOT.resolve("Dockerfile"));
        Matcher m = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(dockerfile);
        assertThat(m.find()).as("Dockerfile has an exec-form ENTRYPOINT").isTrue();
        List<String> command = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            String arg = part.trim().replaceAll("^\"|\"$", "");
            if (arg.equals("java")) {
                arg = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            } else if (arg.equals("/opt/notes/notes.jar")) {
                arg = Path.of("target", "notes.jar").toAbsolutePath().toString();
            }
            command.add(arg);
        }
        return command;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

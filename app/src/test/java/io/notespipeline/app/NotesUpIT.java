package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.notespipeline.schemas.TopicReader;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code notes.jar} as a real process, the way a user does. */
class NotesUpIT {

    private static final Path JAR = Path.of("target", "notes.jar");
    /** A line of the product's log pattern ({@code logback.xml}). */
    private static final java.util.regex.Pattern LOG_LINE = java.util.regex.Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\b");

    @TempDir
    Path tmp;

    @Test
    void shouldServeTopicsWithTheirPolicyStopOnSigtermAndKeepRecordsAcrossRestart() throws Exception {
        Path dataDir = tmp.resolve("data");
        RunningNotes first = RunningNotes.start(dataDir);
        String bootstrap = first.bootstrap();
        try (Admin admin = Pipeline.admin(bootstrap)) {
            ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, "notes.events");
            ConfigResource views = new ConfigResource(ConfigResource.Type.TOPIC, "notes.talk-views");
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(events, views)).all().get();
            assertThat(configs.get(events).get("retention.ms").value()).isEqualTo("-1");
            assertThat(configs.get(views).get("cleanup.policy").value()).isEqualTo("compact");
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("notes.events", 0, "talk".getBytes(), "kept".getBytes())).get();
        }
        assertThat(Endpoints.read(dataDir)).get().extracting(Endpoints::bootstrap).isEqualTo(bootstrap);

        assertThat(first.stop()).as("SIGTERM exits 0").isZero();
        assertThat(Endpoints.read(dataDir)).as("a clean stop removes the endpoints file").isEmpty();

        RunningNotes second = RunningNotes.start(dataDir);
        assertThat(second.output()).anyMatch(l -> l.contains("topics created: none (all existed)"));
        assertThat(readPartition0(second.bootstrap(), "notes.events")).containsExactly("kept");
        assertThat(second.stop()).isZero();
    }

    @Test
    void shouldRefuseAPortInUseWithOneClearLineAndNoDataDir() throws Exception {
        Path dataDir = tmp.resolve("never");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Result result = runToEnd("up", "--data-dir", dataDir.toString(), "--kafka-port", String.valueOf(taken.getLocalPort()));
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderrLines()).anyMatch(l -> l.equals("notes up: port " + taken.getLocalPort()
                    + " is already in use on 127.0.0.1"));
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldRefuseAnUnusableDataDirWithOneClearLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Result result = runToEnd("up", "--data-dir", file.resolve("sub").toString(), "--kafka-port", "0");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderrLines()).anyMatch(l -> l.startsWith("notes up: data directory " + file.resolve("sub")));
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void shouldTellTopicsThatNoPipelineRunsInTheDataDir() throws Exception {
        Result result = runToEnd("topics", "--data-dir", tmp.resolve("empty").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderrLines()).anyMatch(l -> l.contains("no running `notes up` found"));
    }

    @Test
    void shouldPrintOnlyTheResultOfClientCommandsWithTheirLogsInTheClientLogFile() throws Exception {
        Path dataDir = tmp.resolve("client");
        RunningNotes up = RunningNotes.start(dataDir);
        try {
            for (List<String> args : List.of(List.of("topics"), List.of("talks"))) {
                List<String> command = new ArrayList<>(args);
                command.addAll(List.of("--data-dir", dataDir.toString()));
                Process p = notes(command.toArray(String[]::new)).redirectErrorStream(true).start();
                p.getOutputStream().close();
                List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("command finishes").isTrue();

                assertThat(p.exitValue()).as("notes %s: %s", args, lines).isZero();
                assertThat(lines).as("notes %s prints its result and no log line", args).isNotEmpty()
                        .noneMatch(l -> LOG_LINE.matcher(l).find());
            }
        } finally {
            up.stop();
        }
    }

    private static List<String> readPartition0(String bootstrap, String topic) {
        List<String> values = new ArrayList<>();
        TopicReader.of(bootstrap).readPartition(topic, 0, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
        return values;
    }

    record Result(int exitCode, List<String> stderrLines) {
    }

    static ProcessBuilder notes(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    static Result runToEnd(String... args) throws IOException, InterruptedException {
        Process p = notes(args).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("command finishes").isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.exitValue(), err.lines().toList());
    }

    /** A {@code notes up} process whose stdout is collected line by line. */
    static final class RunningNotes {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private RunningNotes(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    in.lines().forEach(lines::add);
                } catch (IOException e) {
                    lines.add("<stdout closed: " + e + ">");
                }
            }, "notes-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static RunningNotes start(Path dataDir) throws IOException {
            Process p = notes("up", "--data-dir", dataDir.toString(), "--kafka-port", "0",
                    "--http-port", "0", "--registry-port", "0")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            RunningNotes running = new RunningNotes(p);
            // a broker, the registry and the views in a new JVM: 10-20 s on a quiet machine, longer on a loaded CI
            // one; a process that exits fails the wait at once
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("notes up exited with " + p.exitValue() + ": " + running.lines);
                }
                return running.lines.stream().anyMatch(l -> l.contains("running;"));
            });
            return running;
        }

        String bootstrap() {
            return lines.stream().filter(l -> l.startsWith("notes up: Kafka bootstrap ")).findFirst().orElseThrow()
                    .split(" ")[4];
        }

        List<String> output() {
            return lines;
        }

        int stop() throws InterruptedException {
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exits within 15 s of SIGTERM").isTrue();
            return process.exitValue();
        }
    }
}

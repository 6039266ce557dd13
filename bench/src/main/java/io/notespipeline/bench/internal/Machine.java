package io.notespipeline.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Facts about the machine and the checkout a run happens on. */
public final class Machine {

    private Machine() {
    }

    /** @return cores, memory (GiB), Java version and vendor, OS. */
    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("memoryGiB", memTotalKb().map(kb -> String.format(Locale.ROOT, "%.1f", kb / 1024.0 / 1024.0))
                .orElse("?"));
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("maxHeapMiB", String.valueOf(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        return m;
    }

    private static Optional<Long> memTotalKb() {
        return procField(Path.of("/proc/meminfo"), "MemTotal:");
    }

    /** @return the resident set size of process {@code pid} in MiB (Linux /proc), if readable. */
    public static Optional<Double> rssMiB(long pid) {
        return procField(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:").map(kb -> kb / 1024.0);
    }

    private static Optional<Long> procField(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(field)) {
                    return Optional.of(Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** @return the short commit of the working directory's checkout, "unknown" outside one. */
    public static String commit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short=8", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]+")) {
                return out;
            }
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }
}

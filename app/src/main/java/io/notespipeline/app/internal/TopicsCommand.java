package io.notespipeline.app.internal;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import io.notespipeline.app.NotesAppException;
import io.notespipeline.app.Pipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code notes topics}: the topics of the cluster with their partitions and non-default configs. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "List the topics with their partitions and the configs set on them.")
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String bootstrap = client.endpoints().bootstrap();
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Pipeline.admin(bootstrap)) {
            List<String> names = admin.listTopics().names().get().stream().sorted().toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            int width = Math.max(28, names.stream().mapToInt(String::length).max().orElse(0) + 2);
            String row = "%-" + width + "s %10s  %s%n";
            out.printf(row, "TOPIC", "PARTITIONS", "CONFIGS");
            for (String name : names) {
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
                Map<String, String> set = new TreeMap<>();
                for (ConfigEntry e : config.entries()) {
                    if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                        set.put(e.name(), e.value());
                    }
                }
                String shown = set.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","));
                out.printf(row, name, described.get(name).partitions().size(), shown);
            }
            out.flush();
            return 0;
        } catch (ExecutionException e) {
            throw new NotesAppException("cannot list topics at " + bootstrap + ": " + e.getCause().getMessage(), e);
        }
    }
}

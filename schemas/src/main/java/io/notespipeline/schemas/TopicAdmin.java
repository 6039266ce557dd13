package io.notespipeline.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the catalogued topics with their policy. Idempotent: existing topics are left as they are. */
public final class TopicAdmin {

    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {
    }

    /**
     * Creates every topic of {@code topics} that does not exist yet.
     *
     * @return the names of the topics this call created (empty on a second run)
     */
    public static List<String> ensureTopics(Admin admin, List<Topic<?, ?>> topics, short replicationFactor) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic.newTopic(replicationFactor));
                }
            }
            List<String> created = new ArrayList<>();
            var results = admin.createTopics(missing).values();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get();
                    created.add(entry.getKey());
                    log.info("Created topic={}", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new NotesSchemaException("cannot create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotesSchemaException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new NotesSchemaException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        }
    }
}

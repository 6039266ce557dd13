package io.notespipeline.schemas.registry;

/** Confluent's default subject naming: {@code <topic>-value} for values, {@code <topic>-key} for keys. */
public final class TopicNameStrategy {

    private TopicNameStrategy() {
    }

    /** @return the subject of {@code topic}'s values ({@code isKey=false}) or keys */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    /** @return {@code <topic>-value} */
    public static String valueSubject(String topic) {
        return subject(topic, false);
    }
}

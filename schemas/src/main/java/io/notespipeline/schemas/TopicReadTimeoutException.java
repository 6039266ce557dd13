package io.notespipeline.schemas;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link TopicReader} did not reach the end offsets it snapshotted within its deadline. Carries the
 * topic and, per partition still behind, its position and the end it was reading to.
 */
public final class TopicReadTimeoutException extends NotesSchemaException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Map<Integer, Long> positions;
    private final Map<Integer, Long> ends;

    TopicReadTimeoutException(String topic, Duration deadline, Map<Integer, Long> positions, Map<Integer, Long> ends) {
        super("reading topic " + topic + " to its end did not finish within " + deadline
                + " (partition=position/end: " + describe(positions, ends) + ")");
        this.topic = topic;
        this.positions = Map.copyOf(positions);
        this.ends = Map.copyOf(ends);
    }

    /** @return the topic being read */
    public String topic() {
        return topic;
    }

    /** @return the position reached, for each partition that had not reached its end */
    public Map<Integer, Long> positions() {
        return positions;
    }

    /** @return the end offset each lagging partition was read to */
    public Map<Integer, Long> ends() {
        return ends;
    }

    private static String describe(Map<Integer, Long> positions, Map<Integer, Long> ends) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(positions).forEach((p, at) -> b.append(b.isEmpty() ? "" : ", ")
                .append(p).append('=').append(at).append('/').append(ends.get(p)));
        return b.toString();
    }
}

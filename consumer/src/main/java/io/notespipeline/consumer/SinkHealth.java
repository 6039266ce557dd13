package io.notespipeline.consumer;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@code /health} says of one sink.
 *
 * @param name     the sink ({@code warehouse}, {@code lake})
 * @param up       true when its thread runs and its last write (if any) went through
 * @param reason   why it is down (the last failure), or empty
 * @param since    when it went down, or null when up
 * @param lag      records of its assigned partitions not yet written (-1 while unknown)
 * @param restarts how many times its supervisor restarted it after its thread died
 */
public record SinkHealth(String name, boolean up, Optional<String> reason, Instant since, long lag, int restarts) {
}

package io.notespipeline.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.notespipeline.consumer.internal.LakeFiles;
import io.notespipeline.consumer.internal.LogReader;
import io.notespipeline.consumer.internal.RecordConverter;
import io.notespipeline.consumer.internal.WarehouseWriter;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a warehouse into a fresh database ({@code notes replay warehouse --from lake|log
 * [--since T] --into JDBC_URL}) and compares it with the live one. Events come from the lake files
 * or from the events topic; talks and notes always come from the views topic (the lake archives
 * events only) when a Kafka cluster is given. The sink offsets are stored too (from the log's
 * positions, or from the lake files' metadata) so the new warehouse can take over from the live one.
 */
public final class WarehouseReplay {

    /** Where the events are reloaded from. */
    public enum Source {
        LAKE, LOG;

        /** @return {@code lake} or {@code log}, case-insensitive */
        public static Source parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(WarehouseReplay.class);
    private static final int BATCH = 5000;

    private final SinksConfig config;
    private final String bootstrapServers;
    private final TopicCatalog catalog;

    /**
     * @param config           the lake folder, topic names and group id of the live sinks
     * @param bootstrapServers the Kafka cluster, or null to replay events from the lake only (no talks)
     * @param catalog          value deserializers
     */
    public WarehouseReplay(SinksConfig config, String bootstrapServers, TopicCatalog catalog) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.catalog = catalog;
    }

    /**
     * @param from     the lake or the log
     * @param since    when not null, only events that occurred at or after it are loaded and compared
     * @param intoUrl  JDBC URL of an empty database (migrated here)
     * @param live     the live warehouse to compare with, or null
     * @param progress progress of each stage
     * @return what was loaded and whether it equals the live warehouse
     */
    public ReplayReport run(Source from, Instant since, String intoUrl, Warehouse live, ProgressListener progress) {
        if (from == Source.LOG && bootstrapServers == null) {
            throw new NotesSinkException("replay from the log needs a Kafka cluster");
        }
        try (Warehouse target = Warehouse.open(intoUrl, "", "", 2)) {
            if (target.count("note_events") + target.count("talks") > 0) {
                throw new NotesSinkException("target warehouse " + Warehouse.redact(intoUrl) + " is not empty");
            }
            WarehouseWriter writer = new WarehouseWriter(target.dialect());
            String group = config.groupId() + "-" + WarehouseSink.NAME;
            RecordConverter converter = RecordConverter.of(catalog, catalog.events().name(), catalog.talkViews().name());
            LogReader reader = bootstrapServers == null ? null : new LogReader(bootstrapServers, converter);
            long events = from == Source.LAKE ? eventsFromLake(target, writer, group, since, progress)
                    : eventsFromLog(reader, target, writer, group, since, progress);
            long views = reader == null ? 0 : viewsFromLog(reader, target, writer, group, progress);
            List<String> tables = reader == null ? List.of("note_events") : List.of("note_events", "talks", "notes");
            Map<String, TableFingerprint> liveFp = live == null ? Map.of() : live.fingerprint(since);
            ReplayReport report = new ReplayReport(from, events, views, reader == null ? 0 : reader.unreadable(),
                    tables, liveFp, target.fingerprint(since));
            log.info("Replayed warehouse from={} into={} events={} views={} equal={} differences={}", from,
                    Warehouse.redact(intoUrl), events, views, report.equal(), report.differences());
            return report;
        }
    }

    private long eventsFromLake(Warehouse target, WarehouseWriter writer, String group, Instant since,
                                ProgressListener progress) {
        try {
            List<Path> files = LakeFiles.list(config.lakeDir(), catalog.events().name());
            Map<TopicPartition, Long> next = new HashMap<>();
            List<NoteEvent> batch = new ArrayList<>(BATCH);
            long loaded = 0;
            int done = 0;
            for (Path file : files) {
                List<NoteEvent> events = before(file, since) ? List.of() : LakeFiles.read(file);
                for (NoteEvent e : events) {
                    if (since == null || !e.getOccurredAt().isBefore(since)) {
                        batch.add(e);
                    }
                }
                String end = LakeFiles.meta(file).get(LakeFiles.META_END);
                if (end != null) {
                    next.merge(new TopicPartition(catalog.events().name(),
                            LakeFiles.parse(file).orElseThrow().partition()), Long.parseLong(end) + 1, Math::max);
                }
                if (batch.size() >= BATCH) {
                    transact(target, c -> writer.insertEvents(c, batch));
                    loaded += batch.size();
                    batch.clear();
                }
                progress.progress("events from lake (files)", ++done, files.size());
            }
            transact(target, c -> {
                int n = writer.insertEvents(c, batch);
                writer.storeOffsets(c, group, next, Instant.now());
                return n;
            });
            return loaded + batch.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lake under " + config.lakeDir(), e);
        }
    }

    /** @return true when the file's hour folder ends at or before {@code since} (nothing in it to load) */
    private static boolean before(Path file, Instant since) {
        if (since == null) {
            return false;
        }
        String hour = file.getParent().getFileName().toString();
        String day = file.getParent().getParent().getFileName().toString();
        if (!hour.startsWith("hour=") || !day.startsWith("dt=")) {
            return false;
        }
        Instant start = Instant.parse(day.substring(3) + "T" + hour.substring(5) + ":00:00Z");
        return !start.plusSeconds(3600).isAfter(since);
    }

    private long eventsFromLog(LogReader reader, Warehouse target, WarehouseWriter writer, String group,
                               Instant since, ProgressListener progress) {
        long[] loaded = {0};
        reader.readToEnd(catalog.events().name(), (records, next) -> {
            List<NoteEvent> events = new ArrayList<>(records.size());
            for (SinkRecord r : records) {
                NoteEvent e = (NoteEvent) r.value();
                if (since == null || !e.getOccurredAt().isBefore(since)) {
                    events.add(e);
                }
            }
            transact(target, c -> {
                int n = writer.insertEvents(c, events);
                writer.storeOffsets(c, group, next, Instant.now());
                return n;
            });
            loaded[0] += events.size();
        }, progress, "events from log");
        return loaded[0];
    }

    private long viewsFromLog(LogReader reader, Warehouse target, WarehouseWriter writer, String group,
                              ProgressListener progress) {
        long[] applied = {0};
        reader.readToEnd(catalog.talkViews().name(), (records, next) -> {
            List<Map.Entry<String, TalkView>> views = new ArrayList<>(records.size());
            for (SinkRecord r : records) {
                views.add(new AbstractMap.SimpleEntry<>(r.key(), (TalkView) r.value()));
            }
            transact(target, c -> {
                writer.applyViews(c, views);
                writer.storeOffsets(c, group, next, Instant.now());
                return 0;
            });
            applied[0] += views.size();
        }, progress, "talk views from log");
        return applied[0];
    }

    @FunctionalInterface
    private interface Work {
        int run(Connection c) throws SQLException;
    }

    private static int transact(Warehouse target, Work work) {
        try (Connection c = target.dataSource().getConnection()) {
            try {
                int n = work.run(c);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new NotesSinkException("replay write failed: " + e.getMessage(), e);
        }
    }
}

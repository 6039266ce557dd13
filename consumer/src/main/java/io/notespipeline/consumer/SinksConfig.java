package io.notespipeline.consumer;

import static io.notespipeline.schemas.ConfigDefs.define;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;

/** Settings of the sinks (warehouse, lake, dead letters, the consumer loop). */
public final class SinksConfig extends AbstractConfig {
    public static final int MAX_POLL_RECORDS_DEFAULT = 5000;

    public static final ConfigDef CONFIG = new ConfigDef();

    public static final String DATA_DIR_CONFIG = define(CONFIG, "sinks.data.dir", Type.STRING, "data",
            Importance.HIGH,
            "Folder of the default SQLite warehouse (warehouse.db) and the default lake (lake/).");

    public static final String GROUP_ID_CONFIG = define(CONFIG, "sinks.group.id", Type.STRING, "notes-sinks",
            Importance.MEDIUM,
            "Prefix of the sinks' consumer groups (<prefix>-warehouse, <prefix>-lake); "
            + "the group only shares partitions, offsets live in each sink's own storage.");

    public static final String DLQ_POLICY_CONFIG = define(CONFIG, "sinks.dlq.policy", Type.STRING, "dlq",
            ValidString.in("dlq", "fail", "log-and-skip"), Importance.MEDIUM,
            "What to do with a record that cannot be read or converted: dlq "
            + "(send to <topic>.dlq with origin and error headers), fail (stop the sink), log-and-skip.");

    public static final String MAX_POLL_RECORDS_CONFIG = define(CONFIG, "sinks.max.poll.records", Type.INT,
            MAX_POLL_RECORDS_DEFAULT, Range.atLeast(1), Importance.LOW,
            "Most records per poll, hence per warehouse transaction.");

    public static final String POLL_TIMEOUT_MS_CONFIG = define(CONFIG, "sinks.poll.timeout.ms", Type.LONG, 200L,
            Range.atLeast(1), Importance.LOW,
            "How long one poll waits for records; bounds the idle-flush delay.");

    public static final String WAREHOUSE_ENABLED_CONFIG = define(CONFIG, "sinks.warehouse.enabled", Type.BOOLEAN,
            true, Importance.HIGH,
            "Run the SQL warehouse sink.");

    public static final String WAREHOUSE_URL_CONFIG = define(CONFIG, "sinks.warehouse.jdbc.url", Type.STRING, "",
            Importance.HIGH,
            "JDBC URL of the warehouse (jdbc:postgresql://... or jdbc:sqlite:...); "
            + "empty means SQLite at <data dir>/warehouse.db.");

    public static final String WAREHOUSE_USER_CONFIG = define(CONFIG, "sinks.warehouse.user", Type.STRING, "",
            Importance.MEDIUM,
            "Database user (PostgreSQL); empty to use the URL's.");

    public static final String WAREHOUSE_PASSWORD_CONFIG = define(CONFIG, "sinks.warehouse.password", Type.PASSWORD,
            "", Importance.MEDIUM,
            "Database password (PostgreSQL); empty to use the URL's.");

    public static final String WAREHOUSE_POOL_CONFIG = define(CONFIG, "sinks.warehouse.pool.size", Type.INT, 4,
            Range.atLeast(1), Importance.LOW,
            "HikariCP pool size (SQLite always uses one connection).");

    public static final String LAKE_ENABLED_CONFIG = define(CONFIG, "sinks.lake.enabled", Type.BOOLEAN, true,
            Importance.HIGH,
            "Run the archive (lake) sink.");

    public static final String LAKE_DIR_CONFIG = define(CONFIG, "sinks.lake.dir", Type.STRING, "", Importance.HIGH,
            "Root folder of the lake; empty means <data dir>/lake.");

    public static final String LAKE_ROTATE_RECORDS_CONFIG = define(CONFIG, "sinks.lake.rotate.records", Type.INT,
            10_000, Range.atLeast(1), Importance.MEDIUM,
            "A lake file is committed once it holds this many records.");

    public static final String LAKE_ROTATE_SPAN_MS_CONFIG = define(CONFIG, "sinks.lake.rotate.span.ms", Type.LONG,
            60L * 60 * 1000, Range.atLeast(1), Importance.MEDIUM,
            "A lake file is committed before it would span more than this "
            + "much event time (occurredAt); a file never crosses an hour folder anyway.");

    public static final String LAKE_IDLE_FLUSH_MS_CONFIG = define(CONFIG, "sinks.lake.idle.flush.ms", Type.LONG,
            10_000L, Range.atLeast(1), Importance.MEDIUM,
            "A lake file is committed when no record has arrived for its "
            + "partition for this long, so a quiet topic still lands.");

    public static final String LAKE_CODEC_CONFIG = define(CONFIG, "sinks.lake.codec", Type.STRING, "deflate",
            ValidString.in("null", "deflate"), Importance.LOW,
            "Avro container codec of lake files: null or deflate.");

    public static final String AUDIT_INTERVAL_MS_CONFIG = define(CONFIG, "sinks.audit.interval.ms", Type.LONG, 5000L,
            Range.atLeast(0), Importance.LOW,
            "How often each sink reports its changed audit counts (what it "
            + "committed per partition and occurredAt bucket) and its committed offsets to _audit; 0 turns it off.");

    public static final String RESTART_BACKOFF_MS_CONFIG = define(CONFIG, "sinks.restart.backoff.ms", Type.LONG, 1000L,
            Range.atLeast(10), Importance.LOW,
            "First wait before a sink whose thread died is restarted; doubled after each restart that did not last "
            + "a minute, up to sinks.restart.backoff.max.ms.");

    public static final String RESTART_BACKOFF_MAX_MS_CONFIG = define(CONFIG, "sinks.restart.backoff.max.ms", Type.LONG,
            30_000L, Range.atLeast(10), Importance.LOW,
            "Longest wait between restarts of a sink whose thread keeps dying.");

    public static final String HEALTH_PROBE_MS_CONFIG = define(CONFIG, "sinks.health.probe.ms", Type.LONG, 5000L,
            Range.atLeast(0), Importance.LOW,
            "How often each sink's destination is checked (a valid database connection, a writable lake folder) so "
            + "that /health reports one that went away while no record was coming; 0 turns the check off.");

    public SinksConfig(Map<String, ?> values) {
        super(CONFIG, values);
    }

    /** @return the defaults. */
    public static SinksConfig defaults() { return new SinksConfig(Map.of()); }

    /** @return how often sinks report to _audit; 0 when off */
    public long auditIntervalMs() { return getLong(AUDIT_INTERVAL_MS_CONFIG); }
    public long restartBackoffMs() { return getLong(RESTART_BACKOFF_MS_CONFIG); }
    public long restartBackoffMaxMs() { return getLong(RESTART_BACKOFF_MAX_MS_CONFIG); }
    public Path dataDir() { return Path.of(getString(DATA_DIR_CONFIG)); }
    public String groupId() { return getString(GROUP_ID_CONFIG); }
    public DeadLetterPolicy deadLetterPolicy() { return DeadLetterPolicy.parse(getString(DLQ_POLICY_CONFIG)); }
    public int maxPollRecords() { return getInt(MAX_POLL_RECORDS_CONFIG); }
    public long pollTimeoutMs() { return getLong(POLL_TIMEOUT_MS_CONFIG); }
    public long healthProbeMs() { return getLong(HEALTH_PROBE_MS_CONFIG); }
    public boolean warehouseEnabled() { return getBoolean(WAREHOUSE_ENABLED_CONFIG); }

    /** @return the warehouse JDBC URL, SQLite in the data dir when not set */
    public String warehouseUrl() {
        String url = getString(WAREHOUSE_URL_CONFIG);
        return url.isBlank() ? "jdbc:sqlite:" + dataDir().resolve("warehouse.db") : url;
    }

    public String warehouseUser() { return getString(WAREHOUSE_USER_CONFIG); }

    public String warehousePassword() {
        Password p = getPassword(WAREHOUSE_PASSWORD_CONFIG);
        return p == null ? "" : p.value();
    }

    public int warehousePoolSize() { return getInt(WAREHOUSE_POOL_CONFIG); }
    public boolean lakeEnabled() { return getBoolean(LAKE_ENABLED_CONFIG); }

    /** @return the lake root, {@code <data dir>/lake} when not set */
    public Path lakeDir() {
        String dir = getString(LAKE_DIR_CONFIG);
        return dir.isBlank() ? dataDir().resolve("lake") : Path.of(dir);
    }

    public int lakeRotateRecords() { return getInt(LAKE_ROTATE_RECORDS_CONFIG); }
    public long lakeRotateSpanMs() { return getLong(LAKE_ROTATE_SPAN_MS_CONFIG); }
    public long lakeIdleFlushMs() { return getLong(LAKE_IDLE_FLUSH_MS_CONFIG); }
    public String lakeCodec() { return getString(LAKE_CODEC_CONFIG); }
}

package io.notespipeline.consumer;

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

    public static final String DATA_DIR_CONFIG = "sinks.data.dir";
    public static final String DATA_DIR_DEFAULT = "data";
    public static final String DATA_DIR_DOC = "Folder of the default SQLite warehouse (warehouse.db) and the default lake (lake/).";

    public static final String GROUP_ID_CONFIG = "sinks.group.id";
    public static final String GROUP_ID_DEFAULT = "notes-sinks";
    public static final String GROUP_ID_DOC = "Prefix of the sinks' consumer groups (<prefix>-warehouse, <prefix>-lake); "
            + "the group only shares partitions, offsets live in each sink's own storage.";

    public static final String DLQ_POLICY_CONFIG = "sinks.dlq.policy";
    public static final String DLQ_POLICY_DEFAULT = "dlq";
    public static final String DLQ_POLICY_DOC = "What to do with a record that cannot be read or converted: dlq "
            + "(send to <topic>.dlq with origin and error headers), fail (stop the sink), log-and-skip.";

    public static final String MAX_POLL_RECORDS_CONFIG = "sinks.max.poll.records";
    public static final int MAX_POLL_RECORDS_DEFAULT = 5000;
    public static final String MAX_POLL_RECORDS_DOC = "Most records per poll, hence per warehouse transaction.";

    public static final String POLL_TIMEOUT_MS_CONFIG = "sinks.poll.timeout.ms";
    public static final long POLL_TIMEOUT_MS_DEFAULT = 200;
    public static final String POLL_TIMEOUT_MS_DOC = "How long one poll waits for records; bounds the idle-flush delay.";

    public static final String WAREHOUSE_ENABLED_CONFIG = "sinks.warehouse.enabled";
    public static final boolean WAREHOUSE_ENABLED_DEFAULT = true;
    public static final String WAREHOUSE_ENABLED_DOC = "Run the SQL warehouse sink.";

    public static final String WAREHOUSE_URL_CONFIG = "sinks.warehouse.jdbc.url";
    public static final String WAREHOUSE_URL_DEFAULT = "";
    public static final String WAREHOUSE_URL_DOC = "JDBC URL of the warehouse (jdbc:postgresql://... or jdbc:sqlite:...); "
            + "empty means SQLite at <data dir>/warehouse.db.";

    public static final String WAREHOUSE_USER_CONFIG = "sinks.warehouse.user";
    public static final String WAREHOUSE_USER_DEFAULT = "";
    public static final String WAREHOUSE_USER_DOC = "Database user (PostgreSQL); empty to use the URL's.";

    public static final String WAREHOUSE_PASSWORD_CONFIG = "sinks.warehouse.password";
    public static final String WAREHOUSE_PASSWORD_DOC = "Database password (PostgreSQL); empty to use the URL's.";

    public static final String WAREHOUSE_POOL_CONFIG = "sinks.warehouse.pool.size";
    public static final int WAREHOUSE_POOL_DEFAULT = 4;
    public static final String WAREHOUSE_POOL_DOC = "HikariCP pool size (SQLite always uses one connection).";

    public static final String LAKE_ENABLED_CONFIG = "sinks.lake.enabled";
    public static final boolean LAKE_ENABLED_DEFAULT = true;
    public static final String LAKE_ENABLED_DOC = "Run the archive (lake) sink.";

    public static final String LAKE_DIR_CONFIG = "sinks.lake.dir";
    public static final String LAKE_DIR_DEFAULT = "";
    public static final String LAKE_DIR_DOC = "Root folder of the lake; empty means <data dir>/lake.";

    public static final String LAKE_ROTATE_RECORDS_CONFIG = "sinks.lake.rotate.records";
    public static final int LAKE_ROTATE_RECORDS_DEFAULT = 10_000;
    public static final String LAKE_ROTATE_RECORDS_DOC = "A lake file is committed once it holds this many records.";

    public static final String LAKE_ROTATE_SPAN_MS_CONFIG = "sinks.lake.rotate.span.ms";
    public static final long LAKE_ROTATE_SPAN_MS_DEFAULT = 60L * 60 * 1000;
    public static final String LAKE_ROTATE_SPAN_MS_DOC = "A lake file is committed before it would span more than this "
            + "much event time (occurredAt); a file never crosses an hour folder anyway.";

    public static final String LAKE_IDLE_FLUSH_MS_CONFIG = "sinks.lake.idle.flush.ms";
    public static final long LAKE_IDLE_FLUSH_MS_DEFAULT = 10_000;
    public static final String LAKE_IDLE_FLUSH_MS_DOC = "A lake file is committed when no record has arrived for its "
            + "partition for this long, so a quiet topic still lands.";

    public static final String LAKE_CODEC_CONFIG = "sinks.lake.codec";
    public static final String LAKE_CODEC_DEFAULT = "deflate";
    public static final String LAKE_CODEC_DOC = "Avro container codec of lake files: null or deflate.";

    public static final String AUDIT_INTERVAL_MS_CONFIG = "sinks.audit.interval.ms";
    public static final long AUDIT_INTERVAL_MS_DEFAULT = 5000L;
    public static final String AUDIT_INTERVAL_MS_DOC = "How often each sink reports its changed audit counts (what it "
            + "committed per partition and occurredAt bucket) and its committed offsets to _audit; 0 turns it off.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(DATA_DIR_CONFIG, Type.STRING, DATA_DIR_DEFAULT, Importance.HIGH, DATA_DIR_DOC)
            .define(GROUP_ID_CONFIG, Type.STRING, GROUP_ID_DEFAULT, Importance.MEDIUM, GROUP_ID_DOC)
            .define(DLQ_POLICY_CONFIG, Type.STRING, DLQ_POLICY_DEFAULT,
                    ValidString.in("dlq", "fail", "log-and-skip"), Importance.MEDIUM, DLQ_POLICY_DOC)
            .define(MAX_POLL_RECORDS_CONFIG, Type.INT, MAX_POLL_RECORDS_DEFAULT, Range.atLeast(1), Importance.LOW,
                    MAX_POLL_RECORDS_DOC)
            .define(POLL_TIMEOUT_MS_CONFIG, Type.LONG, POLL_TIMEOUT_MS_DEFAULT, Range.atLeast(1), Importance.LOW,
                    POLL_TIMEOUT_MS_DOC)
            .define(WAREHOUSE_ENABLED_CONFIG, Type.BOOLEAN, WAREHOUSE_ENABLED_DEFAULT, Importance.HIGH,
                    WAREHOUSE_ENABLED_DOC)
            .define(WAREHOUSE_URL_CONFIG, Type.STRING, WAREHOUSE_URL_DEFAULT, Importance.HIGH, WAREHOUSE_URL_DOC)
            .define(WAREHOUSE_USER_CONFIG, Type.STRING, WAREHOUSE_USER_DEFAULT, Importance.MEDIUM, WAREHOUSE_USER_DOC)
            .define(WAREHOUSE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, WAREHOUSE_PASSWORD_DOC)
            .define(WAREHOUSE_POOL_CONFIG, Type.INT, WAREHOUSE_POOL_DEFAULT, Range.atLeast(1), Importance.LOW,
                    WAREHOUSE_POOL_DOC)
            .define(LAKE_ENABLED_CONFIG, Type.BOOLEAN, LAKE_ENABLED_DEFAULT, Importance.HIGH, LAKE_ENABLED_DOC)
            .define(LAKE_DIR_CONFIG, Type.STRING, LAKE_DIR_DEFAULT, Importance.HIGH, LAKE_DIR_DOC)
            .define(LAKE_ROTATE_RECORDS_CONFIG, Type.INT, LAKE_ROTATE_RECORDS_DEFAULT, Range.atLeast(1),
                    Importance.MEDIUM, LAKE_ROTATE_RECORDS_DOC)
            .define(LAKE_ROTATE_SPAN_MS_CONFIG, Type.LONG, LAKE_ROTATE_SPAN_MS_DEFAULT, Range.atLeast(1),
                    Importance.MEDIUM, LAKE_ROTATE_SPAN_MS_DOC)
            .define(LAKE_IDLE_FLUSH_MS_CONFIG, Type.LONG, LAKE_IDLE_FLUSH_MS_DEFAULT, Range.atLeast(1),
                    Importance.MEDIUM, LAKE_IDLE_FLUSH_MS_DOC)
            .define(LAKE_CODEC_CONFIG, Type.STRING, LAKE_CODEC_DEFAULT, ValidString.in("null", "deflate"),
                    Importance.LOW, LAKE_CODEC_DOC)
            .define(AUDIT_INTERVAL_MS_CONFIG, Type.LONG, AUDIT_INTERVAL_MS_DEFAULT, Range.atLeast(0), Importance.LOW,
                    AUDIT_INTERVAL_MS_DOC);

    public SinksConfig(Map<String, ?> values) {
        super(CONFIG, values);
    }

    /** @return the defaults. */
    public static SinksConfig defaults() {
        return new SinksConfig(Map.of());
    }

    /** @return how often sinks report to _audit; 0 when off */
    public long auditIntervalMs() {
        return getLong(AUDIT_INTERVAL_MS_CONFIG);
    }

    public Path dataDir() {
        return Path.of(getString(DATA_DIR_CONFIG));
    }

    public String groupId() {
        return getString(GROUP_ID_CONFIG);
    }

    public DeadLetterPolicy deadLetterPolicy() {
        return DeadLetterPolicy.parse(getString(DLQ_POLICY_CONFIG));
    }

    public int maxPollRecords() {
        return getInt(MAX_POLL_RECORDS_CONFIG);
    }

    public long pollTimeoutMs() {
        return getLong(POLL_TIMEOUT_MS_CONFIG);
    }

    public boolean warehouseEnabled() {
        return getBoolean(WAREHOUSE_ENABLED_CONFIG);
    }

    /** @return the warehouse JDBC URL, SQLite in the data dir when not set */
    public String warehouseUrl() {
        String url = getString(WAREHOUSE_URL_CONFIG);
        return url.isBlank() ? "jdbc:sqlite:" + dataDir().resolve("warehouse.db") : url;
    }

    public String warehouseUser() {
        return getString(WAREHOUSE_USER_CONFIG);
    }

    public String warehousePassword() {
        Password p = getPassword(WAREHOUSE_PASSWORD_CONFIG);
        return p == null ? "" : p.value();
    }

    public int warehousePoolSize() {
        return getInt(WAREHOUSE_POOL_CONFIG);
    }

    public boolean lakeEnabled() {
        return getBoolean(LAKE_ENABLED_CONFIG);
    }

    /** @return the lake root, {@code <data dir>/lake} when not set */
    public Path lakeDir() {
        String dir = getString(LAKE_DIR_CONFIG);
        return dir.isBlank() ? dataDir().resolve("lake") : Path.of(dir);
    }

    public int lakeRotateRecords() {
        return getInt(LAKE_ROTATE_RECORDS_CONFIG);
    }

    public long lakeRotateSpanMs() {
        return getLong(LAKE_ROTATE_SPAN_MS_CONFIG);
    }

    public long lakeIdleFlushMs() {
        return getLong(LAKE_IDLE_FLUSH_MS_CONFIG);
    }

    public String lakeCodec() {
        return getString(LAKE_CODEC_CONFIG);
    }
}

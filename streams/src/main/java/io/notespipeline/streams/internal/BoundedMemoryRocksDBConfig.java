package io.notespipeline.streams.internal;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the process, after the Kafka Streams documentation's
 * {@code BoundedMemoryRocksDBConfig}: one LRU block cache shared by all stores of all Kafka Streams instances in
 * the JVM, into which a shared {@link WriteBufferManager} charges the memtables and in which the index and filter
 * blocks live too. Without it each store opens its own 50 MB block cache and up to three 16 MB memtables: the
 * views have about a dozen stores per partition, six partitions, so the worst case is gigabytes, and even an idle
 * store pins a 2 MB memtable arena block once it has been written to.
 *
 * <p>{@value #TOTAL_OFF_HEAP_BYTES} bytes in all, of which {@value #TOTAL_MEMTABLE_BYTES} for memtables; a
 * memtable is flushed at {@value #MEMTABLE_BYTES} bytes (arena blocks of an eighth of that), at most
 * {@value #MEMTABLES} per store. The cache is not strict: a read that does not fit still succeeds (RocksDB's
 * strict mode fails reads instead).
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

    static final long TOTAL_OFF_HEAP_BYTES = 64L * 1024 * 1024;
    static final long TOTAL_MEMTABLE_BYTES = 24L * 1024 * 1024;
    static final long MEMTABLE_BYTES = 4L * 1024 * 1024;
    static final int MEMTABLES = 2;
    /** Share of the cache kept for index and filter blocks (high priority), as in Kafka's example. */
    static final double INDEX_FILTER_BLOCK_RATIO = 0.1;

    /** Made once per JVM, never closed: every store of every instance uses them until the process ends. */
    private static final class Shared {
        static final Cache CACHE;
        static final WriteBufferManager WRITE_BUFFERS;

        static {
            org.rocksdb.RocksDB.loadLibrary();
            CACHE = new LRUCache(TOTAL_OFF_HEAP_BYTES, -1, false, INDEX_FILTER_BLOCK_RATIO);
            WRITE_BUFFERS = new WriteBufferManager(TOTAL_MEMTABLE_BYTES, CACHE);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(Shared.CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(Shared.WRITE_BUFFERS);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(MEMTABLES);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store: closing them here would break the others
    }
}

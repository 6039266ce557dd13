package io.notespipeline.consumer;

/**
 * Row count and an order-independent hash of a warehouse table's rows (offsets and load times
 * excluded), comparable across SQLite and PostgreSQL.
 *
 * @param table the table
 * @param rows  its row count
 * @param hash  hex hash of the multiset of its rows
 */
public record TableFingerprint(String table, long rows, String hash) {
}

package dev.keyslot.datanode.command.transaction;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.util.ByteKey;

/**
 * One key one client watches in one database. expired records that the key was already logically expired
 * when WATCH ran, so its later deletion by expiry is not a change (Redis 7.0's rule).
 */
final class WatchedKey {
    final ByteKey key;
    final Database db;
    final Client client;
    boolean expired;

    WatchedKey(ByteKey key, Database db, Client client, boolean expired) {
        this.key = key;
        this.db = db;
        this.client = client;
        this.expired = expired;
    }
}

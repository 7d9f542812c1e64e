package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.config.ServerConfig;

/** The encoding thresholds a restored collection is checked against, read from the live configuration. */
final class CollectionLimits {
    /** Redis caps intsets at 2^30 entries whatever the configuration says. */
    private static final long INTSET_HARD_LIMIT = 1L << 30;

    private final ServerConfig config;

    CollectionLimits(ServerConfig config) {
        this.config = config;
    }

    long hashEntries() {
        return config.getLong("hash-max-listpack-entries");
    }

    long hashValue() {
        return config.getLong("hash-max-listpack-value");
    }

    long intsetEntries() {
        return Math.min(config.getLong("set-max-intset-entries"), INTSET_HARD_LIMIT);
    }

    long zsetEntries() {
        return config.getLong("zset-max-listpack-entries");
    }

    long zsetValue() {
        return config.getLong("zset-max-listpack-value");
    }

    long listNodeFill() {
        return config.getLong("list-max-listpack-size");
    }

    long listCompressDepth() {
        return config.getLong("list-compress-depth");
    }
}

package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.config.ServerConfig;

/**
 * How RDB files are written and read: LZF compression of strings (rdbcompression), the CRC-64 trailer
 * (rdbchecksum), and which access metadata goes with each key (LRU idle time or LFU counter, by
 * maxmemory-policy).
 */
public record RdbOptions(boolean compress, boolean checksum, KeyAccess keyAccess) {
    public enum KeyAccess { NONE, LRU, LFU }

    public static RdbOptions of(ServerConfig config) {
        String policy = config.get("maxmemory-policy");
        KeyAccess access = policy.endsWith("-lru") ? KeyAccess.LRU : policy.endsWith("-lfu") ? KeyAccess.LFU
                : KeyAccess.NONE;
        return new RdbOptions(config.getBool("rdbcompression"), config.getBool("rdbchecksum"), access);
    }
}

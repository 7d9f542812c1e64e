package dev.keyslot.datanode.config;

/**
 * One redis.conf directive: its canonical name, an optional alias (Redis keeps "slaveof" for "replicaof"
 * and the like), how values are validated, the default, and whether CONFIG SET may change it.
 */
public record ConfigOption(String name, String alias, ConfigType type, String defaultValue, boolean mutable,
                           boolean sensitive) {
}

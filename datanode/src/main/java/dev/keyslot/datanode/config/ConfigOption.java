package dev.keyslot.datanode.config;

/**
 * One redis.conf directive: its canonical name, an optional alias (Redis keeps "slaveof" for "replicaof"
 * and the like), how values are validated, the default, whether CONFIG SET may change it, whether its value
 * is a secret (redacted from logs), and whether it is protected (CONFIG SET refused unless
 * enable-protected-configs allows it), whether it is hidden (Redis's test hooks: CONFIG GET names it
 * only exactly, never through a pattern), and whether CONFIG SET refuses it while the dataset loads.
 */
public record ConfigOption(String name, String alias, ConfigType type, String defaultValue, boolean mutable,
                           boolean sensitive, boolean protectedConfig, boolean hidden, boolean denyLoading) {

    /**
     * Each directive is defined once, so identity is equality. Kept off the record's generated methods: their
     * bootstrap on first use (CONFIG SET keys a map by option) took some 150 ms on a fresh JVM, and that first
     * CONFIG SET then showed in the slow log and latency monitor.
     */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /** Directives whose value is a list of words (save, bind, client-output-buffer-limit, ...). */
    public boolean multiArg() {
        return type.multiArg();
    }
}

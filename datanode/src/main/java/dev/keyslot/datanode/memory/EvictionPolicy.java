package dev.keyslot.datanode.memory;

import java.util.Locale;

/** The eight maxmemory-policy values: which keys are candidates and how the victim is chosen. */
public enum EvictionPolicy {
    VOLATILE_LRU(false, Strategy.LRU),
    VOLATILE_LFU(false, Strategy.LFU),
    VOLATILE_RANDOM(false, Strategy.RANDOM),
    VOLATILE_TTL(false, Strategy.TTL),
    ALLKEYS_LRU(true, Strategy.LRU),
    ALLKEYS_LFU(true, Strategy.LFU),
    ALLKEYS_RANDOM(true, Strategy.RANDOM),
    NOEVICTION(true, Strategy.NONE);

    /** How a victim is picked among the candidates. */
    enum Strategy { LRU, LFU, TTL, RANDOM, NONE }

    private final boolean allKeys;
    private final Strategy strategy;
    private final String configName;

    EvictionPolicy(boolean allKeys, Strategy strategy) {
        this.allKeys = allKeys;
        this.strategy = strategy;
        this.configName = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy for a maxmemory-policy value (already validated by the config table). */
    public static EvictionPolicy byConfigName(String name) {
        for (EvictionPolicy p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown maxmemory-policy " + name);
    }

    public String configName() {
        return configName;
    }

    /** False for volatile-*: only keys with a TTL may be evicted. */
    public boolean allKeys() {
        return allKeys;
    }

    Strategy strategy() {
        return strategy;
    }

    /** LRU and LFU policies pick victims by each key's own access clock. */
    boolean evictsByAccess() {
        return strategy == Strategy.LRU || strategy == Strategy.LFU;
    }

    /** LFU policies keep an access counter in KeyEntry.lru instead of the LRU clock. */
    public boolean usesLfu() {
        return strategy == Strategy.LFU;
    }
}

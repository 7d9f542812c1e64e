package dev.keyslot.datanode.scripting;

import java.util.Locale;

/** The flags a script declares in its shebang (or a function in redis.register_function). */
public enum ScriptFlag {
    NO_WRITES("no-writes"),
    ALLOW_OOM("allow-oom"),
    ALLOW_STALE("allow-stale"),
    NO_CLUSTER("no-cluster"),
    ALLOW_CROSS_SLOT("allow-cross-slot-keys");

    private final String wireName;

    ScriptFlag(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public int bit() {
        return 1 << ordinal();
    }

    static ScriptFlag byName(String name, boolean ignoreCase) {
        for (ScriptFlag f : values()) {
            if (ignoreCase ? f.wireName.equalsIgnoreCase(name) : f.wireName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    static boolean has(int flags, ScriptFlag flag) {
        return (flags & flag.bit()) != 0;
    }

    @Override
    public String toString() {
        return wireName.toLowerCase(Locale.ROOT);
    }
}

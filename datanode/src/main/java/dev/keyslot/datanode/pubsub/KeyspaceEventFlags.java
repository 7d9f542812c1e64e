package dev.keyslot.datanode.pubsub;

/**
 * The notify-keyspace-events option as the bits the notifier tests. 'A' stands for every class except m
 * and n. (The config table validates and spells the option canonically: SpecialConfigs.)
 */
public final class KeyspaceEventFlags {
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    private static final int ALL = NotifyType.GENERIC.bit | NotifyType.STRING.bit | NotifyType.LIST.bit
            | NotifyType.SET.bit | NotifyType.HASH.bit | NotifyType.ZSET.bit | NotifyType.EXPIRED.bit
            | NotifyType.EVICTED.bit | NotifyType.STREAM.bit | NotifyType.MODULE.bit;

    private KeyspaceEventFlags() {
    }

    /** The bits for a flags string, or -1 when it holds an unknown letter. */
    public static int parse(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            char c = classes.charAt(i);
            int bit = switch (c) {
                case 'A' -> ALL;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                default -> letterBit(c);
            };
            if (bit < 0) {
                return -1;
            }
            flags |= bit;
        }
        return flags;
    }

    private static int letterBit(char c) {
        for (NotifyType t : NotifyType.values()) {
            if (t.letter == c) {
                return t.bit;
            }
        }
        return -1;
    }
}

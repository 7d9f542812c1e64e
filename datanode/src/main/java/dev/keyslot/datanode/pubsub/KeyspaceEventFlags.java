package dev.keyslot.datanode.pubsub;

import dev.keyslot.datanode.config.ConfigException;

/**
 * The notify-keyspace-events option: parsing its letters into bits and printing them back in Redis's
 * canonical order (CONFIG GET shows "AKE" for "KEA"). 'A' stands for every class except m and n.
 */
public final class KeyspaceEventFlags {
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    static final int ALL = NotifyType.GENERIC.bit | NotifyType.STRING.bit | NotifyType.LIST.bit
            | NotifyType.SET.bit | NotifyType.HASH.bit | NotifyType.ZSET.bit | NotifyType.EXPIRED.bit
            | NotifyType.EVICTED.bit | NotifyType.STREAM.bit | NotifyType.MODULE.bit;

    private static final NotifyType[] PRINT_ORDER = {NotifyType.GENERIC, NotifyType.STRING, NotifyType.LIST,
        NotifyType.SET, NotifyType.HASH, NotifyType.ZSET, NotifyType.EXPIRED, NotifyType.EVICTED,
        NotifyType.STREAM, NotifyType.MODULE, NotifyType.NEW};

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

    public static String format(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL) == ALL) {
            sb.append('A');
        } else {
            for (NotifyType t : PRINT_ORDER) {
                if ((flags & t.bit) != 0) {
                    sb.append(t.letter);
                }
            }
        }
        if ((flags & KEYSPACE) != 0) {
            sb.append('K');
        }
        if ((flags & KEYEVENT) != 0) {
            sb.append('E');
        }
        if ((flags & NotifyType.KEY_MISS.bit) != 0) {
            sb.append('m');
        }
        return sb.toString();
    }

    /** Config validator: the canonical spelling, or Redis's error. */
    public static String normalise(String value) throws ConfigException {
        int flags = parse(value);
        if (flags < 0) {
            throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
        }
        return format(flags);
    }
}

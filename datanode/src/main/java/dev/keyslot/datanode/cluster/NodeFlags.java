package dev.keyslot.datanode.cluster;

/** Cluster node flag bits, as carried on the bus, and their CLUSTER NODES names. */
public final class NodeFlags {
    public static final int MASTER = 1;
    public static final int SLAVE = 2;
    public static final int PFAIL = 4;
    public static final int FAIL = 8;
    public static final int MYSELF = 16;
    public static final int HANDSHAKE = 32;
    public static final int NOADDR = 64;
    public static final int MEET = 128;
    public static final int MIGRATE_TO = 256;
    public static final int NOFAILOVER = 512;

    private static final int[] PRINTED = {MYSELF, MASTER, SLAVE, PFAIL, FAIL, HANDSHAKE, NOADDR, NOFAILOVER};
    private static final String[] NAMES = {"myself", "master", "slave", "fail?", "fail", "handshake", "noaddr",
            "nofailover"};

    /** Every combination of the flags above, described once: nodes.conf is rewritten on most bus changes. */
    private static final String[] DESCRIPTIONS = new String[NOFAILOVER << 1];

    static {
        for (int flags = 0; flags < DESCRIPTIONS.length; flags++) {
            DESCRIPTIONS[flags] = build(flags);
        }
    }

    private NodeFlags() {
    }

    /** The comma-separated flag list of CLUSTER NODES, "noflags" when none applies. */
    public static String describe(int flags) {
        return flags >= 0 && flags < DESCRIPTIONS.length ? DESCRIPTIONS[flags] : build(flags);
    }

    private static String build(int flags) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PRINTED.length; i++) {
            if ((flags & PRINTED[i]) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(NAMES[i]);
            }
        }
        return sb.length() == 0 ? "noflags" : sb.toString();
    }

    /** Parses the flag list of a nodes.conf line. */
    public static int parse(String list) {
        int flags = 0;
        for (String name : list.split(",")) {
            switch (name) {
                case "myself" -> flags |= MYSELF;
                case "master" -> flags |= MASTER;
                case "slave" -> flags |= SLAVE;
                case "fail?" -> flags |= PFAIL;
                case "fail" -> flags |= FAIL;
                case "handshake" -> flags |= HANDSHAKE;
                case "noaddr" -> flags |= NOADDR;
                case "nofailover" -> flags |= NOFAILOVER;
                case "noflags" -> {
                }
                default -> throw new IllegalArgumentException("Unknown flag in redis cluster config file");
            }
        }
        return flags;
    }
}

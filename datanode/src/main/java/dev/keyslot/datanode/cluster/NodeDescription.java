package dev.keyslot.datanode.cluster;

/** The CLUSTER NODES line of a node, which is also its nodes.conf line. */
public final class NodeDescription {
    private NodeDescription() {
    }

    public static String of(ClusterState state, ClusterNode node) {
        return of(state, node, false);
    }

    /** plaintextPort: show the plain text port of a tls-cluster node (to a client that is not on TLS). */
    public static String of(ClusterState state, ClusterNode node, boolean plaintextPort) {
        LineBuffer line = new LineBuffer(128);
        appendLine(line, state, node, plaintextPort);
        return line.toString();
    }

    /** Appends the node's line without its line end. */
    static void appendLine(LineBuffer sb, ClusterState state, ClusterNode node, boolean plaintextPort) {
        sb.append(node.id()).append(' ').append(node.ip).append(':').append(node.clientPort(plaintextPort))
                .append('@').append(node.cport);
        if (!node.hostname.isEmpty()) {
            sb.append(',').append(node.hostname);
        }
        sb.append(' ').append(NodeFlags.describe(node.flags));
        sb.append(' ').append(node.master != null ? node.master.id() : "-");
        long epoch = node.isReplica() && node.master != null ? node.master.configEpoch : node.configEpoch;
        sb.append(' ').append(node.pingSent).append(' ').append(node.pongReceived).append(' ')
                .appendUnsigned(epoch).append(' ')
                .append(node.link != null || node.isMyself() ? "connected" : "disconnected");
        appendSlotRanges(sb, node);
        if (node.isMyself()) {
            for (int slot = state.nextOpenSlot(0); slot >= 0; slot = state.nextOpenSlot(slot + 1)) {
                ClusterNode to = state.migratingTo(slot);
                if (to != null) {
                    sb.append(" [").append(slot).append("->-").append(to.id()).append(']');
                } else {
                    sb.append(" [").append(slot).append("-<-").append(state.importingFrom(slot).id()).append(']');
                }
            }
        }
    }

    private static void appendSlotRanges(LineBuffer sb, ClusterNode node) {
        if (node.slotCount == 0) {
            return;
        }
        SlotBitmap slots = node.slots;
        for (int start = slots.nextSet(0); start >= 0; ) {
            int end = slots.nextClear(start) - 1;
            sb.append(' ').append(start);
            if (end > start) {
                sb.append('-').append(end);
            }
            start = slots.nextSet(end + 1);
        }
    }

    /** All nodes except those with any of the excluded flags, one line each, "\n"-terminated. */
    public static String all(ClusterState state, int excludedFlags) {
        return all(state, excludedFlags, false);
    }

    public static String all(ClusterState state, int excludedFlags, boolean plaintextPort) {
        LineBuffer lines = new LineBuffer(128 * state.nodes().size());
        appendAll(lines, state, excludedFlags, plaintextPort);
        return lines.toString();
    }

    /** Appends the lines of {@link #all} to the caller's builder (nodes.conf reuses one for every save). */
    static void appendAll(LineBuffer sb, ClusterState state, int excludedFlags, boolean plaintextPort) {
        for (ClusterNode n : state.nodes()) {
            if ((n.flags & excludedFlags) == 0) {
                appendLine(sb, state, n, plaintextPort);
                sb.append('\n');
            }
        }
    }
}

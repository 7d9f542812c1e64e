package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.keyspace.list.ListValue;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The quicklist figures DEBUG OBJECT appends for a list: its nodes, and the settings it was made with. The
 * average is rounded as C's printf rounds the double's exact value (a tie to even).
 */
final class QuicklistSummary {
    private QuicklistSummary() {
    }

    static String of(ListValue list) {
        int nodes = list.nodeCount();
        long bytes = 0;
        for (int i = 0; i < nodes; i++) {
            bytes += list.nodeBytes(i);
        }
        return " ql_nodes:" + nodes
                + " ql_avg_node:" + new BigDecimal((double) list.size() / nodes).setScale(2, RoundingMode.HALF_EVEN)
                + " ql_listpack_max:" + list.fill()
                + " ql_compressed:" + (list.compressDepth() != 0 ? 1 : 0)
                + " ql_uncompressed_size:" + bytes;
    }
}

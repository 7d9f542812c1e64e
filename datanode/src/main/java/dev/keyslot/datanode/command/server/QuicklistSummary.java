package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.persistence.rdb.QuicklistLayout;

import java.util.List;
import java.util.Locale;

/**
 * The quicklist figures DEBUG OBJECT appends for a list. The data node keeps no quicklist, so they describe
 * the nodes Redis builds when the elements are appended in order (exact for lists grown by RPUSH).
 */
final class QuicklistSummary {
    private QuicklistSummary() {
    }

    static String of(ListValue list, long fill, long compressDepth) {
        QuicklistLayout layout = new QuicklistLayout(fill);
        for (int i = 0; i < list.size(); i++) {
            layout.append(list.get(i));
        }
        List<QuicklistLayout.Node> nodes = layout.finish();
        long bytes = 0;
        for (QuicklistLayout.Node node : nodes) {
            bytes += node.blob().length;
        }
        return " ql_nodes:" + nodes.size()
                + " ql_avg_node:" + String.format(Locale.ROOT, "%.2f", (double) list.size() / nodes.size())
                + " ql_listpack_max:" + fill
                + " ql_compressed:" + (compressDepth != 0 ? 1 : 0)
                + " ql_uncompressed_size:" + bytes;
    }
}

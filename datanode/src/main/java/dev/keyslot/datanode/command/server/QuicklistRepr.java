package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.persistence.rdb.Listpack;
import dev.keyslot.datanode.persistence.rdb.QuicklistCompression;

import java.nio.charset.StandardCharsets;

/**
 * DEBUG QUICKLIST's dump of a list's nodes, in Redis's quicklistRepr layout; LZF for the nodes Redis would hold
 * compressed (list-compress-depth), though the data node keeps every node uncompressed.
 */
final class QuicklistRepr {
    private QuicklistRepr() {
    }

    static String of(ListValue list, boolean full) {
        int nodes = list.nodeCount();
        StringBuilder out = new StringBuilder();
        out.append("{count : ").append(list.size()).append("}\n{len : ").append(nodes).append("}\n{fill : ")
                .append(list.fill()).append("}\n{compress : ").append(list.compressDepth())
                .append("}\n{bookmark_count : 0}\n");
        for (int i = 0; i < nodes; i++) {
            boolean plain = list.isPlainNode(i);
            boolean compressed = QuicklistCompression.beyondDepth(list, i)
                    && QuicklistCompression.compressed(QuicklistCompression.rawNode(list, i)) != null;
            out.append("{quicklist node(").append(i).append(")\n{container : ")
                    .append(plain ? "PLAIN" : "PACKED").append(", encoding: ").append(compressed ? "LZF" : "RAW")
                    .append(", size: ").append(list.nodeBytes(i)).append(", count: ").append(list.nodeElements(i))
                    .append(", recompress: 0, attempted_compress: 0}\n");
            if (full) {
                if (plain) {
                    list.forEachInNode(i, (array, offset, length) -> out.append("{ entry : ")
                            .append(new String(array, offset, length, StandardCharsets.ISO_8859_1)).append(" }\n"));
                } else {
                    out.append("{ listpack:\n").append(ListpackRepr.of(Listpack.ofNode(list, i))).append("}\n");
                }
                out.append("}\n");
            }
        }
        return out.toString();
    }
}

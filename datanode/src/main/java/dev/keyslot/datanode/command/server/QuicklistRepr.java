package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.persistence.rdb.QuicklistLayout;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * DEBUG QUICKLIST's dump, in Redis's quicklistRepr layout, of the nodes Redis builds when the elements are
 * appended in order (see {@link QuicklistSummary}). Nodes are shown uncompressed (RAW) whatever
 * list-compress-depth says: the data node compresses nothing in memory.
 */
final class QuicklistRepr {
    private QuicklistRepr() {
    }

    static String of(ListValue list, long fill, long compressDepth, boolean full) {
        QuicklistLayout layout = new QuicklistLayout(fill);
        for (int i = 0; i < list.size(); i++) {
            layout.append(list.get(i));
        }
        List<QuicklistLayout.Node> nodes = layout.finish();
        StringBuilder out = new StringBuilder();
        out.append("{count : ").append(list.size()).append("}\n{len : ").append(nodes.size()).append("}\n{fill : ")
                .append(fill).append("}\n{compress : ").append(compressDepth).append("}\n{bookmark_count : 0}\n");
        for (int i = 0; i < nodes.size(); i++) {
            QuicklistLayout.Node node = nodes.get(i);
            byte[] blob = node.blob();
            int count = node.plain() ? 1 : (blob[4] & 0xff) | (blob[5] & 0xff) << 8;
            out.append("{quicklist node(").append(i).append(")\n{container : ")
                    .append(node.plain() ? "PLAIN" : "PACKED").append(", encoding: RAW, size: ").append(blob.length)
                    .append(", count: ").append(count).append(", recompress: 0, attempted_compress: 0}\n");
            if (full) {
                if (node.plain()) {
                    out.append("{ entry : ").append(new String(blob, StandardCharsets.ISO_8859_1)).append(" }\n");
                } else {
                    out.append("{ listpack:\n").append(ListpackRepr.of(blob)).append("}\n");
                }
                out.append("}\n");
            }
        }
        return out.toString();
    }
}

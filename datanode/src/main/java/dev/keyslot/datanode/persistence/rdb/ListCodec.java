package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.keyspace.list.ListValue;

import java.util.List;

/**
 * Lists: written as LIST_QUICKLIST_2, a count of quicklist nodes each a container type and a blob (a
 * listpack, or one huge element on its own). Nodes are split where Redis's quicklist splits a list built by
 * appending. Also reads the older quicklist-of-ziplists, single-ziplist and plain forms.
 */
final class ListCodec implements RdbValueEncoder, RdbValueDecoder {
    static final int CONTAINER_PLAIN = 1;
    static final int CONTAINER_PACKED = 2;

    private final CollectionLimits limits;

    ListCodec(CollectionLimits limits) {
        this.limits = limits;
    }

    @Override
    public int rdbType(Object value) {
        return RdbType.LIST_QUICKLIST_2;
    }

    @Override
    public void write(RdbWriter out, Object value) {
        ListValue list = (ListValue) value;
        QuicklistLayout layout = new QuicklistLayout(limits.listNodeFill());
        for (int i = 0; i < list.size(); i++) {
            layout.append(list.get(i));
        }
        List<QuicklistLayout.Node> nodes = layout.finish();
        out.writeLength(nodes.size());
        for (QuicklistLayout.Node node : nodes) {
            out.writeLength(node.plain() ? CONTAINER_PLAIN : CONTAINER_PACKED);
            out.writeString(node.blob());
        }
    }

    @Override
    public Object read(int rdbType, RdbReader in) {
        ListValue list = new ListValue();
        switch (rdbType) {
            case RdbType.LIST -> {
                long len = in.readLength();
                for (long i = 0; i < len; i++) {
                    list.addLast(in.readString());
                }
            }
            case RdbType.LIST_ZIPLIST -> Ziplist.parse(in.readString()).forEach(list::addLast);
            default -> readNodes(rdbType, in, list);
        }
        if (list.isEmpty()) {
            throw new RdbFormatException("empty list");
        }
        return list;
    }

    private static void readNodes(int rdbType, RdbReader in, ListValue list) {
        long nodes = in.readLength();
        for (long i = 0; i < nodes; i++) {
            long container = rdbType == RdbType.LIST_QUICKLIST_2 ? in.readLength() : CONTAINER_PACKED;
            if (container != CONTAINER_PACKED && container != CONTAINER_PLAIN) {
                throw new RdbFormatException("unknown quicklist container " + container);
            }
            byte[] blob = in.readString();
            if (blob.length == 0) {
                throw new RdbFormatException("empty quicklist node");
            }
            if (container == CONTAINER_PLAIN) {
                list.addLast(blob);
            } else if (rdbType == RdbType.LIST_QUICKLIST_2) {
                Listpack.parse(blob).forEach(list::addLast);
            } else {
                Ziplist.parse(blob).forEach(list::addLast);
            }
        }
    }
}

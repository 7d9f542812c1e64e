package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.keyspace.list.ListValue;

import java.util.List;

/**
 * Lists: written as LIST_QUICKLIST_2, a count of quicklist nodes each a container type and a blob (a
 * listpack, or one large element on its own): the list's own nodes as they are, which are Redis's, in LZF form
 * where Redis holds them compressed (list-compress-depth). Loaded nodes stay as they were, as Redis keeps them;
 * also reads the older quicklist-of-ziplists (a node per ziplist), single-ziplist and plain forms (pushed
 * element by element).
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
        int nodes = list.nodeCount();
        out.writeLength(nodes);
        for (int i = 0; i < nodes; i++) {
            out.writeLength(list.isPlainNode(i) ? CONTAINER_PLAIN : CONTAINER_PACKED);
            byte[] raw = QuicklistCompression.rawNode(list, i);
            byte[] lzf = QuicklistCompression.beyondDepth(list, i) ? QuicklistCompression.compressed(raw) : null;
            if (lzf != null) {
                out.writeLzf(lzf, raw.length);
            } else {
                out.writeString(raw);
            }
        }
    }

    @Override
    public Object read(int rdbType, RdbReader in) {
        ListValue list = new ListValue(limits.listNodeFill(), limits.listCompressDepth());
        switch (rdbType) {
            case RdbType.LIST -> {
                long len = in.readLength();
                for (long i = 0; i < len; i++) {
                    list.addLast(in.readString());
                }
            }
            case RdbType.LIST_ZIPLIST -> parsed(rdbType, in.readString()).forEach(list::addLast);
            default -> readNodes(rdbType, in, list);
        }
        if (list.isEmpty()) {
            throw new EmptyKeyException();
        }
        return list;
    }

    /** The elements of a ziplist or listpack blob, Redis's integrity failure for its type when it is corrupt. */
    private static List<byte[]> parsed(int rdbType, byte[] blob) {
        try {
            return rdbType == RdbType.LIST_QUICKLIST_2 ? Listpack.parse(blob) : Ziplist.parse(blob);
        } catch (RdbFormatException e) {
            throw IntegrityCheck.failed(rdbType);
        }
    }

    private static void readNodes(int rdbType, RdbReader in, ListValue list) {
        long nodes = in.readLength();
        for (long i = 0; i < nodes; i++) {
            long container = rdbType == RdbType.LIST_QUICKLIST_2 ? in.readLength() : CONTAINER_PACKED;
            if (container != CONTAINER_PACKED && container != CONTAINER_PLAIN) {
                throw new RdbFormatException("Quicklist integrity check failed.");
            }
            byte[] blob = in.readString();
            if (blob.length == 0) {
                throw new RdbFormatException("empty quicklist node");
            }
            if (container == CONTAINER_PLAIN) {
                list.appendPlainNode(blob);
            } else if (rdbType == RdbType.LIST_QUICKLIST_2) {
                list.appendListpackNode(parsed(rdbType, blob), blob.length);
            } else {
                appendConverted(list, parsed(rdbType, blob));
            }
        }
    }

    /** A ziplist node becomes the listpack Redis converts it to. */
    private static void appendConverted(ListValue list, List<byte[]> elements) {
        Listpack lp = new Listpack();
        elements.forEach(lp::append);
        list.appendListpackNode(elements, lp.bytes());
    }
}

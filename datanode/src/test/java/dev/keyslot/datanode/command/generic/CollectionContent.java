package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.RawConnection;

import java.util.ArrayList;
import java.util.List;

/**
 * A collection's content in a form comparable across servers: hashes and sets sorted (their order is dict
 * order, which differs between servers), sorted sets and lists in their own order.
 */
final class CollectionContent {
    private CollectionContent() {
    }

    static List<String> of(RawConnection conn, String key) {
        String type = (String) Resp.parse(Latin1.call(conn, "TYPE", key));
        List<String> content = switch (type) {
            case "hash" -> pairs(Resp.strings(Latin1.call(conn, "HGETALL", key)));
            case "set" -> new ArrayList<>(Resp.strings(Latin1.call(conn, "SMEMBERS", key)));
            case "zset" -> Resp.strings(Latin1.call(conn, "ZRANGE", key, "0", "-1", "WITHSCORES"));
            case "list" -> Resp.strings(Latin1.call(conn, "LRANGE", key, "0", "-1"));
            default -> List.of(type);
        };
        if (type.equals("hash") || type.equals("set")) {
            content.sort(null);
        }
        List<String> out = new ArrayList<>();
        out.add(type);
        out.addAll(content);
        return out;
    }

    private static List<String> pairs(List<String> flat) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += 2) {
            out.add(flat.get(i) + "\u0000=" + flat.get(i + 1));
        }
        return out;
    }
}

package dev.keyslot.datanode.testing;

import org.junit.jupiter.api.Assertions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares replies whose element order is unspecified (a hashtable-encoded hash or set iterates in its
 * hash order, which cannot match Redis's): identical header, and identical elements (or groups of
 * elements, e.g. field/value pairs) as multisets.
 */
public final class UnorderedReplies {
    private UnorderedReplies() {
    }

    /** Runs the command on both servers; group is 2 for flat field/value replies, else 1. */
    public static void check(Differential diff, int group, String... args) {
        byte[] expected = diff.redisConnection().call(args);
        byte[] actual = diff.nodeConnection().call(args);
        Assertions.assertEquals(canonical(expected, group), canonical(actual, group),
                "reply differs (ignoring order) for " + Arrays.toString(args));
    }

    /** The reply with its top-level elements (in groups) sorted; scalars and errors as they are. */
    public static String canonical(byte[] reply, int group) {
        RespNode n = RespNode.parse(reply);
        if (!n.isAggregate()) {
            return Differential.printable(reply);
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < n.children.size(); i += group) {
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < i + group; j++) {
                sb.append(new String(n.children.get(j).raw, StandardCharsets.ISO_8859_1));
            }
            groups.add(sb.toString());
        }
        groups.sort(null);
        return Differential.printable((n.type + n.text + "\r\n" + String.join("", groups))
                .getBytes(StandardCharsets.ISO_8859_1));
    }
}

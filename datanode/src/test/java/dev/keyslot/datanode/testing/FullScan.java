package dev.keyslot.datanode.testing;

import org.junit.jupiter.api.Assertions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Runs a complete cursor walk (HSCAN/SSCAN) on both servers, whose cursors differ for hashtables, and
 * compares what was returned: the same elements, each (or each pair) returned exactly once.
 */
public final class FullScan {
    private FullScan() {
    }

    public static void assertFullScansAgree(Differential diff, String command, String key, int group, String... options) {
        Assertions.assertEquals(fullScan(diff.redisConnection(), command, key, group, options),
                fullScan(diff.nodeConnection(), command, key, group, options),
                command + " " + key + " " + Arrays.toString(options));
    }

    /** Element (or field/value) to number of times returned; at most 10000 steps. */
    private static TreeMap<String, Integer> fullScan(RawConnection conn, String command, String key, int group,
                                                     String... options) {
        TreeMap<String, Integer> seen = new TreeMap<>();
        String cursor = "0";
        for (int steps = 0; steps < 10_000; steps++) {
            List<String> args = new ArrayList<>(List.of(command, key, cursor));
            args.addAll(List.of(options));
            RespNode reply = RespNode.parse(conn.call(args.toArray(new String[0])));
            cursor = reply.children.get(0).text;
            List<String> items = reply.children.get(1).texts();
            for (int i = 0; i < items.size(); i += group) {
                seen.merge(String.join("=", items.subList(i, i + group)), 1, Integer::sum);
            }
            if (cursor.equals("0")) {
                return seen;
            }
        }
        throw new AssertionError("scan did not finish");
    }
}

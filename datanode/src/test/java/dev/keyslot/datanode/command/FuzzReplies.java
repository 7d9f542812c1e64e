package dev.keyslot.datanode.command;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RespNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Decides whether the two servers' replies to a fuzzed request agree: byte for byte, except where Redis
 * itself leaves something unspecified. Hashtable-encoded sets, hashes and the keyspace iterate in hash order
 * (which cannot match), so those replies are compared as multisets; a SCAN cursor into a hashtable is a hash
 * position; SORT BY keys the pool lacks ties every weight, leaving a set's hash order (so a LIMIT picks
 * different elements); the command table and containers' subcommands are listed in hash order too; TTLs
 * count down between the two requests; a lex range over members of different scores in a skiplist depends
 * on its random levels, in Redis itself, so only the reply's type is compared; DUMP of a hashtable has its
 * elements (and so its checksum) in hash order, though not its length; and the data node packs a list's
 * quicklist nodes afresh where Redis keeps nodes that inserts and removals left partly filled.
 */
final class FuzzReplies {
    private static final Set<String> UNORDERED = Set.of("hgetall", "hkeys", "hvals", "smembers", "sinter",
            "sunion", "sdiff", "keys", "exec", "acl|cat", "command|info", "command|docs");
    private static final Set<String> PAIRED = Set.of("hgetall");
    private static final Set<String> SCANS = Set.of("scan", "hscan", "sscan", "zscan");
    private static final Set<String> COUNTDOWNS = Set.of("ttl", "pttl", "expiretime", "pexpiretime");
    private static final long COUNTDOWN_TOLERANCE = 2000;
    /** The RDB type of a list: its payload lists the quicklist's nodes. */
    private static final char QUICKLIST_2 = 18;

    private FuzzReplies() {
    }

    /** Null when the replies agree, else a description of the difference. */
    static String difference(String command, List<String> request, byte[] redis, byte[] node) {
        if (Arrays.equals(redis, node)) {
            return null;
        }
        RespNode expected = RespNode.parse(redis);
        RespNode actual = RespNode.parse(node);
        boolean agree = expected.type != '-' && actual.type != '-' && switch (command) {
            case "dump" -> expected.type == '$' && actual.type == '$' && (expected.text.length() == actual.text
                    .length() || expected.text.charAt(0) == QUICKLIST_2 && actual.text.charAt(0) == QUICKLIST_2);
            case "zrangebylex", "zrevrangebylex", "zlexcount" -> expected.type == actual.type;
            case "zrange" -> request.stream().anyMatch("BYLEX"::equalsIgnoreCase) && expected.type == actual.type;
            case "sort", "sort_ro" -> request.stream().anyMatch("BY"::equalsIgnoreCase)
                    ? sameShape(expected, actual)
                    : canonical(expected, false).equals(canonical(actual, false));
            default -> {
                if (UNORDERED.contains(command)) {
                    yield canonical(expected, PAIRED.contains(command)).equals(canonical(actual,
                            PAIRED.contains(command)));
                } else if (SCANS.contains(command)) {
                    yield scansAgree(request, expected, actual, !command.equals("sscan") && !command.equals("scan"));
                } else if (COUNTDOWNS.contains(command)) {
                    yield expected.type == ':' && actual.type == ':'
                            && Math.abs(Long.parseLong(expected.text) - Long.parseLong(actual.text))
                            <= COUNTDOWN_TOLERANCE;
                }
                yield false;
            }
        };
        return agree ? null : "redis-server: " + Differential.printable(redis) + "\n  data node:    "
                + Differential.printable(node);
    }

    /** Same type and number of elements. */
    private static boolean sameShape(RespNode expected, RespNode actual) {
        return expected.type == actual.type && expected.isAggregate() == actual.isAggregate()
                && (!expected.isAggregate() || expected.children.size() == actual.children.size());
    }

    /** Only a scan from cursor 0 that both servers complete in one call must return the same elements. */
    private static boolean scansAgree(List<String> request, RespNode expected, RespNode actual, boolean paired) {
        if (expected.type != '*' || actual.type != '*' || expected.children.size() != 2
                || actual.children.size() != 2) {
            return false;
        }
        int cursor = request.get(0).equalsIgnoreCase("scan") ? 1 : 2;
        boolean bothComplete = request.size() > cursor && request.get(cursor).equals("0")
                && "0".equals(expected.children.get(0).text) && "0".equals(actual.children.get(0).text);
        return !bothComplete
                || canonical(expected.children.get(1), paired).equals(canonical(actual.children.get(1), paired));
    }

    /** The reply with the elements of every aggregate sorted (pairs kept together for maps or when paired). */
    private static String canonical(RespNode node, boolean paired) {
        if (!node.isAggregate()) {
            return new String(node.raw, StandardCharsets.ISO_8859_1);
        }
        int group = paired || node.type == '%' ? 2 : 1;
        List<String> groups = new ArrayList<>();
        for (int i = 0; i + group <= node.children.size(); i += group) {
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < i + group; j++) {
                sb.append(canonical(node.children.get(j), false));
            }
            groups.add(sb.toString());
        }
        groups.sort(null);
        return node.type + node.text + "\r\n" + String.join("", groups);
    }
}

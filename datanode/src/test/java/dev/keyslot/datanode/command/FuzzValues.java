package dev.keyslot.datanode.command;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Plausible values for an argument, chosen by its name and type in COMMAND DOCS: mostly valid ones (members
 * the pool's keys hold, keys of the type the command works on three times in four, stream ids near the
 * pool's entries, in-range indexes), with a share of the edge and invalid values each kind of argument has
 * to reject. Times are far from now (or invalid) so nothing
 * expires while both servers are being asked (no time in the recent past either: SET ... EXAT keeps such a
 * key until Redis's expiry cycle happens to reclaim it, and DBSIZE counts it until then), and offsets stay
 * small so no command allocates much memory.
 */
final class FuzzValues {
    private static final List<String> MEMBERS = List.of("a", "b", "c", "d", "1", "2", "3.5", "-7", "m5", "m150",
            "x", "", "Palermo", "hello world", "10", "9223372036854775807", "0123456789abcdef0123456789abcdef"
                    + "0123456789abcdef0123456789abcdef0123");
    private static final List<String> INTEGERS = List.of("0", "1", "2", "3", "5", "-1", "-2", "10", "100", "-100",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "x", "1.5", "", " 1", "+1", "1e2",
            "-0", "01", "0x10", "4294967296", "-2147483649");
    private static final List<String> DOUBLES = List.of("0", "1", "2.5", "-1", "1e3", "inf", "-inf", "+inf", "nan",
            "x", "(1", "3.5", "1.7976931348623157e309", "", "-0", ".5", "5.", "1e-400", " 1", "0x10", "(inf",
            "(-inf", "((1", "(", "1e", "1.0");
    private static final List<String> STREAM_IDS = List.of("-", "+", "0", "0-0", "1-1", "1-2", "2", "2-0", "3-5",
            "(1-1", "(3-5", "$", ">", "x", "1-x", "18446744073709551615-18446744073709551615", "9-0", "0-1");
    private static final List<String> NEW_STREAM_IDS = List.of("4-0", "5-1", "9-*", "10-0", "3-5", "0-0", "0-1",
            "$", "x", "18446744073709551615-18446744073709551615", "5");
    private static final List<String> RANGE_BOUNDS = List.of("-", "+", "[a", "(b", "[m1", "a", "0", "1", "-1",
            "2", "(1", "-inf", "+inf", "[", "(", "x");
    private static final List<String> PATTERNS = List.of("*", "h*", "*a*", "?", "nomatch", "[a-z]*", "m1*",
            "*[", "\\*");
    private static final List<String> SORT_PATTERNS = List.of("nosort", "w_*", "#", "hash->a", "*->a", "str",
            "m*");
    private static final Map<String, List<String>> BY_NAME = Map.ofEntries(
            Map.entry("seconds", List.of("100000", "0", "-1", "9223372036854775807", "x", "1000000")),
            Map.entry("milliseconds", List.of("100000000", "0", "-1", "9223372036854775807", "x")),
            Map.entry("ttl", List.of("0", "100000000", "-1", "x")),
            Map.entry("unix-time-seconds", List.of("4102444800", "0", "-1", "x", "9223372036854775807")),
            Map.entry("unix-time-milliseconds", List.of("4102444800000", "0", "-1", "x")),
            Map.entry("db", List.of("0", "1", "2", "16", "-1", "x")),
            Map.entry("destination-db", List.of("0", "1", "16", "x")),
            Map.entry("index1", List.of("0", "1", "16", "x")),
            Map.entry("index2", List.of("0", "1", "2", "-1")),
            Map.entry("protover", List.of("2", "3", "4", "x")),
            Map.entry("bit", List.of("0", "1", "2", "x")),
            Map.entry("version", List.of("5", "6", "x", "1")),
            Map.entry("cursor", List.of("0", "0", "0", "1", "x", "-1", "18446744073709551616")),
            Map.entry("ms", List.of("0", "100000000", "-1", "x")),
            Map.entry("min-idle-time", List.of("0", "100000000", "-1", "x")),
            Map.entry("encoding", List.of("i8", "u8", "i16", "u4", "i64", "u63", "u64", "i0", "x8", "I8", "i65")),
            Map.entry("group", List.of("g1", "g2", "nogroup")),
            Map.entry("groupname", List.of("g1", "g2", "g3", "nogroup")),
            Map.entry("consumer", List.of("c1", "c2", "c3")),
            Map.entry("consumername", List.of("c1", "c2", "c3")),
            Map.entry("operation", List.of("AND", "or", "XOR", "NOT", "NAND")),
            Map.entry("type", List.of("string", "list", "hash", "set", "zset", "stream", "none", "nosuch")),
            Map.entry("username", List.of("default", "nouser")),
            Map.entry("password", List.of("pass", "")),
            Map.entry("clientname", List.of("fuzz", "bad name", "")),
            Map.entry("command-name", List.of("get", "set", "zadd", "nosuch", "config|get", "object", "GET")),
            Map.entry("category", List.of("string", "list", "nosuch", "keyspace")),
            Map.entry("categoryname", List.of("string", "list", "nosuch", "keyspace", "dangerous")),
            Map.entry("command", List.of("get", "set", "nosuch", "zadd")),
            Map.entry("subcommand", List.of("GETREG", "ENCODING", "DECODE", "TODENSE", "nosuch")),
            Map.entry("serialized-value", List.of("x", "\u0000\u0001", "")),
            Map.entry("entries_added", List.of("0", "1", "10", "-1", "x")),
            Map.entry("entries_read", List.of("0", "1", "10", "-1", "x")),
            Map.entry("frequency", List.of("1", "255", "256", "x")),
            Map.entry("weight", List.of("1", "2", "0.5", "-1", "x", "inf")),
            Map.entry("latitude", List.of("38.115556", "37.5", "0", "85.1", "-91", "x")),
            Map.entry("longitude", List.of("13.361389", "15", "0", "-180", "181", "x")),
            Map.entry("radius", List.of("1", "100", "200", "1000", "0", "-1", "x")),
            Map.entry("width", List.of("1", "400", "1000", "0", "-1", "x")),
            Map.entry("height", List.of("1", "400", "1000", "0", "-1", "x")),
            Map.entry("offset", List.of("0", "1", "7", "8", "100", "-1", "x", "#1", "9223372036854775807")),
            Map.entry("threshold", List.of("0", "1", "2", "10", "1-1", "x", "-1")));

    private final Random random;
    private final List<String> payloads;

    FuzzValues(Random random, List<String> payloads) {
        this.random = random;
        this.payloads = payloads;
    }

    String valueFor(DocCommand command, DocArgument argument) {
        String name = argument.name();
        String cmd = command.fullName();
        if (argument.type().equals("key")) {
            List<String> typed = FuzzKeyPool.BY_GROUP.get(command.group());
            return typed != null && random.nextInt(4) != 0 ? pick(typed) : pick(FuzzKeyPool.KEYS);
        }
        if (cmd.equals("xadd") && name.equals("id")) {
            return likely(NEW_STREAM_IDS);
        }
        if (cmd.startsWith("x") && List.of("id", "start", "end", "last-id", "max_deleted_entry_id")
                .contains(name)) {
            return likely(STREAM_IDS);
        }
        if (cmd.startsWith("z") && argument.type().equals("string")
                && List.of("min", "max", "start", "stop").contains(name)) {
            return likely(RANGE_BOUNDS);
        }
        if (cmd.startsWith("sort") && argument.type().equals("pattern")) {
            return likely(SORT_PATTERNS);
        }
        if (name.equals("serialized-value") && random.nextInt(4) != 0) {
            return pick(payloads);
        }
        List<String> named = BY_NAME.get(name);
        if (named != null) {
            return likely(named);
        }
        return switch (argument.type()) {
            case "integer" -> likely(INTEGERS);
            case "double" -> likely(DOUBLES);
            case "pattern" -> likely(PATTERNS);
            case "unix-time" -> likely(BY_NAME.get("unix-time-seconds"));
            default -> likely(MEMBERS);
        };
    }

    /** A value of the wrong kind for the argument, or a plain random one. */
    String invalidValue() {
        return pick(List.of("x", "1.5", "-1", "", "-9223372036854775809", "nan", "NOSUCHOPTION", "0", "-0", " 2",
                "inf", "str", "9223372036854775808", "a\r\nb", "\u00e9", "\u00ff\u0000", "%s%n", "'\"{}"));
    }

    /** Values are listed valid ones first, edge and invalid ones last: the earlier, the likelier. */
    private String likely(List<String> values) {
        return values.get(Math.min(random.nextInt(values.size()), random.nextInt(values.size())));
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}

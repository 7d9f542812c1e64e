package dev.keyslot.datanode.command.server;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values for CONFIG SET of one option: what redis-server told about the option (its enum names, its bounds, a
 * memory or boolean type, learnt from the error texts of probing values), its value at start, and a pool of
 * values of every type (so each option also meets the values of the others: units, percentages, overflows,
 * NULs, several words).
 */
final class ConfigFuzzValues {
    private static final List<String> POOL = List.of("yes", "no", "YES", "No", "", "0", "1", "-1", "2", "10", "100",
            "511", "512", "1000", "65535", "65536", "2147483647", "2147483648", "-2147483648", "-2147483649",
            "4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "18446744073709551615", "18446744073709551616", "99999999999999999999999999", "1k", "1kb", "1mb", "1gb",
            "1GB", "1Mb", "5m", "2g", "1b", "kb", "20000000000gb", "-1kb", "50%", "100%", "101%", "0%", "-5%", "%",
            "1.5", "1e3", "0x10", " 1", "1 ", "+1", "007", "-0", "abc", "garbage value", "yes\0x", "1\0junk",
            "\u00e9", "a b", "  ", "*", "1 2", "1 2 3", "noeviction", "allkeys-lru", "everysec", "debug", "relative",
            "absolute", "default", "nosave now", "disabled", "clients", "allchannels", "hostname", "panic", "local",
            "KEA", "{title}", "a.rdb", "no one", "yes no", "-0%", "00", "0x", "1e", "+0", "\u0663", "1_000", "\t1", "1\t",
            "1\r\n", "0b", "1 k", "1kB\0x", "-", "+", "1%%", "1000000000000000000000%", "-9223372036854775809",
            "0777", "0778", "777", "01000");

    /** Probes whose error texts tell the option's type; sent (and compared) before the option is fuzzed. */
    static final List<String> PROBES = List.of("\u0001?", "-9223372036854775808", "18446744073709551615");

    private static final Pattern ENUM = Pattern.compile("argument\\(s\\) must be one of the following: (.*)");
    private static final Pattern BOUNDS = Pattern.compile("argument must be between (-?\\d+) and (-?\\d+) inclusive");

    private final String name;
    private final String initial;
    private final List<String> enumNames = new ArrayList<>();
    private BigInteger min;
    private BigInteger max;
    private boolean memory;
    private boolean bool;

    ConfigFuzzValues(String name, String initial) {
        this.name = name;
        this.initial = initial;
    }

    /** Learns from redis-server's reply to one of the {@link #PROBES}. */
    void learn(String reply) {
        Matcher e = ENUM.matcher(reply);
        if (e.find()) {
            enumNames.clear();
            enumNames.addAll(List.of(e.group(1).trim().split(", ")));
        }
        Matcher b = BOUNDS.matcher(reply);
        if (b.find()) {
            min = new BigInteger(b.group(1));
            max = new BigInteger(b.group(2));
        }
        memory |= reply.contains("memory");
        bool |= reply.contains("'yes' or 'no'");
    }

    String next(Random r) {
        String special = special(r);
        if (special != null) {
            return special;
        }
        return switch (r.nextInt(6)) {
            case 0 -> POOL.get(r.nextInt(POOL.size()));
            case 1 -> variant(initial, r);
            case 2 -> !enumNames.isEmpty() ? enumValue(r) : POOL.get(r.nextInt(POOL.size()));
            case 3, 4 -> min != null ? number(r) : bool ? boolValue(r) : variant(initial, r);
            default -> memory ? memoryValue(r) : min != null ? number(r) : POOL.get(r.nextInt(POOL.size()));
        };
    }

    /**
     * Values of options whose syntax is their own, or whose values must stay within what keeps the servers usable
     * and the replies independent of the machine.
     */
    private String special(Random r) {
        return switch (name) {
            case "save" -> words(r, 0, 6, () -> pick(r, "1", "100", "3600", "0", "-1", "x", "1.5", "", "+5", "-0",
                    "\t5", "9223372036854775807", "9223372036854775808", "4294967297", "2147483648"));
            case "client-output-buffer-limit" -> bufferLimits(r);
            case "notify-keyspace-events" -> keyspaceEvents(r);
            case "latency-tracking-info-percentiles" -> words(r, 0, 4, () -> pick(r, "50", "99.9", "100", "100.0",
                    "0", "-0", "1e2", "inf", "nan", "0x1p4", "99.99999999", "1e-310", "1e-400", " 50", "50 ", "",
                    "100.000001", "-1", "1d", "abc", "12.3456789", "1e400"));
            case "oom-score-adj-values" -> words(r, 2, 4, () -> pick(r, "0", "200", "800", "-2000", "2000", "2001",
                    "-2001", "x", "1.5", "", "+5", " 7", "-0", "4294967297"));
            case "shutdown-on-sigterm", "shutdown-on-sigint" -> words(r, 0, 4, () -> pick(r, "default", "save",
                    "nosave", "now", "force", "NOW", "Force", "bogus", ""));
            case "proc-title-template" -> pick(r, "{title}", "{title} {listen-addr}", "{unknown}", "{title", "",
                    "x{server-mode}y", "{title} {listen-addr} {server-mode}", "{port}", "{title}}", "{{title}",
                    "{config-file} {port} {tls-port} {unixsocket}", "plain");
            case "cluster-announce-hostname" -> pick(r, "host.example", "bad_host", "", "a-b.c", "x".repeat(256),
                    "x".repeat(255), "UPPER.case", "h\0x");
            case "dbfilename", "appendfilename", "appenddirname" -> pick(r, "a.rdb", "a/b", "", "/", "x\0/");
            case "replicaof", "slaveof" -> pick(r, "no one", "NO ONE", "127.0.0.1 6379", "h -1", "h x", "h", "");
            case "maxmemory-clients" -> pick(r, "0", "5%", "100%", "101%", "0%", "-1%", "abc", "1gb", "2GB",
                    "18446744073709551615", "9223372036854775808", "9223372036854775807", "-100", "%", "5.5%", " 5%",
                    "18446744073709551516", "1gb\0x", "5%\0");
            case "timeout" -> pick(r, "0", "3600", "-1", "abc", "2147483647", "2147483648", "1.5", "1k", "007");
            // Never yes: turning AOF on starts a rewrite on both servers and writes files.
            case "appendonly" -> pick(r, "no", "NO", "maybe", "", "no\0x", "yes no");
            // Nothing large: whether the operating system allows that many descriptors depends on the machine.
            case "maxclients" -> pick(r, "100", "10000", "0", "-1", "abc", "1.5", "4294967296", "18446744073709551615",
                    "1k", "00100", "+100");
            default -> null;
        };
    }

    private static String pick(Random r, String... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static String words(Random r, int minWords, int maxWords, java.util.function.Supplier<String> word) {
        int n = minWords + r.nextInt(maxWords - minWords + 1);
        List<String> w = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w.add(word.get());
        }
        return String.join(" ", w);
    }

    /** Never a small limit for normal clients: the fuzzing connections are normal clients. */
    private static String bufferLimits(Random r) {
        int groups = r.nextInt(4);
        List<String> w = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            String cls = pick(r, "slave", "replica", "pubsub", "master", "bogus", "SLAVE", "Pubsub", "normal", "NORMAL");
            boolean normal = cls.equalsIgnoreCase("normal");
            String[] limits = normal ? new String[] {"0", "64mb", "1gb", "x", "-1", "18446744073709551615"}
                    : new String[] {"0", "1mb", "64mb", "1gb", "x", "-1", "1.5mb", "18446744073709551615",
                            "20000000000gb", "1k", "kb", ""};
            w.add(cls);
            w.add(pick(r, limits));
            w.add(pick(r, limits));
            w.add(pick(r, "0", "60", "-1", "x", "1.5", "2147483648", "4294967296", "4294967297", "", "+3", " 3"));
        }
        if (r.nextInt(8) == 0 && !w.isEmpty()) {
            w.remove(w.size() - 1);
        }
        return String.join(" ", w);
    }

    private static String keyspaceEvents(Random r) {
        String chars = "Ag$lshzxeKEtmdn";
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append(r.nextInt(12) == 0 ? pick(r, "Q", " ", "\0", "a") : String.valueOf(chars.charAt(r.nextInt(chars.length()))));
        }
        return sb.toString();
    }

    private String enumValue(Random r) {
        String v = enumNames.get(r.nextInt(enumNames.size()));
        return switch (r.nextInt(6)) {
            case 0 -> v.toUpperCase(Locale.ROOT);
            case 1 -> v + " " + enumNames.get(r.nextInt(enumNames.size()));
            case 2 -> v + "\0x";
            case 3 -> v + " ";
            default -> v;
        };
    }

    private static String boolValue(Random r) {
        return pick(r, "yes", "no", "YES", "nO", "Yes", "yes ", "y", "1", "true", "no\0");
    }

    private String number(Random r) {
        BigInteger one = BigInteger.ONE;
        BigInteger v = switch (r.nextInt(6)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> min.subtract(one);
            case 3 -> max.add(one);
            case 4 -> min.negate();
            default -> min.add(new BigInteger(Math.min(62, max.subtract(min).bitLength()), r)).min(max);
        };
        return v.toString();
    }

    private static final String[] UNITS = {"", "b", "k", "kb", "m", "mb", "g", "gb", "K", "KB", "Mb", "mB", "GB"};

    private static String memoryValue(Random r) {
        String digits = pick(r, "0", "1", "3", "512", "1023", "1024", "4096", "8589934591", "17179869184",
                "9223372036854775807", "18446744073709551615", "");
        return digits + UNITS[r.nextInt(UNITS.length)];
    }

    /** The start value, or a neighbour of it: case, spacing, a word repeated, dropped or moved. */
    static String variant(String value, Random r) {
        List<String> w = new ArrayList<>(List.of(value.split(" ", -1)));
        switch (r.nextInt(7)) {
            case 0 -> {
                return value.toUpperCase(Locale.ROOT);
            }
            case 1 -> w.add(w.get(r.nextInt(w.size())));
            case 2 -> {
                if (w.size() > 1) {
                    w.remove(r.nextInt(w.size()));
                }
            }
            case 3 -> java.util.Collections.shuffle(w, r);
            case 4 -> {
                return value.replace(" ", "  ");
            }
            default -> {
                return value;
            }
        }
        return String.join(" ", w);
    }
}

package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.FuzzReport;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import dev.keyslot.datanode.testing.RespNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * CONFIG SET and CONFIG GET of every option redis-server 7.0 lists, with generated values (see
 * {@link ConfigFuzzValues}), several options in one CONFIG SET (one of them sometimes invalid, so the whole
 * call must change nothing; sometimes the same option twice) and CONFIG GET of several exact and glob patterns:
 * the reply bytes must be those of redis-server (CONFIG GET of several options in any order, as Redis lists
 * them in its hash order). Each group of requests ends by setting the options back on both servers.
 * Replay one seed with -Dkeyslot.configfuzz.seed=N (or run many: N..M); -Dkeyslot.configfuzz.report=FILE writes every difference
 * there instead of failing at the first.
 */
class ConfigFuzzDifferentialTest {
    private static final long[] SEEDS = {1, 2, 3, 4};
    private static final int GROUPS_PER_SEED = 1500;
    private static final long MILLIS_PER_SEED = 4_000;

    /** Options not fuzzed, and why. */
    private static final Map<String, String> EXCLUDED = Map.ofEntries(
            Map.entry("port", "moves the listener of the test servers"),
            Map.entry("bind", "moves the listener of the test servers"),
            Map.entry("dir", "each server has its own temporary directory"),
            Map.entry("logfile", "each server logs to its own file"),
            Map.entry("pidfile", "per process"),
            Map.entry("unixsocket", "per process"),
            Map.entry("daemonize", "the harness runs redis-server in the foreground"),
            Map.entry("oom-score-adj", "applying writes /proc/self/oom_score_adj; success depends on privileges"),
            Map.entry("activedefrag", "whether redis-server accepts yes depends on how it was built (Debian's links a"
                    + " jemalloc without defragmentation)"));
    /** Left out of CONFIG GET comparisons: values of the process, and the data node's own metrics-port. */
    private static final Set<String> NOT_COMPARED = Set.of("dir", "logfile", "port", "pidfile", "metrics-port");

    /** Options CONFIG GET * does not list (Redis names them only exactly), fuzzed too. */
    private static final List<String> HIDDEN = List.of("rdb-key-save-delay", "key-load-delay", "watchdog-period",
            "use-exit-on-panic", "loading-process-events-interval-bytes");

    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();
    private static Map<String, String> redisInitial;
    private static Map<String, String> nodeInitial;
    private static List<String> options;

    private final Map<String, ConfigFuzzValues> values = new LinkedHashMap<>();
    /** Options a CONFIG SET changed on redis-server / on the data node since the last reset. */
    private final Set<String> touchedRedis = new HashSet<>();
    private final Set<String> touchedNode = new HashSet<>();

    @BeforeAll
    static void start() {
        redisInitial = strings(RespParser.asMap(diff.redisConnection().call("CONFIG", "GET", "*")));
        nodeInitial = strings(RespParser.asMap(diff.nodeConnection().call("CONFIG", "GET", "*")));
        for (String hidden : HIDDEN) {
            redisInitial.putAll(strings(RespParser.asMap(diff.redisConnection().call("CONFIG", "GET", hidden))));
            nodeInitial.putAll(strings(RespParser.asMap(diff.nodeConnection().call("CONFIG", "GET", hidden))));
        }
        options = redisInitial.keySet().stream().filter(o -> !EXCLUDED.containsKey(o) && !o.startsWith("tls-"))
                .sorted().toList();
    }

    @Test
    void everyOptionSetsAndReadsBackAsInRedis() {
        String seed = System.getProperty("keyslot.configfuzz.seed");
        if (seed != null) {
            // One seed, or a range "first..last" to run many.
            String[] range = seed.split("\\.\\.");
            for (long s = Long.parseLong(range[0]); s <= Long.parseLong(range[range.length - 1]); s++) {
                run(s, Long.MAX_VALUE);
            }
            return;
        }
        for (long s : SEEDS) {
            run(s, MILLIS_PER_SEED);
        }
    }

    private void run(long seed, long millis) {
        Random random = new Random(seed);
        long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
        for (int group = 0; group < GROUPS_PER_SEED && System.currentTimeMillis() < deadline; group++) {
            boolean resp3 = random.nextInt(5) == 0;
            try {
                if (resp3) {
                    // Not compared: the reply carries each server's own connection id.
                    diff.redisConnection().call("HELLO", "3");
                    diff.nodeConnection().call("HELLO", "3");
                }
                switch (random.nextInt(6)) {
                    case 0 -> severalAtOnce(random);
                    case 1 -> getPatterns(random);
                    default -> oneOption(random);
                }
            } catch (Mismatch m) {
                String message = "seed " + seed + ", group #" + group + " " + m.getMessage();
                if (!FuzzReport.append("keyslot.configfuzz.report", message)) {
                    resetTouched();
                    fail(message + "\n  replay: -Dkeyslot.configfuzz.seed=" + seed);
                }
            }
            resetTouched();
            if (resp3) {
                diff.redisConnection().call("HELLO", "2");
                diff.nodeConnection().call("HELLO", "2");
            }
        }
    }

    /** Probes the option (once), then sets it to several values, each read back. */
    private void oneOption(Random random) {
        String option = options.get(random.nextInt(options.size()));
        ConfigFuzzValues v = values.get(option);
        if (v == null) {
            v = new ConfigFuzzValues(option, redisInitial.get(option));
            values.put(option, v);
            for (String probe : ConfigFuzzValues.PROBES) {
                v.learn(send("CONFIG", "SET", option, probe));
            }
        }
        String name = random.nextInt(5) == 0 ? option.toUpperCase(Locale.ROOT) : option;
        for (int i = 0; i < 6; i++) {
            send("CONFIG", "SET", name, v.next(random));
            send("CONFIG", "GET", random.nextInt(4) == 0 ? name : option);
        }
    }

    /**
     * One CONFIG SET of 2 to 4 options (one possibly twice, one possibly invalid, unknown, or without a value),
     * then each read back.
     */
    private void severalAtOnce(Random random) {
        List<String> set = new ArrayList<>(List.of("CONFIG", "SET"));
        List<String> chosen = new ArrayList<>();
        int n = random.nextInt(12) == 0 ? random.nextInt(2) : 2 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String option = !chosen.isEmpty() && random.nextInt(6) == 0 ? chosen.get(random.nextInt(chosen.size()))
                    : options.get(random.nextInt(options.size()));
            if (option.equals("maxmemory-clients")) {
                // With maxmemory set in the same call, a percentage would evict the fuzzing connections.
                continue;
            }
            ConfigFuzzValues v = values.computeIfAbsent(option, o -> new ConfigFuzzValues(o, redisInitial.get(o)));
            chosen.add(option);
            set.add(option);
            set.add(random.nextInt(5) == 0 ? "\u0001bad" : v.next(random));
        }
        if (random.nextInt(10) == 0) {
            int at = 2 + 2 * random.nextInt(chosen.size() + 1);
            set.add(at, "1");
            set.add(at, "nosuch-option");
        }
        if (random.nextInt(12) == 0 && set.size() > 2) {
            set.remove(set.size() - 1);
        }
        send(set.toArray(new String[0]));
        for (String option : chosen) {
            send("CONFIG", "GET", option);
        }
    }

    /**
     * CONFIG GET of exact names, glob patterns, and patterns with a NUL after a glob character (never an exact
     * name with a NUL inside: Redis hashes all its bytes but compares up to the NUL, so whether it finds the
     * option depends on its random hash seed).
     */
    private void getPatterns(Random random) {
        List<String> get = new ArrayList<>(List.of("CONFIG", "GET"));
        int n = random.nextInt(15) == 0 ? 0 : 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String option = options.get(random.nextInt(options.size()));
            int cut = 1 + random.nextInt(option.length());
            get.add(switch (random.nextInt(10)) {
                case 0 -> option.toUpperCase(Locale.ROOT);
                case 1 -> option.substring(0, cut) + "*";
                case 2 -> "*" + option.substring(cut - 1);
                case 3 -> option.substring(0, cut - 1) + "?" + option.substring(cut);
                case 4 -> "[" + option.charAt(0) + "x]" + option.substring(1);
                case 5 -> pick(random, "nosuchoption", "*", "", "[", "\\*", "*max*memory*", "*-ziplist-*", "slave*",
                        "[^a-m]*", "*[", "?", "??", "max*\0junk", "\0*", option.substring(0, cut) + "*\0x");
                default -> option;
            });
        }
        send(get.toArray(new String[0]));
    }

    private static String pick(Random r, String... choices) {
        return choices[r.nextInt(choices.length)];
    }

    /** A request whose replies differ. */
    private static final class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message);
        }
    }

    /**
     * Sends the request (words as Latin-1) to both servers and returns redis-server's reply; throws
     * {@link Mismatch} when the data node's differs (CONFIG GET: as multisets of name/value pairs).
     */
    private String send(String... request) {
        byte[][] words = Arrays.stream(request).map(w -> w.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
        byte[] raw = RawConnection.encode(words);
        diff.redisConnection().send(raw);
        byte[] expected = diff.redisConnection().readReply();
        diff.nodeConnection().send(raw);
        byte[] actual = diff.nodeConnection().readReply();
        boolean same;
        if (request[1].equals("SET")) {
            for (int i = 2; i < request.length; i += 2) {
                String option = request[i].toLowerCase(Locale.ROOT);
                if (Arrays.equals(expected, OK)) {
                    touchedRedis.add(option);
                }
                if (Arrays.equals(actual, OK)) {
                    touchedNode.add(option);
                }
            }
            same = Arrays.equals(expected, actual);
        } else {
            same = comparable(expected).equals(comparable(actual));
        }
        if (!same) {
            boolean set = request[1].equals("SET");
            throw new Mismatch(printable(request) + "\n  redis-server: "
                    + (set ? Differential.printable(expected) : onlyIn(comparable(expected), comparable(actual)))
                    + "\n  data node:    "
                    + (set ? Differential.printable(actual) : onlyIn(comparable(actual), comparable(expected))));
        }
        return new String(expected, StandardCharsets.ISO_8859_1);
    }

    /** A CONFIG GET reply's name/value pairs, sorted, without those {@link #NOT_COMPARED}; other replies as they are. */
    private static String comparable(byte[] reply) {
        RespNode n = RespNode.parse(reply);
        if (!n.isAggregate()) {
            return Differential.printable(reply);
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < n.children.size(); i += 2) {
            if (!NOT_COMPARED.contains(n.children.get(i).text.toLowerCase(Locale.ROOT))) {
                pairs.add(n.children.get(i).text + "=" + n.children.get(i + 1).text);
            }
        }
        pairs.sort(null);
        return n.type + String.join("\n", pairs);
    }

    /** The lines of a that b lacks, to point at the pairs two CONFIG GET replies disagree on. */
    private static String onlyIn(String a, String b) {
        List<String> lines = new ArrayList<>(List.of(a.split("\n")));
        lines.removeAll(List.of(b.split("\n")));
        return String.join(", ", lines);
    }

    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Sets every option changed since the last reset back to its value at start, on the server it changed on. */
    private void resetTouched() {
        for (String option : touchedRedis) {
            assertThat(diff.redisConnection().callString("CONFIG", "SET", option, redisInitial.get(option)))
                    .as("redis-server: reset " + option).isEqualTo("+OK\r\n");
        }
        for (String option : touchedNode) {
            String initial = nodeInitial.get(option);
            assertThat(diff.nodeConnection().callString("CONFIG", "SET", option, initial))
                    .as("data node: reset " + option + " to " + initial).isEqualTo("+OK\r\n");
        }
        touchedRedis.clear();
        touchedNode.clear();
    }

    private static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, (String) v));
        return out;
    }

    private static String printable(String... request) {
        List<String> out = new ArrayList<>();
        for (String w : request) {
            out.add("\"" + Differential.printable(w.getBytes(StandardCharsets.ISO_8859_1)) + "\"");
        }
        return String.join(" ", out);
    }
}

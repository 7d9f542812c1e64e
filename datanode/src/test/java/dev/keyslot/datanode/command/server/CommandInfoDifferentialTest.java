package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RespNode;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The command table as clients see it, compared with redis-server 7.0 byte for byte in RESP2 and RESP3: COMMAND
 * INFO of every command and subcommand the data node lists (each its own test), COMMAND and COMMAND INFO of
 * everything, COMMAND COUNT, COMMAND LIST with its filters, and COMMAND GETKEYS / GETKEYSANDFLAGS on the
 * requests of getkeys-requests.txt. Redis iterates its command tables in hash order with a seed chosen per
 * process, so the subcommands of a container and the full listings are compared sorted.
 */
class CommandInfoDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();
    private static Set<String> nodeNames;
    private static Set<String> redisNames;

    @BeforeAll
    static void start() {
        nodeNames = names(diff.nodeConnection().call("COMMAND", "LIST"));
        redisNames = names(diff.redisConnection().call("COMMAND", "LIST"));
    }

    @Test
    void theNodeHasEveryRedisCommand() {
        assertThat(nodeNames).containsExactlyInAnyOrderElementsOf(redisNames);
    }

    @TestFactory
    Stream<DynamicTest> commandInfoOfEachCommand() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int protocol : new int[] {2, 3}) {
            for (String name : new TreeSet<>(nodeNames)) {
                tests.add(DynamicTest.dynamicTest("RESP" + protocol + " COMMAND INFO " + name,
                        () -> compareEntries(protocol, false, "COMMAND", "INFO", name)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyCommandAtOnce() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int protocol : new int[] {2, 3}) {
            tests.add(DynamicTest.dynamicTest("RESP" + protocol + " COMMAND",
                    () -> compareEntries(protocol, true, "COMMAND")));
            tests.add(DynamicTest.dynamicTest("RESP" + protocol + " COMMAND INFO",
                    () -> compareEntries(protocol, true, "COMMAND", "INFO")));
            tests.add(DynamicTest.dynamicTest("RESP" + protocol + " COMMAND INFO of several",
                    () -> compareEntries(protocol, false, "COMMAND", "INFO", "get", "nosuch", "CONFIG|GET", "eval",
                            "zunionstore", "config|nosuch", "sort", "object", "xinfo|stream")));
        }
        return tests.stream();
    }

    @Test
    void commandCount() {
        diff.check("COMMAND", "COUNT");
    }

    @Test
    void commandListAndItsFilters() {
        List<String[]> requests = new ArrayList<>();
        requests.add(new String[] {"COMMAND", "LIST"});
        for (Object category : (List<?>) RespParser.parse(diff.redisConnection().call("ACL", "CAT"))) {
            requests.add(new String[] {"COMMAND", "LIST", "FILTERBY", "ACLCAT", category.toString()});
        }
        for (String pattern : new String[] {"*", "client*", "*|*", "x*", "c?u*|s*", "nosuch"}) {
            requests.add(new String[] {"COMMAND", "LIST", "FILTERBY", "PATTERN", pattern});
        }
        for (String[] request : requests) {
            assertThat(names(diff.nodeConnection().call(request))).as(String.join(" ", request))
                    .containsExactlyInAnyOrderElementsOf(names(diff.redisConnection().call(request)));
        }
    }

    @TestFactory
    Stream<DynamicTest> getKeysAndFlags() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String request : getKeysRequests()) {
            tests.add(DynamicTest.dynamicTest("COMMAND GETKEYS(ANDFLAGS) " + request, () -> {
                List<String> args = new ArrayList<>();
                for (String arg : request.split(" ")) {
                    args.add(arg.equals("\"\"") ? "" : arg);
                }
                for (int protocol : new int[] {2, 3}) {
                    hello(protocol);
                    for (String subcommand : new String[] {"GETKEYS", "GETKEYSANDFLAGS"}) {
                        List<String> command = new ArrayList<>(List.of("COMMAND", subcommand));
                        command.addAll(args);
                        diff.check(command.toArray(new String[0]));
                    }
                }
            }));
        }
        return tests.stream();
    }

    /**
     * Compares a reply made of COMMAND INFO entries, each container's subcommands sorted; the entries sorted
     * too when they are all commands (in hash order) rather than those asked for (in the order asked).
     */
    private static void compareEntries(int protocol, boolean everyCommand, String... request) {
        hello(protocol);
        String redis = canonicalEntries(diff.redisConnection().call(request), everyCommand);
        String node = canonicalEntries(diff.nodeConnection().call(request), everyCommand);
        assertEquals(redis, node, String.join(" ", request) + " in RESP" + protocol);
    }

    private static void hello(int protocol) {
        diff.redisConnection().call("HELLO", Integer.toString(protocol));
        diff.nodeConnection().call("HELLO", Integer.toString(protocol));
    }

    /** The entries of the reply, sorted if asked to. */
    private static String canonicalEntries(byte[] reply, boolean sorted) {
        RespNode listing = RespNode.parse(reply);
        List<String> entries = new ArrayList<>();
        for (RespNode entry : listing.children) {
            entries.add(canonicalEntry(entry));
        }
        if (sorted) {
            entries.sort(null);
        }
        return listing.type + Integer.toString(entries.size()) + "\r\n" + String.join("", entries);
    }

    /** A COMMAND INFO entry (or null) as its bytes, with its subcommands sorted. */
    private static String canonicalEntry(RespNode entry) {
        if (entry.children == null) {
            return Differential.printable(entry.raw);
        }
        StringBuilder sb = new StringBuilder(entry.type + entry.text + "\r\n");
        for (int i = 0; i < 9; i++) {
            sb.append(Differential.printable(entry.children.get(i).raw));
        }
        RespNode subcommands = entry.children.get(9);
        List<String> kept = new ArrayList<>();
        for (RespNode sub : subcommands.children) {
            kept.add(canonicalEntry(sub));
        }
        kept.sort(null);
        return sb.append(subcommands.type).append(kept.size()).append("\r\n").append(String.join("", kept)).toString();
    }

    private static Set<String> names(byte[] reply) {
        Set<String> names = new HashSet<>();
        for (Object name : (List<?>) RespParser.parse(reply)) {
            names.add(name.toString());
        }
        return names;
    }

    private static List<String> getKeysRequests() throws IOException {
        List<String> requests = new ArrayList<>();
        try (InputStream in = CommandInfoDifferentialTest.class.getResourceAsStream("getkeys-requests.txt")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    requests.add(line);
                }
            }
        }
        return requests;
    }
}

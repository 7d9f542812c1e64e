package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import dev.keyslot.datanode.testing.ServerSide;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How redis-server 7.0 accounts a command that blocks, compared with the data node: its call is counted when it
 * blocks, but the slow log sees it only when a write serves it (after the write) or CLIENT UNBLOCK ends it
 * (logged without arguments, counted failed); a timeout, a disconnection or WAIT's acknowledgements log
 * nothing. Slow log entries are compared by arguments; redis-server's entries of the INFO calls that wait for
 * a client to block are left out, as are timings.
 */
class BlockedCommandStatsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();
    private static ServerSide redis;
    private static ServerSide node;

    @BeforeAll
    static void start() {
        redis = ServerSide.of(diff.redis());
        node = ServerSide.of(diff.node());
    }

    @BeforeEach
    void reset() {
        diff.checkAll("CONFIG SET slowlog-log-slower-than 0", "CONFIG RESETSTAT", "SLOWLOG RESET");
    }

    @Test
    void aServedCommandIsLoggedAfterTheWriteThatServedIt() {
        String[][] served = {
            {"BLPOP", "l", "0"}, {"RPUSH", "l", "a"},
            {"BLMOVE", "l", "dst", "LEFT", "RIGHT", "0"}, {"LPUSH", "l", "b"},
            {"BLMPOP", "0", "2", "x", "l", "RIGHT"}, {"RPUSH", "l", "c"},
            {"BZPOPMIN", "z", "0"}, {"ZADD", "z", "1", "m"},
            {"BZMPOP", "0", "1", "z", "MAX"}, {"ZADD", "z", "2", "n"},
            {"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"}, {"XADD", "s", "1-1", "f", "v"},
            {"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"}, {"DEL", "s"},
            {"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}, {"XADD", "s", "1-1", "f", "v"},
        };
        compare((side, out) -> {
            try (RawConnection waiter = side.connect(); RawConnection control = side.connect()) {
                out.add(control.callString("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"));
                for (int i = 0; i < served.length; i += 2) {
                    waiter.send(RawConnection.encode(served[i]));
                    side.awaitBlocked(1);
                    out.add(slowlog(control));
                    out.add(control.callString(served[i + 1]));
                    out.add(waiter.readReplyString());
                    out.add(slowlog(control));
                    out.add(commandStats(control, served[i][0], served[i + 1][0]));
                    out.add(histogramCalls(control, served[i][0]));
                    control.call("SLOWLOG", "RESET");
                }
                out.add(control.callString("INFO", "errorstats"));
            }
        });
    }

    @Test
    void aTimeoutOrADisconnectionLogsNothing() {
        compare((side, out) -> {
            try (RawConnection waiter = side.connect(); RawConnection control = side.connect()) {
                out.add(waiter.callString("BLPOP", "l", "0.05"));
                out.add(waiter.callString("XREAD", "BLOCK", "50", "STREAMS", "s", "$"));
                out.add(waiter.callString("WAIT", "1", "50"));
                try (RawConnection leaving = side.connect()) {
                    leaving.send(RawConnection.encode("BZPOPMAX", "z", "0"));
                    side.awaitBlocked(1);
                }
                side.awaitBlocked(0);
                out.add(slowlog(control));
                out.add(commandStats(control, "blpop", "xread", "wait", "bzpopmax"));
                out.add(histogramCalls(control, "blpop", "xread", "wait", "bzpopmax"));
            }
        });
    }

    @Test
    void clientUnblockLogsTheCommandWithoutArgumentsAndFailsIt() {
        String[][] blocking = {{"BRPOP", "l", "0"}, {"WAIT", "1", "0"}, {"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}};
        compare((side, out) -> {
            try (RawConnection waiter = side.connect(); RawConnection control = side.connect()) {
                String reply = waiter.callString("CLIENT", "ID");
                String id = reply.substring(1, reply.length() - 2);
                for (String[] command : blocking) {
                    for (String mode : new String[] {"TIMEOUT", "ERROR"}) {
                        waiter.send(RawConnection.encode(command));
                        side.awaitBlocked(1);
                        control.call("SLOWLOG", "RESET");
                        control.call("CLIENT", "UNBLOCK", id, mode);
                        out.add(waiter.readReplyString());
                        out.add(slowlog(control).replace(id, "<id>"));
                    }
                    out.add(commandStats(control, command[0]));
                    out.add(histogramCalls(control, command[0]));
                }
            }
        });
    }

    /** Arguments of the slow log's entries, newest first, leaving out the INFO calls of redis-server's side. */
    private static String slowlog(RawConnection control) {
        List<Object> args = new ArrayList<>();
        for (Object e : (List<?>) RespParser.parse(control.call("SLOWLOG", "GET", "-1"))) {
            List<?> entry = (List<?>) e;
            List<?> argv = (List<?>) entry.get(3);
            if (argv.isEmpty() || !"INFO".equalsIgnoreCase(String.valueOf(argv.get(0)))) {
                args.add(argv);
            }
        }
        return args.toString();
    }

    /** The commandstats lines of the commands, in the order given, without the timings that differ run to run. */
    private static String commandStats(RawConnection control, String... commands) {
        String[] lines = control.callString("INFO", "commandstats").split("\r\n");
        StringBuilder stats = new StringBuilder();
        for (String command : commands) {
            for (String line : lines) {
                if (line.startsWith("cmdstat_" + command.toLowerCase() + ":")) {
                    stats.append(line.replaceAll("usec=\\d+,usec_per_call=[\\d.]+,", "")).append(' ');
                }
            }
        }
        return stats.toString();
    }

    /** How many calls LATENCY HISTOGRAM has measured per command (a command with none is left out). */
    private static String histogramCalls(RawConnection control, String... commands) {
        List<?> reply = (List<?>) RespParser.parse(control.call(concat("LATENCY", "HISTOGRAM", commands)));
        StringBuilder calls = new StringBuilder();
        for (int i = 0; i < reply.size(); i += 2) {
            calls.append(reply.get(i)).append('=').append(((List<?>) reply.get(i + 1)).get(1)).append(' ');
        }
        return calls.toString();
    }

    private static String[] concat(String first, String second, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = first;
        all[1] = second;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    private static void compare(BiConsumer<ServerSide, List<String>> scenario) {
        List<String> expected = new ArrayList<>();
        scenario.accept(redis, expected);
        diff.reset();
        diff.checkAll("CONFIG SET slowlog-log-slower-than 0", "CONFIG RESETSTAT", "SLOWLOG RESET");
        List<String> actual = new ArrayList<>();
        scenario.accept(node, actual);
        assertThat(actual).isEqualTo(expected);
    }
}

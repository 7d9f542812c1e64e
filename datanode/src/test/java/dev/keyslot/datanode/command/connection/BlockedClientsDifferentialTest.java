package dev.keyslot.datanode.command.connection;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.ServerSide;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which clients redis-server 7.0 counts as blocked (INFO blocked_clients, clients_in_timeout_table) and flags b in
 * CLIENT LIST, with the command CLIENT LIST shows for them, compared with the data node: clients in a blocking
 * command, in WAIT, or with a request held by CLIENT PAUSE (a write inside MULTI too); not a blocking command
 * inside MULTI, which does not block. CLIENT LIST's cmd is the command last looked up, also when it was refused.
 */
class BlockedClientsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();
    private static ServerSide redis;
    private static ServerSide node;

    @BeforeAll
    static void start() {
        redis = ServerSide.of(diff.redis());
        node = ServerSide.of(diff.node());
    }

    @Test
    void blockingCommandsAndWaitBlockTheirClient() {
        String[][] blocking = {{"BLPOP", "l", "0"}, {"BZPOPMIN", "z", "5"}, {"XREAD", "BLOCK", "0", "STREAMS", "s", "$"},
            {"WAIT", "1", "0"}, {"WAIT", "1", "5000"}};
        compare((side, out) -> {
            try (RawConnection waiter = side.connect(); RawConnection control = side.connect()) {
                String id = id(waiter);
                for (String[] command : blocking) {
                    waiter.send(RawConnection.encode(command));
                    side.awaitBlocked(1);
                    out.add(blockingFigures(control) + state(control, id));
                    control.call("CLIENT", "UNBLOCK", id);
                    out.add(waiter.readReplyString());
                    side.awaitBlocked(0);
                    out.add(blockingFigures(control) + state(control, id));
                }
                out.add(waiter.callString("MULTI"));
                out.add(waiter.callString("BLPOP", "l", "0"));
                out.add(waiter.callString("WAIT", "1", "0"));
                out.add(waiter.callString("EXEC"));
                out.add(blockingFigures(control) + state(control, id));
            }
        });
    }

    @Test
    void clientsHeldByAPauseAreBlocked() {
        compare((side, out) -> {
            try (RawConnection writer = side.connect(); RawConnection transaction = side.connect();
                 RawConnection control = side.connect()) {
                String writerId = id(writer);
                String transactionId = id(transaction);
                out.add(control.callString("CLIENT", "PAUSE", "10000", "WRITE"));
                try {
                    writer.send(RawConnection.encode("SET", "k", "v"));
                    side.awaitBlocked(1);
                    out.add(transaction.callString("MULTI"));
                    // Held before it is queued: a write inside MULTI waits too.
                    transaction.send(RawConnection.encode("INCR", "n"));
                    side.awaitBlocked(2);
                    out.add(blockingFigures(control) + state(control, writerId) + state(control, transactionId));
                } finally {
                    control.call("CLIENT", "UNPAUSE");
                }
                out.add(writer.readReplyString());
                out.add(transaction.readReplyString());
                out.add(transaction.callString("EXEC"));
                side.awaitBlocked(0);
                out.add(blockingFigures(control) + state(control, writerId) + state(control, transactionId));
            }
        });
    }

    @Test
    void clientListShowsTheCommandLastLookedUpEvenIfRefused() {
        String[][] commands = {{"SET", "k"}, {"NOSUCH"}, {"GET", "k"}, {"CLIENT", "NOSUCH"}, {"OBJECT"},
            {"OBJECT", "HELP", "x"}, {"ECHO", "x"}};
        compare((side, out) -> {
            try (RawConnection client = side.connect(); RawConnection control = side.connect()) {
                String id = id(client);
                for (String[] command : commands) {
                    client.call(command);
                    out.add(state(control, id));
                }
            }
        });
    }

    private static String id(RawConnection c) {
        String reply = c.callString("CLIENT", "ID");
        return reply.substring(1, reply.length() - 2);
    }

    /** The client's flags and command in CLIENT LIST. */
    private static String state(RawConnection control, String id) {
        String line = control.callString("CLIENT", "LIST", "ID", id);
        return field(line, "flags") + " " + field(line, "cmd") + " ";
    }

    private static String field(String line, String name) {
        int at = line.indexOf(" " + name + "=");
        int end = line.indexOf(' ', at + 1);
        return line.substring(at + 1, end);
    }

    /** INFO clients' blocked_clients and clients_in_timeout_table. */
    private static String blockingFigures(RawConnection control) {
        StringBuilder figures = new StringBuilder();
        for (String line : control.callString("INFO", "clients").split("\r\n")) {
            if (line.startsWith("blocked_clients:") || line.startsWith("clients_in_timeout_table:")) {
                figures.append(line).append(' ');
            }
        }
        return figures.toString();
    }

    private static void compare(BiConsumer<ServerSide, List<String>> scenario) {
        List<String> expected = new ArrayList<>();
        scenario.accept(redis, expected);
        diff.reset();
        List<String> actual = new ArrayList<>();
        scenario.accept(node, actual);
        assertThat(actual).isEqualTo(expected);
    }
}

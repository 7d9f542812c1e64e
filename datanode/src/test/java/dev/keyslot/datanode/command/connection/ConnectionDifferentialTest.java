package dev.keyslot.datanode.command.connection;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** PING ECHO SELECT SWAPDB AUTH HELLO RESET QUIT compared with redis-server 7.0. */
class ConnectionDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void pingAndEcho() {
        diff.checkAll("PING", "PING hello", "PING a b", "ECHO hi", "ECHO", "ECHO a b");
    }

    /**
     * As `printf 'PING\r\n' | nc -N host port` does: the requests, then a half-close, then the replies. The
     * server is kept busy meanwhile so that it finds the requests and the end of input in the same read.
     */
    @Test
    void requestsFollowedByAHalfCloseAreAnsweredBeforeTheConnectionCloses() throws Exception {
        byte[] requests = "PING\r\nSET k v\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nINCR k\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (Differential debug = new Differential("--enable-debug-command", "yes")) {
            byte[] fromRedis = sendThenHalfClose(debug, true, requests);
            byte[] fromNode = sendThenHalfClose(debug, false, requests);
            assertThat(new String(fromRedis, StandardCharsets.US_ASCII))
                    .isEqualTo("+PONG\r\n+OK\r\n$1\r\nv\r\n-ERR value is not an integer or out of range\r\n");
            assertThat(new String(fromNode, StandardCharsets.US_ASCII))
                    .isEqualTo(new String(fromRedis, StandardCharsets.US_ASCII));
            debug.checkAll("GET k", "INFO errorstats");
        }
    }

    private static byte[] sendThenHalfClose(Differential servers, boolean toRedis, byte[] requests) throws Exception {
        try (RawConnection busy = servers.newConnection(toRedis);
             Socket socket = toRedis ? new Socket(servers.redis().host(), servers.redis().port())
                     : new Socket(servers.node().host(), servers.node().port())) {
            socket.setSoTimeout(5000);
            busy.send(RawConnection.encode("DEBUG", "SLEEP", "0.3"));
            Thread.sleep(100);
            socket.getOutputStream().write(requests);
            socket.shutdownOutput();
            byte[] replies = socket.getInputStream().readAllBytes();
            assertThat(busy.readReply()).isEqualTo("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
            return replies;
        }
    }

    @Test
    void selectSwitchesDatabases() {
        diff.checkAll("SET k zero", "SELECT 1", "GET k", "SET k one", "SELECT 0", "GET k", "SELECT 15", "SELECT 16",
                "SELECT -1", "SELECT abc", "SELECT 99999999999", "SELECT 1.5", "SELECT");
    }

    @Test
    void swapdbExchangesContents() {
        diff.checkAll("SET k zero", "SELECT 1", "SET other one", "SWAPDB 0 1", "GET k", "GET other", "SELECT 0",
                "GET k", "GET other", "SWAPDB 0 0", "GET other", "SWAPDB a 1", "SWAPDB 0 b", "SWAPDB 0 99",
                "SWAPDB -1 0", "SWAPDB 0", "SWAPDB 99999999999 0", "DBSIZE");
    }

    @Test
    void authWithoutPasswordConfigured() {
        diff.checkAll("AUTH x", "AUTH default anything", "AUTH someone x", "AUTH a b c", "AUTH");
    }

    @Test
    void authAndHelloWithRequirepass() {
        try (Differential auth = new Differential("--requirepass", "secret")) {
            auth.checkAll("PING", "GET k", "AUTH wrong", "AUTH default wrong", "AUTH nobody secret", "HELLO 3",
                    "HELLO 3 AUTH default wrong", "HELLO 3 AUTH nobody secret", "PING");
            checkIgnoringId(auth, "HELLO", "2", "AUTH", "default", "secret");
            auth.checkAll("PING", "CLIENT GETNAME");
            auth.reconnect();
            auth.checkAll("AUTH secret", "PING", "AUTH wrong", "PING");
        }
    }

    @Test
    void helloNegotiatesTheProtocol() {
        checkIgnoringId(diff, "HELLO");
        checkIgnoringId(diff, "HELLO", "3");
        diff.checkAll("GET missing");
        checkIgnoringId(diff, "HELLO", "2", "SETNAME", "myname");
        diff.checkAll("CLIENT GETNAME", "GET missing");
        checkIgnoringId(diff, "HELLO", "3", "AUTH", "default", "whatever", "SETNAME", "other");
        diff.checkAll("CLIENT GETNAME");
    }

    @Test
    void helloReportsClusterModeAndReplicaRole() {
        try (Differential cluster = new Differential("--cluster-enabled", "yes")) {
            checkIgnoringId(cluster, "HELLO", "3");
        }
        try (Differential replica = new Differential("--replicaof", "127.0.0.1", "1")) {
            checkIgnoringId(replica, "HELLO");
        }
    }

    @Test
    void helloErrors() {
        diff.checkAll("HELLO 4", "HELLO 1", "HELLO abc", "HELLO 3 FOO", "HELLO 3 SETNAME", "HELLO 3 AUTH default",
                "HELLO 3 AUTH nobody x", "HELLO 99999999999999999999");
        diff.check("HELLO", "3", "SETNAME", "a b");
        diff.checkAll("CLIENT GETNAME", "GET missing");
    }

    @Test
    void resetRestoresTheInitialConnectionState() {
        diff.checkAll("SELECT 2", "SET k v", "CLIENT SETNAME someone", "CLIENT NO-EVICT on");
        diff.redisConnection().call("HELLO", "3");
        diff.nodeConnection().call("HELLO", "3");
        diff.checkAll("RESET", "GET k", "CLIENT GETNAME", "GET missing", "RESET extra");
        String info = diff.nodeConnection().callString("CLIENT", "INFO");
        assertThat(info).contains(" db=0 ").contains(" resp=2").contains(" name= ");
    }

    @Test
    void resetAfterRequirepassRequiresAuthAgain() {
        try (Differential auth = new Differential("--requirepass", "secret")) {
            auth.checkAll("AUTH secret", "PING", "RESET", "PING");
        }
    }

    @Test
    void quitRepliesAndCloses() {
        diff.check("QUIT");
        assertThat(diff.nodeConnection().isClosedByPeer(2000)).isTrue();
        assertThat(diff.redisConnection().isClosedByPeer(2000)).isTrue();
    }

    /** HELLO's reply carries the connection id, which depends on how many connections each server has seen. */
    static void checkIgnoringId(Differential d, String... args) {
        assertThat(withoutId(d.nodeConnection().call(args))).as(String.join(" ", args))
                .isEqualTo(withoutId(d.redisConnection().call(args)));
    }

    private static String withoutId(byte[] reply) {
        return new String(reply, StandardCharsets.ISO_8859_1).replaceAll("\\$2\r\nid\r\n:\\d+\r\n", "\\$2\r\nid\r\n:N\r\n");
    }
}

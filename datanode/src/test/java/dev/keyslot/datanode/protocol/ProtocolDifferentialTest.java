package dev.keyslot.datanode.protocol;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Request parsing and protocol errors, compared byte for byte with redis-server 7.0. */
class ProtocolDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void pipelinedMultibulkAndInlineRequests() {
        diff.checkRaw(ascii("*1\r\n$4\r\nPING\r\nPING\r\nSET k \"hello world\"\r\nGET k\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"), 5);
    }

    @Test
    void emptyLinesAndEmptyMultibulkAreIgnored() {
        diff.checkRaw(ascii("\r\n*0\r\n*-1\r\nPING\r\n"), 1);
    }

    @Test
    void unknownCommandAndArityErrors() {
        diff.checkAll("foo", "foo bar baz", "get", "set k", "ping a b", "GeT missing");
        diff.check("PI\0G", "a\0b", "c");
        diff.check("x".repeat(200), "y".repeat(100), "z".repeat(100));
    }

    @Test
    void unbalancedQuotesCloseTheConnection() {
        assertProtocolErrorCloses("SET k \"unbalanced\r\n");
    }

    @Test
    void invalidMultibulkLengthClosesTheConnection() {
        assertProtocolErrorCloses("*abc\r\n");
    }

    @Test
    void invalidBulkLengthClosesTheConnection() {
        assertProtocolErrorCloses("*1\r\n$-5\r\n");
    }

    @Test
    void missingDollarClosesTheConnection() {
        assertProtocolErrorCloses("*1\r\n+PING\r\n");
    }

    @Test
    void hugeDeclaredBulkIsRefusedWithoutAllocating() {
        assertProtocolErrorCloses("*1\r\n$99999999999\r\n");
    }

    @Test
    void unauthenticatedClientsCannotDeclareHugeArrays() {
        try (Differential auth = new Differential("--requirepass", "secret")) {
            auth.checkRaw(ascii("*2000\r\n"), 1);
            assertThat(auth.nodeConnection().isClosedByPeer(2000)).isTrue();
        }
    }

    @Test
    void commandsBeforeTheErrorAreStillAnswered() {
        assertProtocolErrorCloses("PING\r\n*1\r\n$4\r\nPING\r\n*x\r\n", 3);
    }

    @Test
    void aNulBeforeTheNewlineLeavesAnInlineRequestPendingUntilItIsTooBig() {
        for (String raw : new String[] {"PING\0abc\r\nPING\r\n", "\0PING\r\n", "PING\r\0\n"}) {
            diff.reconnect();
            assertPendingUntilTooBig(raw, "too big inline request");
        }
    }

    @Test
    void aNulAfterACompleteInlineLineStopsTheNextOne() {
        diff.checkRaw(ascii("PING\r\n\0PING\r\n"), 1);
        assertPendingUntilTooBig("", "too big inline request");
    }

    @Test
    void aLengthLineEndsAtItsFirstCarriageReturn() {
        diff.checkRaw(ascii("*1\rX$4\r\nPING\r\n*1\r\n$4\rXPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\r\nab\r\n"), 3);
    }

    @Test
    void aNulInALengthLineLeavesTheRequestPending() {
        assertPendingUntilTooBig("*1\0\r\n$4\r\nPING\r\n", "too big mbulk count string");
        diff.reconnect();
        assertPendingUntilTooBig("*1\r\n$4\0\r\nPING\r\n", "too big bulk count string");
    }

    /** Nothing comes back for raw; once more than 64KB wait unparsed, both refuse them and close. */
    private void assertPendingUntilTooBig(String raw, String error) {
        RawConnection redis = diff.redisConnection();
        RawConnection node = diff.nodeConnection();
        redis.send(ascii(raw));
        node.send(ascii(raw));
        assertThat(redis.quietFor(300)).as("redis answers nothing").isTrue();
        assertThat(node.quietFor(50)).as("the data node answers nothing").isTrue();
        byte[] filler = ascii("x".repeat(70_000));
        redis.send(filler);
        node.send(filler);
        assertThat(node.readReplyString()).isEqualTo(redis.readReplyString())
                .isEqualTo("-ERR Protocol error: " + error + "\r\n");
        assertThat(node.isClosedByPeer(2000)).isTrue();
        assertThat(redis.isClosedByPeer(2000)).isTrue();
    }

    private void assertProtocolErrorCloses(String raw) {
        assertProtocolErrorCloses(raw, 1);
    }

    private void assertProtocolErrorCloses(String raw, int replies) {
        diff.checkRaw(ascii(raw), replies);
        RawConnection node = diff.nodeConnection();
        assertThat(node.isClosedByPeer(2000)).as("data node closes after a protocol error").isTrue();
        assertThat(diff.redisConnection().isClosedByPeer(2000)).as("redis closes after a protocol error").isTrue();
    }
}

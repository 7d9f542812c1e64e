package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/** LCS with LEN, IDX, MINMATCHLEN and WITHMATCHLEN, in RESP2 and RESP3. */
class LcsDifferentialTest extends StringDifferentialBase {

    @Test
    void basics() {
        diff.checkAll("MSET a ohmytext b mynewtext", "LCS a b", "LCS a b LEN", "LCS a b IDX",
                "LCS a b IDX MINMATCHLEN 4", "LCS a b IDX WITHMATCHLEN", "LCS a b IDX MINMATCHLEN 2 WITHMATCHLEN",
                "LCS a b IDX MINMATCHLEN -5", "LCS a b len", "LCS b a IDX WITHMATCHLEN", "LCS a missing",
                "LCS missing a LEN", "LCS missing other IDX", "LCS a a IDX WITHMATCHLEN", "LCS a b WITHMATCHLEN",
                "LCS a b MINMATCHLEN 3", "LCS a b IDX IDX LEN");
    }

    @Test
    void errors() {
        diff.checkAll("SET a x", "LCS a b LEN IDX", "LCS a b FOO", "LCS a b MINMATCHLEN", "LCS a b MINMATCHLEN x",
                "LCS a b IDX MINMATCHLEN 1.5", "LCS a", "LCS");
    }

    @Test
    void resp3RepliesUseAMap() throws Exception {
        // HELLO is not on this branch: switch the data node's connections to RESP3 directly.
        diff.redisConnection().call("HELLO", "3");
        diff.node().server().eventLoop().submit(() -> {
            for (Client client : diff.node().server().clients().all()) {
                client.reply().setProtocol(3);
            }
        }).get(5, TimeUnit.SECONDS);
        diff.checkAll("MSET a ohmytext b mynewtext", "LCS a b IDX WITHMATCHLEN", "LCS a b IDX", "LCS a b",
                "LCS a b LEN", "LCS x y IDX", "GET missing");
    }

    @Test
    void transientMemoryLimit() {
        try (Differential small = new Differential("--proto-max-bulk-len", "1048576")) {
            small.check("SET", "a", "x".repeat(600));
            small.check("SET", "b", "y".repeat(600));
            small.check("LCS", "a", "b");
            small.check("SET", "b", "x".repeat(300));
            small.check("LCS", "a", "b", "LEN");
        }
    }

    @Test
    void randomStrings() {
        Random random = new Random(3);
        for (int i = 0; i < 60; i++) {
            diff.check("SET", "a", randomString(random));
            diff.check("SET", "b", randomString(random));
            diff.check("LCS", "a", "b");
            diff.check("LCS", "a", "b", "IDX", "WITHMATCHLEN");
            diff.check("LCS", "a", "b", "IDX", "MINMATCHLEN", Integer.toString(random.nextInt(4)));
        }
    }

    private static String randomString(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(4)));
        }
        return sb.toString();
    }
}

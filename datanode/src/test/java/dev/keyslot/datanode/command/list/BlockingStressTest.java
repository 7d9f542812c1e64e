package dev.keyslot.datanode.command.list;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several consumers looping on BLPOP/BRPOPLPUSH/BZPOPMIN while producers push: every element is
 * delivered exactly once and nobody stays blocked.
 */
class BlockingStressTest {
    private static final int CONSUMERS = 4;
    private static final int ITEMS = 300;

    private static EmbeddedDataNode node;

    @BeforeAll
    static void start() {
        node = EmbeddedDataNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void everyPushedElementIsPoppedExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS + 1);
        try {
            List<Future<List<String>>> consumers = new ArrayList<>();
            for (int i = 0; i < CONSUMERS; i++) {
                int which = i;
                consumers.add(pool.submit(() -> consume(which)));
            }
            pool.submit(BlockingStressTest::produce).get(30, TimeUnit.SECONDS);
            List<String> received = new ArrayList<>();
            for (Future<List<String>> f : consumers) {
                received.addAll(f.get(30, TimeUnit.SECONDS));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                expected.add("item" + i);
                expected.add("z" + i);
            }
            Collections.sort(expected);
            Collections.sort(received);
            assertThat(received).isEqualTo(expected);
            assertThat(node.server().eventLoop().submit(() -> node.server().blocking().blockedClients()).get())
                    .isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Pops until it has seen a "stop" from the list and from the sorted set. */
    private static List<String> consume(int which) {
        List<String> got = new ArrayList<>();
        boolean listDone = false;
        boolean zsetDone = false;
        try (RawConnection c = new RawConnection(node.host(), node.port())) {
            while (!listDone || !zsetDone) {
                String reply;
                if (!listDone) {
                    reply = which % 2 == 0 ? c.callString("BLPOP", "q", "5") : c.callString("BRPOPLPUSH", "q", "moved" + which, "5");
                } else {
                    reply = c.callString("BZPOPMIN", "zq", "5");
                }
                String value = lastBulk(reply);
                if (value == null) {
                    throw new AssertionError("consumer " + which + " timed out");
                }
                if (value.startsWith("stop")) {
                    if (listDone) {
                        zsetDone = true;
                    } else {
                        listDone = true;
                    }
                } else {
                    got.add(value);
                }
            }
        }
        return got;
    }

    /** The element of a BLPOP/BRPOPLPUSH reply or the member of a BZPOPMIN reply; null on timeout. */
    private static String lastBulk(String reply) {
        if (reply.startsWith("*-1") || reply.startsWith("$-1")) {
            return null;
        }
        String[] lines = reply.split("\r\n");
        if (lines[0].equals("*3")) {
            return lines[4];
        }
        return lines[lines.length - 1];
    }

    private static Void produce() {
        try (RawConnection c = new RawConnection(node.host(), node.port())) {
            for (int i = 0; i < ITEMS; i += 3) {
                c.call("RPUSH", "q", "item" + i, "item" + (i + 1), "item" + (i + 2));
                c.call("ZADD", "zq", Integer.toString(i), "z" + i, Integer.toString(i + 1), "z" + (i + 1),
                        Integer.toString(i + 2), "z" + (i + 2));
            }
            for (int i = 0; i < CONSUMERS; i++) {
                c.call("RPUSH", "q", "stop");
            }
            for (int i = 0; i < CONSUMERS; i++) {
                c.call("ZADD", "zq", "1000000", "stop" + i);
            }
        }
        return null;
    }
}

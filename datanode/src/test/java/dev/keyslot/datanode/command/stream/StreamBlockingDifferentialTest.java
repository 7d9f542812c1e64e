package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.ServerSide;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XREAD and XREADGROUP with BLOCK, played with two or more clients against both servers: wake-up by
 * XADD, '$', several streams, timeouts, errors when the stream or group goes away, and waiters that
 * stay blocked when nothing new arrives.
 */
class StreamBlockingDifferentialTest {
    private static Differential diff;
    private static ServerSide redis;
    private static ServerSide node;

    @BeforeAll
    static void start() {
        diff = new Differential();
        redis = ServerSide.of(diff.redis());
        node = ServerSide.of(diff.node());
    }

    @AfterAll
    static void stop() {
        diff.close();
    }

    @BeforeEach
    void reset() {
        diff.reset();
    }

    private static void compare(BiConsumer<ServerSide, List<String>> scenario) {
        List<String> expected = new ArrayList<>();
        scenario.accept(redis, expected);
        diff.reset();
        List<String> actual = new ArrayList<>();
        scenario.accept(node, actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void timeoutsAndImmediateReads() {
        diff.checkAll("XREAD BLOCK 50 STREAMS s $", "XREAD BLOCK 50 STREAMS s 0", "XADD s 1-0 a b",
                "XREAD BLOCK 0 STREAMS s 0", "XREAD BLOCK 50 STREAMS s $", "XGROUP CREATE s g $",
                "XREADGROUP GROUP g c BLOCK 50 STREAMS s >", "XREADGROUP GROUP g c BLOCK 0 STREAMS s 0",
                "XREAD BLOCK x STREAMS s 0", "XREAD BLOCK -1 STREAMS s 0", "XREAD BLOCK 1.5 STREAMS s 0", "PING");
    }

    @Test
    void xaddWakesXreadOnDollar() {
        compare((side, out) -> {
            try (RawConnection reader = side.connect(); RawConnection writer = side.connect()) {
                out.add(writer.callString("XADD", "s", "1-0", "old", "entry"));
                reader.send(RawConnection.encode("XREAD", "BLOCK", "0", "STREAMS", "other", "s", "$", "$"));
                side.awaitBlocked(1);
                out.add(writer.callString("XADD", "other", "1-0", "x", "y"));
                out.add(reader.readReplyString());
                reader.send(RawConnection.encode("XREAD", "BLOCK", "0", "STREAMS", "s", "$"));
                side.awaitBlocked(1);
                out.add(writer.callString("XADD", "s", "2-0", "new", "entry"));
                out.add(reader.readReplyString());
                out.add(reader.callString("PING"));
            }
        });
    }

    @Test
    void waiterStaysBlockedUntilSomethingNewArrives() {
        compare((side, out) -> {
            try (RawConnection reader = side.connect(); RawConnection writer = side.connect()) {
                out.add(writer.callString("XADD", "s", "5-0", "a", "1"));
                reader.send(RawConnection.encode("XREAD", "COUNT", "2", "BLOCK", "0", "STREAMS", "s", "5"));
                side.awaitBlocked(1);
                out.add(writer.callString("XDEL", "s", "5-0"));
                out.add(writer.callString("DEL", "s"));
                out.add(writer.callString("SET", "s", "string"));
                out.add(writer.callString("DEL", "s"));
                side.awaitBlocked(1);
                out.add(writer.callString("XADD", "s", "3-0", "a", "2"));
                side.awaitBlocked(1);
                out.add(writer.callString("XADD", "s", "6-0", "a", "3"));
                out.add(reader.readReplyString());
            }
        });
    }

    @Test
    void readGroupWakesAndDeliversToOneConsumerAtATime() {
        compare((side, out) -> {
            try (RawConnection first = side.connect(); RawConnection second = side.connect();
                 RawConnection writer = side.connect()) {
                out.add(writer.callString("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"));
                first.send(RawConnection.encode("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s",
                        ">"));
                side.awaitBlocked(1);
                second.send(RawConnection.encode("XREADGROUP", "GROUP", "g", "bob", "NOACK", "BLOCK", "0",
                        "STREAMS", "s", ">"));
                side.awaitBlocked(2);
                out.add(writer.callString("XADD", "s", "1-0", "a", "1"));
                out.add(first.readReplyString());
                side.awaitBlocked(1);
                out.add(writer.callString("XADD", "s", "2-0", "a", "2"));
                out.add(second.readReplyString());
                out.add(writer.callString("XPENDING", "s", "g"));
                out.add(writer.callString("XINFO", "GROUPS", "s"));
            }
        });
    }

    @Test
    void readGroupWaitersFailWhenTheirStreamOrGroupGoes() {
        compare((side, out) -> {
            try (RawConnection a = side.connect(); RawConnection b = side.connect(); RawConnection c = side.connect();
                 RawConnection writer = side.connect()) {
                out.add(writer.callString("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"));
                out.add(writer.callString("XGROUP", "CREATE", "t", "g", "$", "MKSTREAM"));
                out.add(writer.callString("XGROUP", "CREATE", "u", "g", "$", "MKSTREAM"));
                a.send(RawConnection.encode("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"));
                b.send(RawConnection.encode("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "t", ">"));
                c.send(RawConnection.encode("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "u", ">"));
                side.awaitBlocked(3);
                out.add(writer.callString("DEL", "s"));
                out.add(a.readReplyString());
                out.add(writer.callString("XGROUP", "DESTROY", "t", "g"));
                out.add(b.readReplyString());
                out.add(writer.callString("SET", "u", "x"));
                out.add(c.readReplyString());
                out.add(writer.callString("INFO", "errorstats").contains("UNBLOCKED") ? "counted" : "not counted");
            }
        });
    }

    @Test
    void blockedReadGroupWithCountAndTimeout() {
        compare((side, out) -> {
            try (RawConnection reader = side.connect(); RawConnection writer = side.connect()) {
                out.add(writer.callString("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"));
                long start = System.nanoTime();
                out.add(reader.callString("XREADGROUP", "GROUP", "g", "c", "BLOCK", "100", "STREAMS", "s", ">"));
                out.add(System.nanoTime() - start >= 100_000_000L ? "waited" : "returned early");
                reader.send(RawConnection.encode("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "BLOCK", "0",
                        "STREAMS", "s", ">"));
                side.awaitBlocked(1);
                out.add(writer.callString("MULTI"));
                out.add(writer.callString("XADD", "s", "1-0", "a", "1"));
                out.add(writer.callString("XADD", "s", "2-0", "a", "2"));
                out.add(writer.callString("EXEC"));
                out.add(reader.readReplyString());
                out.add(writer.callString("XPENDING", "s", "g", "-", "+", "10", "nobody"));
                out.add(writer.callString("XINFO", "GROUPS", "s"));
            }
        });
    }

    @Test
    void redisSuiteEdgeCases() {
        compare((side, out) -> {
            try (RawConnection reader = side.connect(); RawConnection writer = side.connect()) {
                out.add(writer.callString("XADD", "s1", "666", "f", "v"));
                out.add(writer.callString("XADD", "s1", "667", "f2", "v2"));
                out.add(writer.callString("XDEL", "s1", "667"));
                out.add(reader.callString("XREAD", "BLOCK", "10", "STREAMS", "s1", "666"));
                out.add(writer.callString("XADD", "dry", "666", "key", "value"));
                out.add(writer.callString("XDEL", "dry", "666"));
                out.add(reader.callString("XREAD", "BLOCK", "10", "STREAMS", "dry", "665"));
                reader.send(RawConnection.encode("XREAD", "BLOCK", "0", "STREAMS", "dry", "665"));
                side.awaitBlocked(1);
                out.add(writer.callString("XADD", "dry", "667", "key", "value"));
                out.add(reader.readReplyString());
                reader.send(RawConnection.encode("XREAD", "BLOCK", "0", "STREAMS", "t", "$"));
                side.awaitBlocked(1);
                out.add(writer.callString("MULTI"));
                out.add(writer.callString("XADD", "t", "1-0", "old", "x"));
                out.add(writer.callString("DEL", "t"));
                out.add(writer.callString("LPUSH", "t", "foo"));
                out.add(writer.callString("EXEC"));
                out.add(writer.callString("DEL", "t"));
                out.add(writer.callString("XADD", "t", "2-0", "new", "y"));
                out.add(reader.readReplyString());
                reader.send(RawConnection.encode("XREAD", "BLOCK", "0", "STREAMS", "u", "u", "u", "$", "$", "$"));
                side.awaitBlocked(1);
                out.add(writer.callString("MULTI"));
                out.add(writer.callString("XADD", "u", "1-0", "field", "one"));
                out.add(writer.callString("XADD", "u", "2-0", "field", "two"));
                out.add(writer.callString("EXEC"));
                out.add(reader.readReplyString());
            }
        });
    }

    @Test
    void renameAndSwapdbReachReadGroupWaiters() {
        compare((side, out) -> {
            try (RawConnection a = side.connect(); RawConnection b = side.connect(); RawConnection c = side.connect();
                 RawConnection writer = side.connect()) {
                out.add(writer.callString("XGROUP", "CREATE", "m", "g", "$", "MKSTREAM"));
                out.add(writer.callString("XGROUP", "CREATE", "n", "g", "$", "MKSTREAM"));
                out.add(writer.callString("XGROUP", "CREATE", "o", "g", "$", "MKSTREAM"));
                a.send(RawConnection.encode("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "m", ">"));
                b.send(RawConnection.encode("XREADGROUP", "GROUP", "g", "bob", "BLOCK", "0", "STREAMS", "n", ">"));
                side.awaitBlocked(2);
                out.add(writer.callString("XGROUP", "CREATE", "m2", "g", "$", "MKSTREAM"));
                out.add(writer.callString("XADD", "m2", "100", "f1", "v1"));
                out.add(writer.callString("RENAME", "m2", "m"));
                out.add(a.readReplyString());
                out.add(writer.callString("XADD", "n2", "100", "f1", "v1"));
                out.add(writer.callString("RENAME", "n2", "n"));
                out.add(b.readReplyString());
                c.send(RawConnection.encode("XREADGROUP", "GROUP", "g", "carol", "BLOCK", "0", "STREAMS", "o", ">"));
                side.awaitBlocked(1);
                out.add(writer.callString("SELECT", "4"));
                out.add(writer.callString("LPUSH", "o", "e1"));
                out.add(writer.callString("SWAPDB", "4", "0"));
                out.add(c.readReplyString());
            }
        });
    }

    @Test
    void blockedRepliesInResp3() {
        compare((side, out) -> {
            try (RawConnection reader = side.connect(); RawConnection grouped = side.connect();
                 RawConnection writer = side.connect()) {
                reader.callString("HELLO", "3");
                grouped.callString("HELLO", "3");
                out.add(writer.callString("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"));
                reader.send(RawConnection.encode("XREAD", "BLOCK", "0", "STREAMS", "s", "$"));
                grouped.send(RawConnection.encode("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"));
                side.awaitBlocked(2);
                out.add(writer.callString("XADD", "s", "1-0", "a", "b"));
                out.add(reader.readReplyString());
                out.add(grouped.readReplyString());
                out.add(reader.callString("XREAD", "BLOCK", "20", "STREAMS", "s", "$"));
            }
        });
    }
}

package dev.keyslot.datanode.command.list;

import dev.keyslot.datanode.testing.ConnectionPair;
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
 * Blocking list and sorted-set commands: the immediate paths byte for byte, and multi-client scenarios
 * (wake-up by another client's push, FIFO fairness, timeouts, disconnects, held-back pipelined requests)
 * played against both servers with every reply compared.
 */
class BlockingDifferentialTest {
    private static Differential diff;
    private static ServerSide redis;
    private static ServerSide node;

    @BeforeAll
    static void start() {
        diff = new Differential("--enable-debug-command", "yes");
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

    @Test
    void immediateServingAndErrors() {
        diff.checkAll("RPUSH a 1 2 3", "BLPOP missing a 0", "BRPOP a missing 0", "BLPOP a 0.5", "BRPOP a 1",
                "EXISTS a", "RPUSH a x y z", "BLMPOP 0 2 missing a LEFT COUNT 2", "BLMPOP 0 1 a RIGHT",
                "RPUSH s 1 2", "BLMOVE s d LEFT RIGHT 0", "BRPOPLPUSH s d 0", "LRANGE d 0 -1", "EXISTS s",
                "SET str v", "BLPOP str 0", "BLPOP missing str 0", "BLMOVE str d LEFT LEFT 0", "RPUSH s2 v",
                "BLMOVE s2 str LEFT LEFT 0", "BRPOPLPUSH s2 str 0", "BLMPOP 0 1 str LEFT",
                "BLPOP a abc", "BLPOP a -1", "BLPOP a inf", "BLPOP a -inf", "BLPOP a 1e16", "BLPOP a nan",
                "BLPOP a \" 1\"", "BLPOP a 1e5000", "BLPOP a \"\"", "BLMOVE a b LEFT UP 0", "BLMOVE a b LEFT LEFT x",
                "BRPOPLPUSH a b x", "BLMPOP x 1 a LEFT", "BLMPOP 0 0 a LEFT", "BLMPOP 0 2 a LEFT", "BLMPOP 0 1 a UP",
                "BLMPOP 0 1 a LEFT COUNT 0", "BLMPOP -1 1 a LEFT", "BLPOP a", "BLMPOP 0 1 a",
                "ZADD z 1 a 2 b 3 c", "BZPOPMIN z 0", "BZPOPMAX missing z 0", "BZMPOP 0 2 missing z MIN COUNT 5",
                "EXISTS z", "BZPOPMIN str 0", "BZPOPMIN z abc", "BZMPOP 0 1 z MIDDLE", "BZMPOP x 1 z MIN",
                "BZMPOP 0 0 z MIN", "ZADD z2 1 a", "BZMPOP 1 1 z2 MAX", "BZPOPMAX z2 -1");
    }

    @Test
    void timeoutsReplyNull() {
        diff.checkAll("BLPOP k 0.05", "BRPOP k1 k2 0.05", "BLMPOP 0.05 1 k LEFT", "BLMOVE k d LEFT RIGHT 0.05",
                "BRPOPLPUSH k d 0.05", "BZPOPMIN z 0.05", "BZMPOP 0.05 1 z MIN", "BLPOP k 0.0000001", "PING");
    }

    @Test
    void pushFromAnotherClientWakesTheWaiter() {
        compare((side, out) -> {
            try (RawConnection waiter = side.connect(); RawConnection pusher = side.connect()) {
                waiter.send(RawConnection.encode("BLPOP", "k1", "k2", "0"));
                side.awaitBlocked(1);
                out.add(pusher.callString("RPUSH", "k2", "a", "b"));
                out.add(waiter.readReplyString());
                out.add(pusher.callString("LRANGE", "k2", "0", "-1"));
            }
        });
    }

    @Test
    void waitersAreServedInTheOrderTheyBlocked() {
        compare((side, out) -> {
            try (RawConnection first = side.connect(); RawConnection second = side.connect();
                 RawConnection third = side.connect(); RawConnection pusher = side.connect()) {
                first.send(RawConnection.encode("BLPOP", "k", "0"));
                side.awaitBlocked(1);
                second.send(RawConnection.encode("BRPOP", "k", "0"));
                side.awaitBlocked(2);
                third.send(RawConnection.encode("BLMPOP", "0", "1", "k", "LEFT", "COUNT", "5"));
                side.awaitBlocked(3);
                out.add(pusher.callString("RPUSH", "k", "x", "y"));
                out.add(first.readReplyString());
                out.add(second.readReplyString());
                side.awaitBlocked(1);
                out.add(pusher.callString("RPUSH", "k", "p", "q", "r"));
                out.add(third.readReplyString());
                out.add(pusher.callString("EXISTS", "k"));
            }
        });
    }

    /**
     * A key becomes ready when it is created holding a list (not when a string is written to it): after a
     * transaction the keys are served in that order, so the earlier push lands first.
     */
    @Test
    void keysAreServedInTheOrderTheyWereCreatedNotWritten() {
        compare((side, out) -> {
            try (RawConnection first = side.connect(); RawConnection second = side.connect();
                 RawConnection writer = side.connect()) {
                first.send(RawConnection.encode("BLMOVE", "a", "out", "LEFT", "RIGHT", "0"));
                side.awaitBlocked(1);
                second.send(RawConnection.encode("BLMOVE", "b", "out", "LEFT", "RIGHT", "0"));
                side.awaitBlocked(2);
                for (String command : List.of("MULTI", "SET b x", "DEL b", "RPUSH a 1", "RPUSH b 2", "EXEC",
                        "LRANGE out 0 -1")) {
                    out.add(writer.callString(command.split(" ")));
                }
                out.add(first.readReplyString());
                out.add(second.readReplyString());
            }
        });
    }

    @Test
    void blmoveChainsIntoAnotherWaiter() {
        compare((side, out) -> {
            try (RawConnection mover = side.connect(); RawConnection popper = side.connect();
                 RawConnection pusher = side.connect()) {
                mover.send(RawConnection.encode("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"));
                side.awaitBlocked(1);
                popper.send(RawConnection.encode("BRPOPLPUSH", "dst", "final", "0"));
                side.awaitBlocked(2);
                out.add(pusher.callString("RPUSH", "src", "v"));
                out.add(mover.readReplyString());
                out.add(popper.readReplyString());
                out.add(pusher.callString("LRANGE", "final", "0", "-1"));
                out.add(pusher.callString("EXISTS", "src", "dst"));
            }
        });
    }

    @Test
    void blmoveOntoWrongTypeFailsTheWaiter() {
        compare((side, out) -> {
            try (RawConnection mover = side.connect(); RawConnection pusher = side.connect()) {
                mover.send(RawConnection.encode("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"));
                side.awaitBlocked(1);
                out.add(pusher.callString("SET", "dst", "string"));
                out.add(pusher.callString("RPUSH", "src", "v"));
                out.add(mover.readReplyString());
                out.add(pusher.callString("LRANGE", "src", "0", "-1"));
            }
        });
    }

    @Test
    void requestsPipelinedBehindABlockedCommandWait() {
        compare((side, out) -> {
            try (RawConnection waiter = side.connect(); RawConnection pusher = side.connect()) {
                byte[] blpop = RawConnection.encode("BLPOP", "k", "0");
                byte[] ping = RawConnection.encode("PING");
                byte[] both = new byte[blpop.length + ping.length];
                System.arraycopy(blpop, 0, both, 0, blpop.length);
                System.arraycopy(ping, 0, both, blpop.length, ping.length);
                waiter.send(both);
                side.awaitBlocked(1);
                out.add(pusher.callString("LPUSH", "k", "v"));
                out.add(waiter.readReplyString());
                out.add(waiter.readReplyString());
            }
        });
    }

    @Test
    void timeoutThenTheConnectionIsUsable() {
        compare((side, out) -> {
            try (RawConnection waiter = side.connect()) {
                long start = System.nanoTime();
                out.add(waiter.callString("BZPOPMAX", "z", "0.1"));
                out.add(System.nanoTime() - start >= 100_000_000L ? "waited" : "returned early");
                side.awaitBlocked(0);
                out.add(waiter.callString("PING"));
            }
        });
    }

    @Test
    void disconnectedWaiterIsForgotten() {
        compare((side, out) -> {
            try (RawConnection pusher = side.connect()) {
                RawConnection waiter = side.connect();
                waiter.send(RawConnection.encode("BLPOP", "k", "0"));
                side.awaitBlocked(1);
                waiter.close();
                side.awaitBlocked(0);
                out.add(pusher.callString("RPUSH", "k", "v"));
                out.add(pusher.callString("LLEN", "k"));
            }
        });
    }

    /**
     * A key a transaction creates but lets expire before EXEC ends serves nobody: Redis looks the key up at the time
     * it comes to serve it, not at the time the transaction started, and deletes it then.
     */
    @Test
    void keyExpiredByTheTimeItIsServedLeavesTheWaiterBlocked() {
        compare((side, out) -> {
            try (RawConnection waiter = side.connect(); RawConnection writer = side.connect()) {
                writer.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
                try {
                    String id = waiter.callString("CLIENT", "ID").substring(1).trim();
                    waiter.send(RawConnection.encode("BRPOP", "k", "0"));
                    side.awaitBlocked(1);
                    for (String[] queued : List.of(new String[] {"MULTI"}, new String[] {"RPUSH", "k", "hello"},
                            new String[] {"PEXPIRE", "k", "100"}, new String[] {"DEBUG", "SLEEP", "0.2"}, new String[] {"EXEC"})) {
                        out.add(writer.callString(queued));
                    }
                    side.awaitBlocked(1);
                    out.add(writer.callString("EXISTS", "k"));
                    out.add(writer.callString("CLIENT", "UNBLOCK", id));
                    out.add(waiter.readReplyString());
                } finally {
                    writer.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
                }
            }
        });
    }

    @Test
    void waiterForAnotherTypeStaysBlocked() {
        compare((side, out) -> {
            try (RawConnection waiter = side.connect(); RawConnection pusher = side.connect()) {
                waiter.send(RawConnection.encode("BLPOP", "k", "0"));
                side.awaitBlocked(1);
                out.add(pusher.callString("ZADD", "k", "1", "a"));
                side.awaitBlocked(1);
                out.add(pusher.callString("DEL", "k"));
                out.add(pusher.callString("RPUSH", "k", "v"));
                out.add(waiter.readReplyString());
            }
        });
    }

    @Test
    void sortedSetWaitersAreServed() {
        compare((side, out) -> {
            try (RawConnection min = side.connect(); RawConnection multi = side.connect();
                 RawConnection pusher = side.connect()) {
                min.send(RawConnection.encode("BZPOPMIN", "z1", "z2", "0"));
                side.awaitBlocked(1);
                multi.send(RawConnection.encode("BZMPOP", "0", "1", "z2", "MAX", "COUNT", "2"));
                side.awaitBlocked(2);
                out.add(pusher.callString("ZADD", "z2", "1", "a", "2", "b", "3", "c", "4", "d"));
                out.add(min.readReplyString());
                out.add(multi.readReplyString());
                out.add(pusher.callString("ZRANGE", "z2", "0", "-1", "WITHSCORES"));
            }
        });
    }

    @Test
    void oneWriteServesSeveralKeysInOrder() {
        compare((side, out) -> {
            try (RawConnection a = side.connect(); RawConnection b = side.connect();
                 RawConnection pusher = side.connect()) {
                a.send(RawConnection.encode("BRPOP", "k1", "0"));
                side.awaitBlocked(1);
                b.send(RawConnection.encode("BLPOP", "k2", "k1", "0"));
                side.awaitBlocked(2);
                out.add(pusher.callString("RPUSH", "k1", "1", "2", "3"));
                out.add(a.readReplyString());
                out.add(b.readReplyString());
                out.add(pusher.callString("LRANGE", "k1", "0", "-1"));
            }
        });
    }

    @Test
    void keysFilledByMovesAndStoresWakeWaiters() {
        compare((side, out) -> {
            try (RawConnection listWaiter = side.connect(); RawConnection zsetWaiter = side.connect();
                 RawConnection selfMover = side.connect(); RawConnection writer = side.connect()) {
                listWaiter.send(RawConnection.encode("BLPOP", "dst", "0"));
                side.awaitBlocked(1);
                zsetWaiter.send(RawConnection.encode("BZPOPMAX", "zdst", "0"));
                side.awaitBlocked(2);
                selfMover.send(RawConnection.encode("BLMOVE", "ring", "ring", "RIGHT", "LEFT", "0"));
                side.awaitBlocked(3);
                out.add(writer.callString("RPUSH", "src", "1", "2"));
                out.add(writer.callString("LMOVE", "src", "dst", "LEFT", "LEFT"));
                out.add(listWaiter.readReplyString());
                out.add(writer.callString("ZADD", "zsrc", "1", "a", "2", "b"));
                out.add(writer.callString("ZUNIONSTORE", "zdst", "1", "zsrc"));
                out.add(zsetWaiter.readReplyString());
                out.add(writer.callString("RPUSH", "ring", "x", "y"));
                out.add(selfMover.readReplyString());
                out.add(writer.callString("LRANGE", "ring", "0", "-1"));
                out.add(writer.callString("ZRANGE", "zdst", "0", "-1"));
            }
        });
    }

    @Test
    void waitersOnlySeeTheirOwnDatabase() {
        compare((side, out) -> {
            try (RawConnection waiter = side.connect(); RawConnection pusher = side.connect()) {
                out.add(waiter.callString("SELECT", "1"));
                waiter.send(RawConnection.encode("BLPOP", "k", "0"));
                side.awaitBlocked(1);
                out.add(pusher.callString("RPUSH", "k", "db0"));
                side.awaitBlocked(1);
                out.add(pusher.callString("SELECT", "1"));
                out.add(pusher.callString("RPUSH", "k", "db1"));
                out.add(waiter.readReplyString());
                out.add(pusher.callString("SELECT", "0"));
                out.add(pusher.callString("LRANGE", "k", "0", "-1"));
            }
        });
    }

    private static void compare(BiConsumer<ServerSide, List<String>> scenario) {
        List<String> expected = new ArrayList<>();
        scenario.accept(redis, expected);
        diff.reset();
        List<String> actual = new ArrayList<>();
        scenario.accept(node, actual);
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * A flush readies only waited keys that held a stream (their XREADGROUP waiters fail): keys pushed after a
     * FLUSHALL in the same transaction are served in the order the pushes readied them.
     */
    @Test
    void keysPushedAfterAFlushAreServedInPushOrder() {
        for (RawConnection control : List.of(diff.redisConnection(), diff.nodeConnection())) {
            control.call("CONFIG", "SET", "notify-keyspace-events", "El");
        }
        List<String> keys = List.of("w1", "w2", "w3", "w4", "w5", "w6");
        List<String> pushOrder = List.of("w6", "w5", "w4", "w3", "w2", "w1");
        List<ConnectionPair> waiters = new ArrayList<>();
        try (ConnectionPair listener = ConnectionPair.open(diff); ConnectionPair writer = ConnectionPair.open(diff)) {
            listener.check("SUBSCRIBE", "__keyevent@0__:lpop");
            for (String key : keys) {
                ConnectionPair waiter = ConnectionPair.open(diff);
                waiters.add(waiter);
                waiter.send("BLPOP", key, "0");
            }
            redis.awaitBlocked(keys.size());
            node.awaitBlocked(keys.size());
            writer.check("MULTI");
            writer.check("FLUSHALL");
            for (String key : pushOrder) {
                writer.check("RPUSH", key, "new");
            }
            writer.check("EXEC");
            for (String key : pushOrder) {
                listener.checkReply("lpop serving " + key);
            }
            for (ConnectionPair waiter : waiters) {
                waiter.checkReply("served");
            }
        } finally {
            waiters.forEach(ConnectionPair::close);
        }
    }
}

package dev.keyslot.datanode.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers for tests whose nodes each listen on their own loopback address, port 6379, as pods do. */
public final class LoopbackNodes {
    private LoopbackNodes() {
    }

    /** Sends one command to host:6379 on a fresh connection and returns the raw reply. */
    public static String call(String host, String... args) {
        try (RawConnection c = new RawConnection(host, 6379)) {
            return c.callString(args);
        }
    }

    /** CLUSTER MYID of the node at host. */
    public static String myId(String host) {
        String reply = call(host, "CLUSTER", "MYID");
        return reply.substring(reply.indexOf('\n') + 1, reply.length() - 2);
    }

    /**
     * Makes the three nodes at hosts one cluster, each master of a third of the slots (as redis-cli --cluster
     * create without replicas), and waits until every one reports cluster_state:ok.
     */
    public static void formThreeMasters(List<String> hosts) throws InterruptedException {
        call(hosts.get(0), "CLUSTER", "MEET", hosts.get(1), "6379");
        call(hosts.get(0), "CLUSTER", "MEET", hosts.get(2), "6379");
        call(hosts.get(0), "CLUSTER", "ADDSLOTSRANGE", "0", "5460");
        call(hosts.get(1), "CLUSTER", "ADDSLOTSRANGE", "5461", "10922");
        call(hosts.get(2), "CLUSTER", "ADDSLOTSRANGE", "10923", "16383");
        for (String host : hosts) {
            await("cluster ok on " + host, 30_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
    }

    /** Polls condition every 100 ms; fails naming what was awaited when it does not hold within millis. */
    public static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("timed out after " + millis + " ms waiting for " + what);
    }
}

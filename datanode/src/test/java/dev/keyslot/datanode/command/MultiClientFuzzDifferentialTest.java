package dev.keyslot.datanode.command;

import dev.keyslot.datanode.testing.ByteArrays;
import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.FuzzReport;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Several clients of redis-server 7.0 and of the data node, driven by the same random requests
 * ({@link MultiClientRequests}): one client acts per step, and what every client then receives must agree —
 * the actor's replies, the replies of clients its request unblocked (blocking pops and reads with timeout 0,
 * served in Redis's order, or CLIENT UNBLOCK), and the messages pushed to subscribers, tracking clients and a
 * keyspace-notification listener (client 0). No sleeping decides anything: after each step a control
 * connection's CLIENT LIST says which clients are blocked, in MULTI or subscribed (compared too), a client
 * unblocked then has its reply read, and each client that may have been pushed something answers a PING
 * after it. Client ids differ between the servers: each request names a client as #i, and replies holding
 * ids are compared with the ids mapped back. -Dkeyslot.multifuzz.seed=N -Dkeyslot.multifuzz.count=M replays
 * one seed; -Dkeyslot.multifuzz.report=FILE appends every difference there instead of failing at the first.
 */
class MultiClientFuzzDifferentialTest {
    private static final long[] SEEDS = {1, 2, 3};
    private static final int STEPS_PER_SEED = 3000;
    /** Per seed: a slow machine checks fewer steps rather than running long. */
    private static final long MILLIS_PER_SEED = 2_500;
    private static final int CLIENTS = 5;
    /** Past a short TTL's deadline on both servers, however their clocks were read. */
    private static final int EXPIRY_WAIT_MILLIS = Integer.parseInt(MultiClientRequests.SHORT_TTL) + 2;
    private static final long OUTCOME_TIMEOUT_NANOS = 5_000_000_000L;
    /** Steps a difference report lists before the one that differed. */
    private static final int HISTORY = 30;

    private Differential diff;
    private final List<FuzzedClient> clients = new ArrayList<>();
    /** A short TTL was set and may not have expired yet (or sits in a MULTI). */
    private boolean shortTtlPending;

    @AfterEach
    void stop() {
        closeClients();
        if (diff != null) {
            diff.close();
        }
    }

    @Test
    void clientsBlockingSubscribingTrackingAndWatchingSeeWhatRedisClientsSee() {
        diff = new Differential();
        String seed = System.getProperty("keyslot.multifuzz.seed");
        if (seed != null) {
            run(Long.parseLong(seed), Integer.getInteger("keyslot.multifuzz.count", STEPS_PER_SEED), Long.MAX_VALUE);
            return;
        }
        for (long s : SEEDS) {
            run(s, STEPS_PER_SEED, MILLIS_PER_SEED);
        }
    }

    private void run(long seed, int count, long millis) {
        Random random = new Random(seed);
        MultiClientRequests requests = new MultiClientRequests(random, CLIENTS);
        restart(random);
        long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
        Deque<String> history = new ArrayDeque<>();
        for (int i = 0; i < count && System.currentTimeMillis() < deadline; i++) {
            List<Integer> idle = new ArrayList<>();
            for (int c = 1; c < CLIENTS; c++) {
                if (!clients.get(c).blocked) {
                    idle.add(c);
                }
            }
            int actor = idle.get(random.nextInt(idle.size()));
            FuzzedClient client = clients.get(actor);
            List<String> request = requests.next(idle.size() > 1, client.inMulti, client.resp3);
            while (request.get(0).equals("SWAPDB") && (client.inMulti || idle.size() < CLIENTS - 1)) {
                // SWAPDB readies every waited key in the order of Redis's blocking_keys dict, a hash order.
                request = requests.next(idle.size() > 1, client.inMulti, client.resp3);
            }
            String difference;
            try {
                difference = step(actor, request);
            } catch (IllegalStateException e) {
                difference = "a connection failed: " + e.getMessage();
            }
            if (difference != null) {
                String message = "seed " + seed + ", step #" + i + " client " + actor + " " + request + "\n  "
                        + difference + "\n  after:\n    " + String.join("\n    ", history);
                if (!FuzzReport.append("keyslot.multifuzz.report", message)) {
                    fail(message + "\n  replay: -Dkeyslot.multifuzz.seed=" + seed + " -Dkeyslot.multifuzz.count="
                            + (i + 1));
                }
                restart(random);
                history.clear();
            }
            history.addLast("#" + i + " client " + actor + " " + request);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
    }

    /** One request by one client, then everything any client received because of it; null when both agree. */
    private String step(int actor, List<String> request) {
        FuzzedClient client = clients.get(actor);
        List<List<String>> seen = List.of(new ArrayList<>(), new ArrayList<>());
        boolean[] blockedBefore = new boolean[CLIENTS];
        for (int c = 0; c < CLIENTS; c++) {
            blockedBefore[c] = clients.get(c).blocked;
        }
        shortTtlPending |= MultiClientRequests.setsShortTtl(request);
        if (!client.inMulti && MultiClientRequests.mayBlock(request)) {
            boolean[] blocked = new boolean[2];
            for (int s = 0; s < 2; s++) {
                client.sides[s].send(encode(request, s));
                blocked[s] = awaitServedOrBlocked(client, s, seen.get(s), actor);
            }
            if (blocked[0] != blocked[1]) {
                return "redis-server " + (blocked[0] ? "blocked" : "served") + " the client, the data node "
                        + (blocked[1] ? "blocked" : "served") + " it" + describe(seen);
            }
        } else {
            boolean ping = !client.inMulti && MultiClientRequests.subscribing(request);
            for (int s = 0; s < 2; s++) {
                client.sides[s].send(encode(request, s));
                List<byte[]> replies;
                if (ping) {
                    client.sides[s].send(RawConnection.encode("PING"));
                    replies = FuzzedClient.readUntilPong(client.sides[s]);
                    if (request.size() == 1) {
                        replies = UnsubscribeAll.inChannelOrder(replies);
                    }
                } else {
                    replies = FuzzedClient.readReply(client.sides[s]);
                    int last = replies.size() - 1;
                    replies.set(last, normaliseIds(request, replies.get(last), s));
                }
                record(seen.get(s), actor, replies);
            }
        }
        if (shortTtlPending) {
            expireShortTtls(seen);
        }
        String stateDifference = compareClientStates(seen);
        if (stateDifference != null) {
            return stateDifference + describe(seen);
        }
        for (int c = 0; c < CLIENTS; c++) {
            FuzzedClient other = clients.get(c);
            if (blockedBefore[c] && !other.blocked) {
                for (int s = 0; s < 2; s++) {
                    record(seen.get(s), c, FuzzedClient.readReply(other.sides[s]));
                }
            }
        }
        for (int c = 0; c < CLIENTS; c++) {
            FuzzedClient other = clients.get(c);
            if (other.receivesPushes() && !other.blocked && !other.inMulti) {
                for (int s = 0; s < 2; s++) {
                    other.sides[s].send(RawConnection.encode("PING"));
                    record(seen.get(s), c, FuzzedClient.readUntilPong(other.sides[s]));
                }
            }
        }
        return UnorderedPushes.canonical(seen.get(0)).equals(UnorderedPushes.canonical(seen.get(1))) ? null
                : describe(seen);
    }

    /**
     * After a request that may block was sent: true once the server reports the client blocked, false once its
     * reply arrived (pushes before it are collected).
     */
    private boolean awaitServedOrBlocked(FuzzedClient client, int side, List<String> seen, int index) {
        RawConnection connection = client.sides[side];
        RawConnection control = control(side);
        long deadline = System.nanoTime() + OUTCOME_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (connection.hasInput()) {
                byte[] reply = connection.readReply();
                seen.add(index + " " + Differential.printable(reply));
                if (reply[0] != '>') {
                    return false;
                }
                continue;
            }
            Map<String, String> fields = ClientListFields.parse(control.callString("CLIENT", "LIST", "ID",
                    client.ids[side])).get(client.ids[side]);
            if (fields != null && fields.get("flags").contains("b")) {
                return true;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException((side == 0 ? "redis-server" : "data node")
                + " neither served nor blocked client " + index);
    }

    /**
     * Waits out the short TTLs, then makes both servers expire those keys now (EXISTS in both databases),
     * so expiry events and invalidations come at the same point on both, whenever each server's expiry cycle ran.
     */
    private void expireShortTtls(List<List<String>> seen) {
        try {
            Thread.sleep(EXPIRY_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> exists = new ArrayList<>(List.of("EXISTS"));
        exists.addAll(MultiClientRequests.KEYS);
        byte[] sweep = ByteArrays.concat(RawConnection.encode("SELECT", "1"),
                RawConnection.encode(exists.toArray(String[]::new)), RawConnection.encode("SELECT", "0"), RawConnection.encode(exists.toArray(String[]::new)));
        for (int s = 0; s < 2; s++) {
            control(s).send(sweep);
            for (int r = 0; r < 4; r++) {
                seen.get(s).add("control " + Differential.printable(control(s).readReply()));
            }
        }
        shortTtlPending = clients.stream().anyMatch(c -> c.inMulti);
    }

    /** Compares what CLIENT LIST says about each fuzzed client and updates their states from redis-server's. */
    private String compareClientStates(List<List<String>> seen) {
        List<Map<String, Map<String, String>>> lists = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            lists.add(ClientListFields.parse(control(s).callString("CLIENT", "LIST")));
        }
        for (int c = 0; c < CLIENTS; c++) {
            FuzzedClient client = clients.get(c);
            String[] states = new String[2];
            for (int s = 0; s < 2; s++) {
                Map<String, String> fields = lists.get(s).get(client.ids[s]);
                states[s] = fields == null ? "gone" : ClientListFields.comparable(fields, idNames(s));
            }
            if (!states[0].equals(states[1])) {
                return "CLIENT LIST of client " + c + "\n  redis-server: " + states[0] + "\n  data node:    "
                        + states[1];
            }
            Map<String, String> fields = lists.get(0).get(client.ids[0]);
            client.blocked = fields.get("flags").contains("b");
            client.inMulti = fields.get("flags").contains("x");
            client.subscribed = fields.get("flags").contains("P");
            client.resp3 = fields.get("resp").equals("3");
        }
        return null;
    }

    /** Each server's client ids → "#i". */
    private Map<String, String> idNames(int side) {
        Map<String, String> names = new HashMap<>();
        for (int c = 0; c < CLIENTS; c++) {
            names.put(clients.get(c).ids[side], "#" + c);
        }
        return names;
    }

    /** The request as sent to one server: "#i" becomes that server's id of client i. */
    private byte[] encode(List<String> request, int side) {
        String[] words = new String[request.size()];
        for (int i = 0; i < words.length; i++) {
            String w = request.get(i);
            words[i] = w.startsWith("#") ? clients.get(Integer.parseInt(w.substring(1))).ids[side] : w;
        }
        return RawConnection.encode(words);
    }

    /**
     * Replies carrying client ids (CLIENT ID, GETREDIR, TRACKINGINFO's redirect) with each server's ids as "#i";
     * HELLO's reply describes the server (version, id), so only the protocol it switched to is kept.
     */
    private byte[] normaliseIds(List<String> request, byte[] reply, int side) {
        String name = String.join(" ", request.subList(0, Math.min(2, request.size())));
        if (reply[0] == '-') {
            return reply;
        }
        if (name.equals("CLIENT ID") || name.equals("CLIENT GETREDIR") || name.equals("CLIENT TRACKINGINFO")) {
            String text = new String(reply, StandardCharsets.ISO_8859_1);
            for (Map.Entry<String, String> id : idNames(side).entrySet()) {
                text = text.replace(":" + id.getKey() + "\r\n", ":" + id.getValue() + "\r\n");
            }
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        if (request.get(0).equals("HELLO")) {
            return ("HELLO proto " + RespParser.asMap(reply).get("proto")).getBytes(StandardCharsets.ISO_8859_1);
        }
        return reply;
    }

    private static void record(List<String> seen, int client, List<byte[]> replies) {
        for (byte[] reply : replies) {
            seen.add(client + " " + Differential.printable(reply));
        }
    }

    private RawConnection control(int side) {
        return side == 0 ? diff.redisConnection() : diff.nodeConnection();
    }

    /** Fresh clients on empty servers: client 0 listens to keyspace notifications, some start in RESP3. */
    private void restart(Random random) {
        closeClients();
        diff.reset();
        for (int s = 0; s < 2; s++) {
            control(s).call("CONFIG", "SET", "notify-keyspace-events", "KEA");
        }
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(new FuzzedClient(diff.newConnection(true), diff.newConnection(false)));
        }
        shortTtlPending = false;
        List<List<String>> setup = new ArrayList<>(List.of(List.of("PSUBSCRIBE", "__key*__:*")));
        for (int c = 1; c < CLIENTS; c++) {
            setup.add(random.nextInt(3) == 0 ? List.of("HELLO", "3") : List.of("PING"));
        }
        for (int c = 0; c < CLIENTS; c++) {
            String difference = step(c, setup.get(c));
            if (difference != null) {
                fail("setting up client " + c + ": " + difference);
            }
        }
    }

    private void closeClients() {
        clients.forEach(FuzzedClient::close);
        clients.clear();
    }

    private static String describe(List<List<String>> seen) {
        return "\n  redis-server: " + String.join("\n                ", seen.get(0))
                + "\n  data node:    " + String.join("\n                ", seen.get(1));
    }
}

package dev.keyslot.datanode.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The requests of the multi-client fuzzer: blocking pops and reads (timeout 0), the writes that serve them,
 * transactions with WATCH, pub/sub, client-side caching and the commands that disturb all of these (renames,
 * deletes, a type change, short TTLs, SWAPDB, FLUSHDB). Few key names, so the clients meet on them. A client
 * id is written as "#i" (the fuzzer's connection i) and replaced by each server's own id when sent.
 */
final class MultiClientRequests {
    static final List<String> KEYS = List.of("l1", "l2", "z1", "z2", "s1", "s2", "k1", "k2");
    private static final String[] LISTS = {"l1", "l2"};
    private static final String[] ZSETS = {"z1", "z2"};
    private static final String[] STREAMS = {"s1", "s2"};
    private static final String[] CHANNELS = {"ch1", "ch2", "__redis__:invalidate"};
    private static final String[] PATTERNS = {"ch*", "c*2", "__key*__:*"};
    /**
     * Not "__key*__:*": Redis 7.0 writes a RESP3 client's notification of its own write wherever the command
     * happens to be in its reply (inside BZMPOP's array, even), which no client can parse and nobody should copy.
     */
    private static final String[] RESP3_PATTERNS = {"ch*", "c*2"};
    private static final Set<String> BLOCKING = Set.of("BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP",
            "BZPOPMIN", "BZPOPMAX", "BZMPOP", "XREAD", "XREADGROUP");
    private static final Set<String> SUBSCRIBING = Set.of("SUBSCRIBE", "UNSUBSCRIBE", "PSUBSCRIBE", "PUNSUBSCRIBE",
            "SSUBSCRIBE", "SUNSUBSCRIBE");

    /**
     * Milliseconds: long enough that Redis does not find it passed already while setting it (it reads its clock
     * twice, and a millisecond tick between the reads deletes the key at once).
     */
    static final String SHORT_TTL = "10";

    private final Random random;
    private final int connections;
    /** Stream entry ids only grow, and are the same on both servers (no time-based ids). */
    private long nextStreamId = 1;

    MultiClientRequests(Random random, int connections) {
        this.random = random;
        this.connections = connections;
    }

    static boolean mayBlock(List<String> request) {
        String name = request.get(0);
        return BLOCKING.contains(name) && (!name.startsWith("X") || request.contains("BLOCK"));
    }

    static boolean subscribing(List<String> request) {
        return SUBSCRIBING.contains(request.get(0));
    }

    /** Its reply holds client ids, which only the actor's own reply has mapped back (not EXEC's). */
    private static boolean namesClients(List<String> request) {
        return request.get(0).equals("HELLO") || request.size() > 1 && request.get(0).equals("CLIENT")
                && Set.of("ID", "GETREDIR", "TRACKINGINFO").contains(request.get(1));
    }

    /** True when the request may give a key a TTL of SHORT_TTL milliseconds (the fuzzer waits it out). */
    static boolean setsShortTtl(List<String> request) {
        return request.contains("PX") || request.get(0).equals("PEXPIRE");
    }

    /**
     * A request for a connection (resp3: it speaks RESP3); canBlock is false when blocking it would leave too few connections to serve it,
     * inTransaction when it has a MULTI open (no subscribing there: Redis 7.0 itself garbles EXEC's reply; and
     * no replies with client ids). Nor PUBLISH by a RESP3 client in a transaction: the pmessages it may push to
     * itself land inside EXEC's reply, in the hash order of Redis's pattern dict when several of its patterns
     * match, where the fuzzer cannot compare them as a set (seed 26, step 24930).
     */
    List<String> next(boolean canBlock, boolean inTransaction, boolean resp3) {
        while (true) {
            List<String> request = switch (random.nextInt(10)) {
                case 0, 1 -> blocking();
                case 2, 3, 4 -> write();
                case 5 -> read();
                case 6 -> transaction();
                case 7 -> pubSub(resp3 ? RESP3_PATTERNS : PATTERNS);
                case 8 -> tracking();
                default -> disturbance();
            };
            if ((canBlock || !mayBlock(request))
                    && !(inTransaction && (subscribing(request) || namesClients(request)))
                    && !(inTransaction && resp3 && request.get(0).equals("PUBLISH"))) {
                return request;
            }
        }
    }

    private List<String> blocking() {
        return switch (random.nextInt(12)) {
            case 0 -> req("BLPOP", lists(), "0");
            case 1 -> req("BRPOP", lists(), "0");
            case 2 -> req("BLMOVE", list(), list(), side(), side(), "0");
            case 3 -> req("BRPOPLPUSH", list(), list(), "0");
            case 4 -> req("BLMPOP", "0", "2", "l1", "l2", side(), "COUNT", Integer.toString(1 + random.nextInt(3)));
            case 5 -> req("BZPOPMIN", zsets(), "0");
            case 6 -> req("BZPOPMAX", zsets(), "0");
            case 7 -> req("BZMPOP", "0", "1", zset(), random.nextBoolean() ? "MIN" : "MAX", "COUNT", "2");
            case 8 -> req("XREAD", "BLOCK", "0", "STREAMS", stream(), "$");
            case 9 -> req("XREAD", "COUNT", "2", "BLOCK", "0", "STREAMS", "s1", "s2", "$",
                    random.nextBoolean() ? "$" : "0-0");
            case 10 -> req("XREADGROUP", "GROUP", "g", "c" + random.nextInt(2), "BLOCK", "0", "STREAMS", stream(), ">");
            default -> req("XREADGROUP", "GROUP", "g", "c0", "COUNT", "1", "BLOCK", "0", "NOACK", "STREAMS", "s1",
                    ">");
        };
    }

    private List<String> write() {
        return switch (random.nextInt(16)) {
            case 0, 1 -> req(random.nextBoolean() ? "RPUSH" : "LPUSH", list(), values());
            case 2 -> req("LPUSHX", list(), values());
            case 3 -> req("LMOVE", list(), list(), side(), side());
            case 4 -> req("RPOPLPUSH", list(), list());
            case 5, 6 -> req("ZADD", zset(), Integer.toString(random.nextInt(5)), value());
            case 7 -> req("ZINCRBY", zset(), "1", value());
            case 8, 9 -> req("XADD", stream(), (nextStreamId++) + "-1", "f", value());
            case 10 -> req("XGROUP", "CREATE", stream(), "g", random.nextBoolean() ? "$" : "0", "MKSTREAM");
            case 11 -> req("SET", key(), value());
            case 12 -> req("SORT", list(), "ALPHA", "STORE", list());
            case 13 -> req("LPOP", list());
            case 14 -> req("ZPOPMIN", zset());
            default -> req("MSET", key(), value(), key(), value());
        };
    }

    private List<String> read() {
        return switch (random.nextInt(8)) {
            case 0 -> req("GET", key());
            case 1 -> req("LRANGE", list(), "0", "-1");
            case 2 -> req("ZRANGE", zset(), "0", "-1", "WITHSCORES");
            case 3 -> req("XRANGE", stream(), "-", "+");
            case 4 -> req("TYPE", key());
            case 5 -> req("MGET", key(), key());
            case 6 -> req("EXISTS", key(), key());
            default -> req("LLEN", list());
        };
    }

    private List<String> transaction() {
        return switch (random.nextInt(7)) {
            case 0, 1 -> req("WATCH", key(), key());
            case 2 -> req("MULTI");
            case 3, 4 -> req("EXEC");
            case 5 -> req("DISCARD");
            default -> req("UNWATCH");
        };
    }

    private List<String> pubSub(String[] patterns) {
        return switch (random.nextInt(12)) {
            case 0, 1 -> req("SUBSCRIBE", pick(CHANNELS), pick(CHANNELS));
            case 2 -> random.nextBoolean() ? req("UNSUBSCRIBE") : req("UNSUBSCRIBE", pick(CHANNELS));
            case 3 -> req("PSUBSCRIBE", pick(patterns), pick(patterns));
            case 4 -> random.nextBoolean() ? req("PUNSUBSCRIBE") : req("PUNSUBSCRIBE", pick(patterns));
            case 5 -> req("SSUBSCRIBE", "ch" + (1 + random.nextInt(2)));
            case 6 -> random.nextBoolean() ? req("SUNSUBSCRIBE") : req("SUNSUBSCRIBE", "ch1");
            case 7, 8 -> req("PUBLISH", pick(CHANNELS), value());
            case 9 -> req("SPUBLISH", "ch" + (1 + random.nextInt(2)), value());
            case 10 -> req("PUBSUB", "NUMSUB", "ch1", "ch2");
            default -> req("PING", "hi");
        };
    }

    private List<String> tracking() {
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> trackingOn();
            case 3 -> req("CLIENT", "TRACKING", "OFF");
            case 4 -> req("CLIENT", "CACHING", random.nextBoolean() ? "YES" : "NO");
            case 5 -> req("CLIENT", "GETREDIR");
            case 6 -> req("CLIENT", "TRACKINGINFO");
            case 7 -> req("HELLO", random.nextBoolean() ? "3" : "2");
            case 8 -> req("CLIENT", "ID");
            case 9 -> req("SUBSCRIBE", "__redis__:invalidate");
            case 10 -> req("RESET");
            default -> req("CLIENT", "UNBLOCK", connection(), random.nextBoolean() ? "ERROR" : "TIMEOUT")
                    .subList(0, 3 + random.nextInt(2));
        };
    }

    private List<String> trackingOn() {
        List<String> r = new ArrayList<>(List.of("CLIENT", "TRACKING", "ON"));
        if (random.nextInt(3) == 0) {
            r.add("BCAST");
            if (random.nextBoolean()) {
                r.addAll(List.of("PREFIX", random.nextBoolean() ? "l" : "k1"));
            }
        } else if (random.nextInt(3) == 0) {
            r.add(random.nextBoolean() ? "OPTIN" : "OPTOUT");
        }
        if (random.nextInt(3) == 0) {
            r.add("NOLOOP");
        }
        if (random.nextInt(3) == 0) {
            r.addAll(List.of("REDIRECT", connection()));
        }
        return r;
    }

    private List<String> disturbance() {
        return switch (random.nextInt(14)) {
            case 0, 1 -> req("DEL", key());
            case 2 -> req("RENAME", key(), key());
            case 3 -> req("PEXPIRE", key(), SHORT_TTL);
            case 4 -> req("SET", key(), value(), "PX", SHORT_TTL);
            case 5 -> req("SWAPDB", "0", "1");
            case 6 -> req("SELECT", Integer.toString(random.nextInt(2)));
            case 7 -> req("FLUSHDB");
            case 8 -> req("MOVE", key(), "1");
            case 9 -> req("COPY", key(), key(), "REPLACE");
            case 10 -> req("CLIENT", "UNBLOCK", connection());
            case 11 -> random.nextInt(4) == 0 ? req("FLUSHALL") : req("EXPIRE", key(), "100000");
            case 12 -> req("RENAMENX", key(), key());
            default -> req("UNLINK", key(), key());
        };
    }

    /** A fuzzer connection's id, now and then one no connection has. */
    private String connection() {
        return random.nextInt(8) == 0 ? "999999" : "#" + random.nextInt(connections);
    }

    private String key() {
        return pick(KEYS.toArray(String[]::new));
    }

    private String list() {
        return random.nextInt(10) == 0 ? key() : pick(LISTS);
    }

    private String[] lists() {
        return random.nextBoolean() ? new String[] {list()} : new String[] {"l1", "l2"};
    }

    private String zset() {
        return random.nextInt(10) == 0 ? key() : pick(ZSETS);
    }

    private String[] zsets() {
        return random.nextBoolean() ? new String[] {zset()} : new String[] {"z2", "z1"};
    }

    private String stream() {
        return pick(STREAMS);
    }

    private String side() {
        return random.nextBoolean() ? "LEFT" : "RIGHT";
    }

    private String value() {
        return "v" + random.nextInt(6);
    }

    private String[] values() {
        String[] v = new String[1 + random.nextInt(3)];
        Arrays.setAll(v, i -> value());
        return v;
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** The words of a request; String[] parts are spliced in. */
    private static List<String> req(Object... parts) {
        List<String> words = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String[] many) {
                words.addAll(Arrays.asList(many));
            } else {
                words.add((String) p);
            }
        }
        return words;
    }
}

package dev.keyslot.datanode.command;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.FuzzReport;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every command of the command table, invoked with arguments generated from its COMMAND DOCS grammar (mostly
 * well formed, sometimes deliberately wrong) against keys of every type and encoding, on redis-server 7.0
 * and on the data node: the replies must agree (see {@link FuzzReplies}). The fixed seeds make a failure
 * replayable: -Dkeyslot.fuzz.seed=N -Dkeyslot.fuzz.count=M runs one seed (with the server options of
 * -Dkeyslot.fuzz.config, "--list-max-listpack-size 16" unless given), -Dkeyslot.fuzz.report=FILE
 * writes every difference to FILE instead of failing at the first, and -Dkeyslot.fuzz.trace=FILE logs every
 * request with the start of redis-server's reply (to find what led the servers apart).
 */
class GrammarFuzzDifferentialTest {
    private static final long[] SEEDS = {1, 2};
    private static final int REQUESTS_PER_SEED = 5000;
    /** Per seed: a slow machine checks fewer requests rather than running long. */
    private static final long MILLIS_PER_SEED = 10_000;
    /** The pool is refilled this often, so keys do not drift into nothing. */
    private static final int RESEED_EVERY = 100;
    /** Small list nodes: the pool's long list spans many quicklist nodes. */
    private static final String DEFAULT_LIMITS = "--list-max-listpack-size 16";
    /** Compact encodings so small that the fuzzed writes convert the pool's small keys. */
    private static final String SMALL_LIMITS = "--list-max-listpack-size 4 --hash-max-listpack-entries 4"
            + " --zset-max-listpack-entries 4 --set-max-intset-entries 4 --hash-max-listpack-value 8"
            + " --zset-max-listpack-value 8";

    private String serverOptions;
    private Differential diff;
    private List<DocCommand> commands;
    /** DUMP payloads of the pool's keys (as Latin-1 text), for RESTORE. */
    private List<String> payloads;
    /** A MULTI was sent and no EXEC, DISCARD or RESET since (new connections end it too). */
    private boolean inTransaction;

    @AfterEach
    void stop() {
        if (diff != null) {
            diff.close();
        }
    }

    @Test
    void generatedRequestsGetTheRepliesRedisGives() {
        String seed = System.getProperty("keyslot.fuzz.seed");
        start(System.getProperty("keyslot.fuzz.config", DEFAULT_LIMITS));
        if (seed != null) {
            run(Long.parseLong(seed), Integer.getInteger("keyslot.fuzz.count", REQUESTS_PER_SEED), Long.MAX_VALUE);
            return;
        }
        for (long s : SEEDS) {
            run(s, REQUESTS_PER_SEED, MILLIS_PER_SEED);
        }
    }

    @Test
    void generatedRequestsConvertingSmallEncodingsGetTheRepliesRedisGives() {
        Assumptions.assumeTrue(System.getProperty("keyslot.fuzz.seed") == null, "replaying one seed");
        start(SMALL_LIMITS);
        for (long s : SEEDS) {
            run(s + 100, REQUESTS_PER_SEED, MILLIS_PER_SEED);
        }
    }

    private void start(String options) {
        serverOptions = options;
        diff = new Differential(options.split(" "));
        commands = CommandDocsGrammar.parse(diff.redisConnection().call("COMMAND", "DOCS")).stream()
                .filter(c -> !FuzzExclusions.excluded(c)).toList();
        refillPool(new Random(0));
        payloads = new ArrayList<>();
        for (String key : FuzzKeyPool.KEYS) {
            RespNode dump = RespNode.parse(diff.redisConnection().call("DUMP", key));
            if (dump.text != null) {
                payloads.add(dump.text);
            }
        }
    }

    private void run(long seed, int count, long millis) {
        Random random = new Random(seed);
        InvocationGenerator generator = new InvocationGenerator(random, commands, payloads);
        long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
        for (int i = 0; i < count && System.currentTimeMillis() < deadline; i++) {
            if (i % RESEED_EVERY == 0) {
                refillPool(random);
            }
            DocCommand command = commands.get(random.nextInt(commands.size()));
            if (FuzzExclusions.RARE.contains(command.fullName()) && random.nextInt(10) != 0
                    || inTransaction && FuzzExclusions.NOT_IN_TRANSACTION.contains(command.fullName())) {
                continue;
            }
            inTransaction = switch (command.fullName()) {
                case "multi" -> true;
                case "exec", "discard", "reset" -> false;
                default -> inTransaction && !FuzzExclusions.mayBlock(command);
            };
            List<String> request = generator.generate(command);
            String difference = FuzzExclusions.mayBlock(command) ? sendInTransaction(command, request)
                    : send(command.fullName(), request);
            if (difference != null) {
                String message = "seed " + seed + ", request #" + i + " " + request + "\n  " + difference;
                if (!FuzzReport.append("keyslot.fuzz.report", message)) {
                    fail(message + "\n  replay: -Dkeyslot.fuzz.seed=" + seed + " -Dkeyslot.fuzz.count=" + (i + 1)
                            + " '-Dkeyslot.fuzz.config=" + serverOptions + "'");
                }
                refillPool(random);
            }
        }
    }

    /** Sends the request (words as Latin-1, so DUMP payloads pass through as bytes) to both servers. */
    private String send(String command, List<String> request) {
        byte[][] words = new byte[request.size()][];
        for (int i = 0; i < words.length; i++) {
            words[i] = request.get(i).getBytes(StandardCharsets.ISO_8859_1);
        }
        byte[] raw = RawConnection.encode(words);
        diff.redisConnection().send(raw);
        byte[] expected = diff.redisConnection().readReply();
        byte[] actual;
        try {
            diff.nodeConnection().send(raw);
            actual = diff.nodeConnection().readReply();
        } catch (IllegalStateException e) {
            diff.reconnect();
            return "redis-server: " + Differential.printable(expected) + "\n  data node: connection failed: "
                    + e.getMessage();
        }
        trace(request, expected);
        return FuzzReplies.difference(command, request, expected, actual);
    }

    /** MULTI, the request, EXEC: inside a transaction a blocking command answers at once. */
    private String sendInTransaction(DocCommand command, List<String> request) {
        String difference = send("multi", List.of("MULTI"));
        if (difference == null) {
            difference = send(command.fullName(), request);
        }
        return difference != null ? difference : send("exec", List.of("EXEC"));
    }

    /** Fresh connections (db 0, no transaction; RESP3 one time in three) and the pool's keys as they started. */
    private void refillPool(Random random) {
        diff.reset();
        inTransaction = false;
        for (List<String> request : FuzzKeyPool.seedRequests()) {
            String difference = send(request.get(0).toLowerCase(Locale.ROOT), request);
            if (difference != null) {
                fail("filling the key pool: " + request + "\n  " + difference);
            }
        }
        if (random.nextInt(3) == 0) {
            // Not compared: the reply carries each server's own connection id.
            diff.redisConnection().call("HELLO", "3");
            diff.nodeConnection().call("HELLO", "3");
        }
    }

    /** With -Dkeyslot.fuzz.trace=FILE, appends the request and the start of redis-server's reply there. */
    private static void trace(List<String> request, byte[] reply) {
        String file = System.getProperty("keyslot.fuzz.trace");
        if (file != null) {
            String r = Differential.printable(reply);
            try {
                Files.writeString(Path.of(file), request + " -> " + r.substring(0, Math.min(100, r.length())) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

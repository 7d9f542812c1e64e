package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME PERSIST against redis-server 7.0. Relative
 * TTLs are set far enough ahead that TTL in seconds is stable; millisecond readings compare within tolerance.
 */
class ExpireCommandsDifferentialTest {
    private static final long FAR_FUTURE_SECONDS = 4_000_000_000L;

    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void ttlOfMissingAndPersistentKeys() {
        diff.checkAll("TTL missing", "PTTL missing", "EXPIRETIME missing", "PEXPIRETIME missing", "SET k v", "TTL k",
                "PTTL k", "EXPIRETIME k", "PEXPIRETIME k");
    }

    @Test
    void expireSetsTtl() {
        diff.checkAll("SET k v", "EXPIRE k 1000", "TTL k", "EXPIRE missing 100", "PEXPIRE k 2000000", "TTL k",
                "EXPIREAT k " + FAR_FUTURE_SECONDS, "EXPIRETIME k", "PEXPIRETIME k", "TTL k",
                "PEXPIREAT k " + (FAR_FUTURE_SECONDS * 1000 + 123), "PEXPIRETIME k", "EXPIRETIME k");
        assertClose("PTTL", "k");
    }

    @Test
    void expireTimeRoundsToNearestSecond() {
        diff.checkAll("SET k v", "PEXPIREAT k " + (FAR_FUTURE_SECONDS * 1000 + 499), "EXPIRETIME k",
                "PEXPIREAT k " + (FAR_FUTURE_SECONDS * 1000 + 500), "EXPIRETIME k");
    }

    @Test
    void pastOrNegativeTimesDeleteTheKey() {
        diff.checkAll("SET a v", "EXPIRE a -1", "EXISTS a", "SET b v", "PEXPIRE b 0", "EXISTS b",
                "SET c v", "EXPIREAT c 1", "EXISTS c", "SET d v", "PEXPIREAT d 0", "EXISTS d",
                "SET e v", "EXPIRE e 0", "EXISTS e", "EXPIRE missing -1");
    }

    @Test
    void conditionFlags() {
        diff.checkAll("SET k v", "EXPIRE k 100 XX", "TTL k", "EXPIRE k 100 GT", "TTL k", "EXPIRE k 100 LT", "TTL k",
                "EXPIRE k 200 NX", "TTL k", "EXPIRE k 300 NX", "TTL k", "EXPIRE k 300 XX", "TTL k",
                "EXPIRE k 200 GT", "TTL k", "EXPIRE k 400 GT", "TTL k", "EXPIRE k 500 LT", "TTL k",
                "EXPIRE k 100 LT", "TTL k", "EXPIRE k 100 lt", "EXPIRE k 50 xx lt", "TTL k", "EXPIRE k 60 XX GT",
                "TTL k", "EXPIRE k 10 XX GT", "PERSIST k", "EXPIRE k -5 LT", "EXISTS k");
    }

    @Test
    void optionErrors() {
        diff.checkAll("SET k v", "EXPIRE k 10 NX XX", "EXPIRE k 10 NX GT", "EXPIRE k 10 NX LT", "EXPIRE k 10 GT LT",
                "EXPIRE k 10 XX GT LT", "EXPIRE k 10 foo", "EXPIRE k 10 nx bar", "PEXPIRE k 10 Nx xX",
                "EXPIRE k abc", "EXPIRE k abc foo", "EXPIRE k abc NX XX", "EXPIRE k 1.5", "EXPIRE k", "TTL k");
    }

    @Test
    void overflowingTimesAreRejected() {
        diff.checkAll("SET k v", "EXPIRE k 9223372036854775807", "ExPiRe k 9223372036854775807",
                "EXPIRE k -9223372036854775808", "EXPIREAT k 9223372036854775807", "PEXPIRE k 9223372036854775807",
                "PEXPIREAT k 9223372036854775807", "EXPIRE missing 9223372036854775807",
                "EXPIRE k 9223372036854776", "EXPIREAT k 9223372036854775", "PEXPIRE k 9223372036854775808",
                "PEXPIREAT k -9223372036854775808", "EXISTS k", "TTL k");
    }

    @Test
    void persistRemovesTtl() {
        diff.checkAll("SET k v EX 100", "PERSIST k", "TTL k", "PERSIST k", "PERSIST missing", "PERSIST", "PERSIST a b");
    }

    @Test
    void setClearsTtlAndKeyExpires() throws InterruptedException {
        diff.checkAll("SET k v EX 100", "SET k w", "TTL k", "SET gone v", "PEXPIRE gone 10");
        Thread.sleep(30);
        diff.checkAll("TTL gone", "PTTL gone", "EXISTS gone", "EXPIRE gone 100", "PERSIST gone");
    }

    @Test
    void countersMatchRedis() {
        diff.checkAll("SET a 1", "SET b 2", "SET c 3");
        Counters redisBefore = Counters.ofRedis(diff);
        Counters nodeBefore = Counters.ofNode(diff);
        diff.checkAll("EXPIRE a 100", "EXPIRE a 100 NX", "EXPIRE missing 10", "TTL a", "PTTL nope", "EXPIRETIME b",
                "PERSIST a", "PERSIST a", "EXPIRE c -1", "EXPIRE b 10 foo");
        assertThat(Counters.ofNode(diff).minus(nodeBefore)).isEqualTo(Counters.ofRedis(diff).minus(redisBefore));
    }

    private static void assertClose(String command, String key) {
        long expected = (Long) Resp.parse(diff.redisConnection().call(command, key));
        long actual = (Long) Resp.parse(diff.nodeConnection().call(command, key));
        assertThat(actual).as(command + " " + key).isBetween(expected - 1000, expected + 1000);
    }
}

package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** RENAME RENAMENX MOVE COPY, compared byte for byte with redis-server 7.0. */
class RenameCommandsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void renameMovesValueAndTtl() {
        diff.checkAll("SET a hello EX 1000", "RENAME a b", "GET a", "GET b", "TTL b", "EXISTS a",
                "SET c world", "RENAME b c", "GET c", "TTL c", "RENAME c c", "GET c");
    }

    @Test
    void renameOverwritesDestinationTtl() {
        diff.checkAll("SET a 1", "SET b 2 EX 1000", "RENAME a b", "TTL b", "GET b");
    }

    @Test
    void renameErrors() {
        diff.checkAll("RENAME missing x", "RENAME missing missing", "RENAMENX missing x", "RENAME a", "RENAME a b c");
    }

    @Test
    void renamenxOnlyWhenDestinationIsAbsent() {
        diff.checkAll("SET a 1", "SET b 2", "RENAMENX a b", "GET a", "GET b", "RENAMENX a c", "GET c", "EXISTS a",
                "RENAMENX c c", "GET c");
    }

    @Test
    void renameKeepsTheEncoding() {
        diff.checkAll("SET a 12345", "RENAME a b", "OBJECT ENCODING b",
                "SET long aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "RENAME long l2",
                "OBJECT ENCODING l2");
    }

    @Test
    void moveBetweenDatabases() {
        diff.checkAll("SET a 1 EX 1000", "MOVE a 1", "EXISTS a", "SELECT 1", "GET a", "TTL a", "SELECT 0",
                "SET b 2", "SELECT 1", "SET b other", "SELECT 0", "MOVE b 1", "GET b", "MOVE missing 1");
    }

    @Test
    void moveErrors() {
        diff.checkAll("SET a 1", "MOVE a 0", "MOVE a 16", "MOVE a -1", "MOVE a x", "MOVE a 99999999999",
                "MOVE missing 0", "MOVE a");
    }

    @Test
    void copyWithinAndAcrossDatabases() {
        diff.checkAll("SET a hello PX 100000", "COPY a b", "GET b", "COPY a b", "COPY a b REPLACE", "COPY a b replace",
                "COPY a c DB 3", "SELECT 3", "GET c", "SELECT 0", "COPY missing z", "COPY a a DB 0", "COPY a a",
                "COPY a a DB 1", "SELECT 1", "GET a", "SELECT 0");
        long redisTtl = pttl(diff.redisConnection().call("PTTL", "b"));
        long nodeTtl = pttl(diff.nodeConnection().call("PTTL", "b"));
        assertThat(nodeTtl).isBetween(redisTtl - 1000, redisTtl + 1000);
    }

    private static long pttl(byte[] reply) {
        return (Long) Resp.parse(reply);
    }

    @Test
    void copyErrors() {
        diff.checkAll("SET a 1", "COPY a b DB", "COPY a b DB x", "COPY a b DB 16", "COPY a b DB -1", "COPY a b foo",
                "COPY a b REPLACE foo", "COPY a", "COPY a a");
    }

    @Test
    void copyIsIndependentOfTheSource() {
        diff.checkAll("SET a 100", "COPY a b", "SET a 200", "GET b", "OBJECT ENCODING b");
    }

    @Test
    void copiedSmallIntegersAreNotShared() {
        diff.checkAll("SET a 100", "COPY a b", "OBJECT REFCOUNT a", "OBJECT REFCOUNT b", "RENAME b c",
                "OBJECT REFCOUNT c", "MOVE c 1", "SELECT 1", "OBJECT REFCOUNT c", "SELECT 0", "SET b 100",
                "OBJECT REFCOUNT b", "SET s str", "COPY s t", "OBJECT REFCOUNT t", "OBJECT ENCODING t");
    }

    @Test
    void countersMatchRedis() {
        diff.checkAll("SET a 1", "SET b 2");
        Counters redisBefore = Counters.ofRedis(diff);
        Counters nodeBefore = Counters.ofNode(diff);
        diff.checkAll("RENAME a c", "RENAMENX c b", "RENAME missing x", "COPY c d", "COPY missing e", "MOVE d 2",
                "MOVE nothing 2", "COPY b d REPLACE");
        assertThat(Counters.ofNode(diff).minus(nodeBefore)).isEqualTo(Counters.ofRedis(diff).minus(redisBefore));
    }
}

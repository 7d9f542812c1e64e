package dev.keyslot.datanode.command.string;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** GET, SET with every option, SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX, MGET, MSET, MSETNX. */
class StringCommandsDifferentialTest extends StringDifferentialBase {

    @Test
    void getAndPlainSet() {
        diff.checkAll("GET k", "SET k v", "GET k", "SET k v2", "GET k", "SET k 12345", "GET k", "get K");
        diff.check("SET", "bin", "a\u0000b\r\n\u00ff");
        diff.check("GET", "bin");
        diff.check("SET", "empty", "");
        diff.check("GET", "empty");
    }

    @Test
    void arityErrors() {
        diff.checkAll("GET", "GET a b", "SET k", "SETNX k", "SETNX k v x", "SETEX k 10", "PSETEX k 10",
                "GETSET k", "GETDEL", "GETDEL a b", "GETEX", "MGET", "MSET", "MSET k", "MSET a 1 b",
                "MSETNX", "MSETNX k", "MSETNX a 1 b");
    }

    @Test
    void setNxXx() {
        diff.checkAll("SET k v NX", "SET k w NX", "GET k", "SET k w XX", "GET k", "SET missing v XX",
                "GET missing", "SET k x nx", "SET k x xx", "SET k v NX NX", "SET k v XX XX");
    }

    @Test
    void setConflictingOptionsAreSyntaxErrors() {
        diff.checkAll("SET k v NX XX", "SET k v XX NX", "SET k v EX 10 PX 100", "SET k v PX 100 EX 10",
                "SET k v EX 10 EXAT 99999999999", "SET k v PXAT 99999999999999 EXAT 9999999999",
                "SET k v KEEPTTL EX 10", "SET k v EX 10 KEEPTTL", "SET k v PX 10 KEEPTTL", "SET k v EX",
                "SET k v PX", "SET k v EXAT", "SET k v PXAT", "SET k v FOO", "SET k v PERSIST", "SET k v GET FOO",
                "SET k v EX 10 FOO", "SET k v NX EX", "GET k");
    }

    @Test
    void setRepeatedExpiryOptionsLastWins() {
        diff.checkAll("SET k v EX 100 EX 200", "SET k2 v PX 100000 PX 300000", "SET k3 v KEEPTTL KEEPTTL");
        assertSameTtl("k");
        assertSameTtl("k2");
        assertSameTtl("k3");
    }

    @Test
    void invalidExpireTimes() {
        diff.checkAll("SET k v EX 0", "SET k v EX -1", "SET k v PX 0", "SET k v PXAT 0", "SET k v EXAT -5",
                "SET k v EX abc", "SET k v PX 1.5", "SET k v EX 9223372036854775807",
                "SET k v EX 9223372036854775", "SET k v PX 9223372036854775807", "SET k v EX 99999999999999999999",
                "SET k v EXAT 9223372036854775", "SET k v EXAT 9223372036854776",
                "SET k v PXAT 9223372036854775807", "SETEX k 0 v", "SETEX k -10 v", "SETEX k x v",
                "SETEX k 9223372036854775807 v", "PSETEX k 0 v", "PSETEX k -1 v", "PSETEX k 1x v",
                "PSETEX k 9223372036854775807 v", "GET k");
    }

    @Test
    void expireOptionsSetTtls() {
        diff.checkAll("SET ex v EX 100", "SET px v PX 50500", "SET exat v EXAT 4102444800",
                "SET pxat v PXAT 4102444800000", "SETEX setex 1000 v", "PSETEX psetex 20000 v");
        for (String k : new String[] {"ex", "px", "exat", "pxat", "setex", "psetex"}) {
            assertSameTtl(k);
            diff.check("GET", k);
        }
    }

    @Test
    void setClearsTtlUnlessKeepttl() {
        diff.checkAll("SET a v EX 100", "SET a w", "SET b v EX 100", "SET b w KEEPTTL", "SET c v EX 100",
                "SET c w XX", "SET d v EX 100", "SET d w GET", "SET e v EX 100", "SET e w XX KEEPTTL GET");
        for (String k : new String[] {"a", "b", "c", "d", "e"}) {
            assertSameTtl(k);
        }
    }

    @Test
    void pastAbsoluteExpiryDeletesOnNextAccess() {
        diff.checkAll("SET k v EXAT 1", "GET k", "SET p v PXAT 1000", "GET p", "SET q v", "SET q w PXAT 1 GET",
                "GET q");
    }

    @Test
    void overwritingAnExpiredKeyExpiresItFirst() throws InterruptedException {
        NodeProbe probe = new NodeProbe(diff);
        long redisExpired = probe.redisExpiredKeys();
        long nodeExpired = probe.nodeExpiredKeys();
        diff.checkAll("SET k v PX 30", "SET m v PX 30", "SET n v PX 30");
        // Short enough that active expiry has usually not run yet, so the writes meet the stale keys.
        Thread.sleep(45);
        diff.checkAll("SET k w", "MSET m w", "SET n w KEEPTTL", "GET n");
        assertSameTtl("k");
        assertSameTtl("m");
        assertSameTtl("n");
        assertThat(probe.nodeExpiredKeys() - nodeExpired).isEqualTo(probe.redisExpiredKeys() - redisExpired);
    }

    @Test
    void setGet() {
        diff.checkAll("SET k v GET", "SET k w GET", "SET k x get GET", "SET k y NX GET", "GET k", "SET n v XX GET",
                "GET n", "SET k z XX GET", "SET k 1 GET EX 100", "GET k");
        assertSameTtl("k");
    }

    @Test
    void setnx() {
        diff.checkAll("SETNX k v", "SETNX k w", "GET k", "SET t v EX 100", "SETNX t w");
        assertSameTtl("t");
    }

    @Test
    void getsetReturnsOldValueAndClearsTtl() {
        diff.checkAll("GETSET k v", "GETSET k w", "GET k", "SET t v EX 100", "GETSET t w");
        assertSameTtl("t");
    }

    @Test
    void getdel() {
        diff.checkAll("GETDEL k", "SET k v", "GETDEL k", "GET k", "GETDEL k", "SET t v EX 100", "GETDEL t",
                "EXISTS t");
    }

    @Test
    void getexOptions() {
        diff.checkAll("GETEX missing", "GETEX missing EX 100", "GETEX missing EX 0", "GETEX missing EX abc",
                "SET k v", "GETEX k", "GETEX k EX 100");
        assertSameTtl("k");
        diff.checkAll("GETEX k PX 200000");
        assertSameTtl("k");
        diff.checkAll("GETEX k EXAT 4102444800");
        assertSameTtl("k");
        diff.checkAll("GETEX k PXAT 4102444800123");
        assertSameTtl("k");
        diff.checkAll("GETEX k PERSIST");
        assertSameTtl("k");
        diff.checkAll("GETEX k PERSIST", "GETEX k EX 10 EX 20");
        assertSameTtl("k");
    }

    @Test
    void getexErrors() {
        diff.checkAll("SET k v", "GETEX k EX 0", "GETEX k EX -1", "GETEX k PX abc", "GETEX k EXAT 0",
                "GETEX k EX 9223372036854775807", "GETEX k PX 9223372036854775807", "GETEX k EX 10 PX 10",
                "GETEX k PERSIST EX 10", "GETEX k EX 10 PERSIST", "GETEX k NX", "GETEX k XX", "GETEX k GET",
                "GETEX k KEEPTTL", "GETEX k EX", "GETEX k FOO", "GET k");
        assertSameTtl("k");
    }

    @Test
    void getexWithPastAbsoluteTimeDeletes() {
        diff.checkAll("SET k v", "GETEX k EXAT 1", "EXISTS k", "SET p v", "GETEX p PXAT 1", "EXISTS p");
    }

    @Test
    void mgetMsetMsetnx() {
        diff.checkAll("MGET a b c", "MSET a 1 b 2", "MGET a b c", "MSET a 3 a 4", "GET a", "MSETNX a 1 z 2",
                "GET z", "MSETNX x 1 y 2", "MGET x y", "MSETNX p 1 p 2", "GET p");
        diff.checkAll("SET t v EX 100", "MSET t w");
        assertSameTtl("t");
    }

    @Test
    void dirtyCountsMatch() {
        long redisBefore = redisDirty();
        long nodeBefore = nodeDirty();
        diff.checkAll("SET a 1", "SET a 2 NX", "SET a 3 XX GET", "SETNX a 1", "SETNX b 1", "SETEX c 100 v",
                "PSETEX c 100000 v", "GETSET a 5", "GETDEL a", "GETDEL a", "SET k v", "GETEX k", "GETEX k EX 100",
                "GETEX k PERSIST", "GETEX k PERSIST", "GETEX k PXAT 1", "MSET a 1 b 2 c 3", "MSETNX a 1 d 2",
                "MSETNX e 1 f 2");
        assertSameDirtyDelta(redisBefore, nodeBefore);
    }

    @Test
    void caseInsensitiveCommandsAndOptions() {
        diff.checkAll("set k v ex 100 get", "sEt k w Px 100000 nX", "GeTeX k pErSiSt", "mSeT a b", "MgEt a k");
    }
}

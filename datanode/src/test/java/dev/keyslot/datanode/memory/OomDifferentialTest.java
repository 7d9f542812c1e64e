package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server over maxmemory under noeviction, compared byte for byte with redis-server 7.0. */
class OomDifferentialTest {
    private static Differential diff;

    @BeforeAll
    static void start() {
        diff = new Differential("--maxmemory", "1", "--maxmemory-policy", "noeviction");
    }

    @AfterAll
    static void stop() {
        diff.close();
    }

    @Test
    void denyoomCommandsAreRefusedOthersRun() {
        diff.checkAll("SET k v", "set k v nx", "GET k", "DEL k", "EXISTS k", "PING", "DBSIZE", "SET");
    }
}

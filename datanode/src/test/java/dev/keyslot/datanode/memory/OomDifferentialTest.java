package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server over maxmemory under noeviction, compared byte for byte with redis-server 7.0. */
class OomDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset("--maxmemory", "1",
            "--maxmemory-policy", "noeviction");

    @Test
    void denyoomCommandsAreRefusedOthersRun() {
        diff.checkAll("SET k v", "set k v nx", "GET k", "DEL k", "EXISTS k", "PING", "DBSIZE", "SET");
    }
}

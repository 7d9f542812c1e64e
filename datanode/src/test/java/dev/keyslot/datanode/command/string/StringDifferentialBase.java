package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One redis-server and one data node per test class, emptied before each test. */
abstract class StringDifferentialBase {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    static void assertSameTtl(String key) {
        new NodeProbe(diff).assertSameTtl(key);
    }

    static void assertSameRawness(String key) {
        new NodeProbe(diff).assertSameRawness(key);
    }

    static long redisDirty() {
        return new NodeProbe(diff).redisDirty();
    }

    static long nodeDirty() {
        return new NodeProbe(diff).nodeDirty();
    }

    static void assertSameDirtyDelta(long redisBefore, long nodeBefore) {
        new NodeProbe(diff).assertSameDirtyDelta(redisBefore, nodeBefore);
    }
}

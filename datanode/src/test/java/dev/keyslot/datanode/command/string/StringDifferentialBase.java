package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One redis-server and one data node per test class, emptied before each test. */
abstract class StringDifferentialBase {
    static Differential diff;

    @BeforeAll
    static void start() {
        diff = new Differential();
    }

    @AfterAll
    static void stop() {
        diff.close();
    }

    @BeforeEach
    void reset() {
        diff.reset();
    }

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

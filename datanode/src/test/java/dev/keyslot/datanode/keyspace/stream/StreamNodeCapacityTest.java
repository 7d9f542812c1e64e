package dev.keyslot.datanode.keyspace.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Nodes a stream no longer appends to keep no spare room, as Redis shrinks them (lpShrinkToFit). */
class StreamNodeCapacityTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void closedNodesAreShrunkAndTheMemoryFigureFollows() {
        StreamValue stream = new StreamValue();
        byte[][] argv = {bytes("XADD"), bytes("s"), bytes("*"), bytes("myfield"), bytes("xxx")};
        for (int i = 0; i < 1050; i++) {
            StreamId id = stream.nextId(null, false, 1_700_000_000_000L);
            stream.append(id, argv, 3, 1, 4096, 100);
        }
        List<ListpackNode> nodes = new ArrayList<>(stream.nodes().values());
        assertThat(nodes).hasSize(11);
        for (ListpackNode closed : nodes.subList(0, 10)) {
            assertThat(closed.capacity()).isEqualTo(closed.bytes());
        }
        ListpackNode open = nodes.get(10);
        assertThat(open.capacity()).isGreaterThan(open.bytes());
        // A copy holds every node at its exact size, so the only difference left is the open node's room.
        assertThat(stream.memoryUsage() - stream.copy().memoryUsage()).isEqualTo(open.capacity() - open.bytes());
    }
}

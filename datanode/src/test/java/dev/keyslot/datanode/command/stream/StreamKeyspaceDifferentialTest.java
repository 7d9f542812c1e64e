package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.ServerSide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Streams in the generic key commands: TYPE, SCAN TYPE, COPY, RENAME, MEMORY USAGE, FLUSHALL with waiters. */
class StreamKeyspaceDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void genericCommandsSeeStreams() {
        diff.checkAll("XADD s 1-0 a b", "XADD s 2-0 a c", "XGROUP CREATE s g 0", "XREADGROUP GROUP g c STREAMS s >",
                "SET str x", "TYPE s", "OBJECT ENCODING s", "SCAN 0 TYPE stream", "SCAN 0 TYPE string",
                "COPY s s2", "XRANGE s2 - +", "XINFO GROUPS s2", "XPENDING s2 g", "XADD s2 3-0 x y", "XLEN s",
                "XLEN s2", "RENAME s2 s3", "XRANGE s3 - +", "DEL s3", "EXISTS s3", "COMMAND GETKEYS XREAD"
                        + " COUNT 2 STREAMS a b 0 0", "COMMAND GETKEYS XREADGROUP GROUP g c STREAMS a >",
                "COMMAND INFO xlen xdel xack xsetid xtrim xpending xclaim xautoclaim xrange");
        String usage = new String(diff.nodeConnection().call("MEMORY", "USAGE", "s"));
        assertThat(usage).matches(":\\d+\r\n");
    }

    @Test
    void memoryUsageGrowsWithTheStream() {
        RawConnection node = diff.nodeConnection();
        node.call("XADD", "s", "1-0", "a", "b");
        long small = Long.parseLong(new String(node.call("MEMORY", "USAGE", "s")).trim().substring(1));
        for (int i = 2; i <= 500; i++) {
            node.call("XADD", "s", i + "-0", "field", "value " + i);
        }
        long large = Long.parseLong(new String(node.call("MEMORY", "USAGE", "s")).trim().substring(1));
        assertThat(large).isGreaterThan(small + 500 * 10);
    }

    @Test
    void flushingFailsReadGroupWaiters() {
        List<String> expected = new ArrayList<>();
        scenario(ServerSide.of(diff.redis()), expected);
        diff.reset();
        List<String> actual = new ArrayList<>();
        scenario(ServerSide.of(diff.node()), actual);
        assertThat(actual).isEqualTo(expected);
    }

    private static void scenario(ServerSide side, List<String> out) {
        try (RawConnection group = side.connect(); RawConnection plain = side.connect();
             RawConnection writer = side.connect()) {
            out.add(writer.callString("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"));
            group.send(RawConnection.encode("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"));
            plain.send(RawConnection.encode("XREAD", "BLOCK", "0", "STREAMS", "s", "$"));
            side.awaitBlocked(2);
            out.add(writer.callString("FLUSHALL"));
            out.add(group.readReplyString());
            side.awaitBlocked(1);
            out.add(writer.callString("XADD", "s", "1-0", "a", "b"));
            out.add(plain.readReplyString());
        }
    }
}

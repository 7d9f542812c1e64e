package dev.keyslot.datanode.command;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The keyspace's time stands still for the whole of a request, as Redis caches it in call(). */
class RequestClockTest {
    private static void pauseMillis(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < until) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
    }

    @Test
    void insideARequestTheTimeIsTheRequestsStart() {
        RequestClock clock = new RequestClock();
        clock.enter();
        long start = clock.millis();
        pauseMillis(5);
        assertThat(clock.millis()).isEqualTo(start);
        clock.enter();
        pauseMillis(5);
        assertThat(clock.millis()).as("a nested request keeps the outer one's time").isEqualTo(start);
        clock.leave();
        assertThat(clock.millis()).isEqualTo(start);
        clock.leave();
        assertThat(clock.millis()).as("between requests the clock runs").isGreaterThanOrEqualTo(start + 10);
    }

    @Test
    void outsideRequestsItIsTheSystemClock() {
        RequestClock clock = new RequestClock();
        long before = System.currentTimeMillis();
        long now = clock.millis();
        assertThat(now).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void aCommandSeesOneTimeFromStartToEnd() {
        try (EmbeddedDataNode node = EmbeddedDataNode.start()) {
            node.server().eventLoop().submit(() -> node.server().commands().add("clockprobe", 1, "", "",
                    (c, argv) -> {
                        long first = c.db().now();
                        pauseMillis(5);
                        c.reply().integer(c.db().now() - first);
                    })).syncUninterruptibly();
            try (RawConnection conn = new RawConnection(node.host(), node.port())) {
                assertThat(conn.callString("CLOCKPROBE")).isEqualTo(":0\r\n");
            }
        }
    }
}

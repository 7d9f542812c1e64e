package dev.keyslot.datanode.command.tracking;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tracking-table-max-keys: before a command, keys over the limit are invalidated. Redis picks them at
 * random, so the shape of the messages is compared, not the key chosen.
 */
class TrackingTableLimitTest {
    @Test
    void keysOverTheLimitAreInvalidatedBeforeTheNextCommand() {
        try (Differential diff = new Differential("--tracking-table-max-keys", "1");
             ConnectionPair tracker = ConnectionPair.open(diff)) {
            tracker.resp3();
            tracker.check("CLIENT", "TRACKING", "on");
            tracker.check("GET", "a");
            tracker.check("GET", "b");
            tracker.send("PING");
            for (RawConnection c : new RawConnection[] {tracker.redis(), tracker.node()}) {
                String push = new String(c.readReply(), StandardCharsets.US_ASCII);
                assertThat(push).matches(">2\r\n\\$10\r\ninvalidate\r\n\\*1\r\n\\$1\r\n[ab]\r\n");
                assertThat(new String(c.readReply(), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
            }
            tracker.check("PING");
            tracker.checkQuiet();
        }
    }
}

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

    /**
     * A limit lowered below the table's size takes effect without further commands (Redis's cron enforces it too),
     * reaching a NOLOOP client's redirection target, since no client caused it.
     */
    @Test
    void aLoweredLimitInvalidatesWithoutTraffic() {
        try (Differential diff = new Differential();
             ConnectionPair subscriber = ConnectionPair.open(diff);
             ConnectionPair tracker = ConnectionPair.open(diff)) {
            subscriber.check("SUBSCRIBE", "__redis__:invalidate");
            for (boolean redis : new boolean[] {true, false}) {
                RawConnection sub = redis ? subscriber.redis() : subscriber.node();
                RawConnection c = redis ? tracker.redis() : tracker.node();
                String id = clientId(redis ? diff.redisConnection() : diff.nodeConnection(), sub);
                assertThat(c.callString("CLIENT", "TRACKING", "on", "REDIRECT", id, "NOLOOP")).isEqualTo("+OK\r\n");
                c.call("MSET", "key1", "1", "key2", "2");
                c.call("MGET", "key1", "key2");
                assertThat(c.callString("CONFIG", "SET", "tracking-table-max-keys", "1")).isEqualTo("+OK\r\n");
                try {
                    String message = new String(sub.readReply(), StandardCharsets.US_ASCII);
                    assertThat(message).as(redis ? "redis" : "node")
                            .matches("\\*3\r\n\\$7\r\nmessage\r\n\\$20\r\n__redis__:invalidate\r\n\\*1\r\n\\$4\r\nkey[12]\r\n");
                } finally {
                    c.call("CONFIG", "SET", "tracking-table-max-keys", "0");
                }
            }
        }
    }

    /** The id of the client on conn, read from CLIENT LIST by its local port. */
    private static String clientId(RawConnection control, RawConnection conn) {
        for (String line : control.callString("CLIENT", "LIST").split("\n")) {
            if (line.contains(":" + conn.localPort() + " ")) {
                return line.replaceAll("^id=(\\d+) .*", "$1").trim();
            }
        }
        throw new AssertionError("no client on port " + conn.localPort());
    }
}

package dev.keyslot.datanode.command.connection;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The `timeout` and `maxclients` options, compared with redis-server 7.0. */
class ClientLimitsDifferentialTest {
    @Test
    void idleClientsAreClosedAfterTimeout() throws Exception {
        try (Differential diff = new Differential("--timeout", "1")) {
            diff.checkAll("PING", "CONFIG GET timeout");
            Thread.sleep(2500);
            assertThat(diff.redisConnection().isClosedByPeer(2000)).isTrue();
            assertThat(diff.nodeConnection().isClosedByPeer(2000)).isTrue();
        }
    }

    @Test
    void activeClientsSurviveTimeout() throws Exception {
        try (Differential diff = new Differential("--timeout", "2")) {
            for (int i = 0; i < 6; i++) {
                Thread.sleep(500);
                diff.check("PING");
            }
        }
    }

    @Test
    void maxclientsRefusesExtraConnections() {
        try (Differential diff = new Differential("--maxclients", "2")) {
            for (boolean redis : new boolean[] {true, false}) {
                try (RawConnection second = diff.newConnection(redis);
                     RawConnection third = diff.newConnection(redis)) {
                    assertThat(second.callString("PING")).isEqualTo("+PONG\r\n");
                    assertThat(new String(third.readReply())).as(redis ? "redis" : "node")
                            .isEqualTo("-ERR max number of clients reached\r\n");
                    assertThat(third.isClosedByPeer(2000)).isTrue();
                }
            }
            diff.checkAll("CONFIG GET maxclients");
        }
    }
}

package dev.keyslot.operator.admin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterNodesParserTest {
    private static final String TEXT = String.join("\n",
            "07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004,host-4 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected",
            "67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002 master - 0 1426238316232 2 connected 5461-10922",
            "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001 myself,master - 0 0 1 connected 0-5460 [5461-<-67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1] [93->-292f8b365bb7edb5e285caf0b7e6ddc7265a2f4f]",
            "6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:30005@31005 slave,fail 67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 1426238310000 1426238316232 5 disconnected",
            "3f3a1c4a0b1e0a8c2d9b8e7f6a5b4c3d2e1f0a9b 127.0.0.1:30009@31009 handshake - 0 0 0 disconnected",
            "");

    @Test
    void parsesRolesSlotsAndOpenSlots() {
        List<ClusterNodesLine> lines = ClusterNodesParser.parse(TEXT);
        assertThat(lines).hasSize(5);

        ClusterNodesLine replica = lines.get(0);
        assertThat(replica.master()).isFalse();
        assertThat(replica.masterId()).isEqualTo("e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca");
        assertThat(replica.address()).isEqualTo(new NodeAddress("127.0.0.1", 30004));

        ClusterNodesLine myself = lines.get(2);
        assertThat(myself.myself()).isTrue();
        assertThat(myself.master()).isTrue();
        assertThat(myself.configEpoch()).isEqualTo(1);
        assertThat(myself.slots().toString()).isEqualTo("0-5460");
        assertThat(myself.importing()).isEqualTo(Map.of(5461, "67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1"));
        assertThat(myself.migrating()).isEqualTo(Map.of(93, "292f8b365bb7edb5e285caf0b7e6ddc7265a2f4f"));

        assertThat(lines.get(3).failing()).isTrue();
        assertThat(lines.get(3).pingSentMillis()).isEqualTo(1426238310000L);
        assertThat(myself.pingSentMillis()).isZero();
        assertThat(lines.get(3).linkState()).isEqualTo("disconnected");
        assertThat(lines.get(4).member()).isFalse();
        assertThat(lines.get(1).toClusterNode().slots().size()).isEqualTo(5462);
    }
}

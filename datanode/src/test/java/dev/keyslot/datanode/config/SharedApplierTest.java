package dev.keyslot.datanode.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An applier registered for several options (the TLS contexts, rebuilt from all tls-* files) runs once per
 * CONFIG SET that sets several of them, seeing all the proposed values, as Redis calls each apply function once.
 */
class SharedApplierTest {
    @Test
    void aSharedApplierRunsOncePerConfigSetAndSeesEveryProposedValue() throws Exception {
        ServerConfig config = new ServerConfig();
        List<String> runs = new ArrayList<>();
        ServerConfig.Applier shared = value -> runs.add(config.proposed("tls-cert-file") + " " + config.proposed("tls-key-file"));
        config.onApplyAlways("tls-cert-file", shared);
        config.onApplyAlways("tls-key-file", shared);

        Map<ConfigOption, String> both = new LinkedHashMap<>();
        both.put(config.option("tls-cert-file"), "/tls/tls.crt");
        both.put(config.option("tls-key-file"), "/tls/tls.key");
        config.storeAll(both);
        assertThat(runs).containsExactly("/tls/tls.crt /tls/tls.key");

        config.storeAll(both);
        assertThat(runs).as("the same files again: reread, once").hasSize(2);
        assertThat(config.get("tls-key-file")).isEqualTo("/tls/tls.key");
    }
}

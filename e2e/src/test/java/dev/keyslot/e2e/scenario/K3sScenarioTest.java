package dev.keyslot.e2e.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * The end-to-end scenario on k3s with the chart installed. Runs where Docker is available and the images were
 * built (jib:buildTar); skipped with a message otherwise, in CI as well, whose machines have no Docker engine.
 */
class K3sScenarioTest {
    @Test
    void scenario() throws Exception {
        try (K3sKubernetes environment = K3sKubernetes.startOrSkip()) {
            new RedisClusterScenario(environment, Duration.ofMinutes(5)).run();
        }
    }
}

package dev.keyslot.e2e.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/** The end-to-end scenario in the simulated environment; runs on every build (it needs redis-server). */
class SimulatedScenarioTest {
    @Test
    void scenario() throws InterruptedException {
        try (SimulatedKubernetes environment = new SimulatedKubernetes()) {
            new RedisClusterScenario(environment, Duration.ofSeconds(90)).run();
        }
    }
}

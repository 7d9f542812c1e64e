package dev.keyslot.e2e.scenario;

import dev.keyslot.e2e.delivery.Chart;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/**
 * The end-to-end scenario in the simulated environment; runs on every build (it needs redis-server). Every
 * request the operator made on the way is allowed by the RBAC rules the chart and deploy/ install.
 */
class SimulatedScenarioTest {
    @Test
    void scenario() throws InterruptedException {
        try (SimulatedKubernetes environment = new SimulatedKubernetes()) {
            new RedisClusterScenario(environment, Duration.ofSeconds(90)).run();
            environment.operatorRequests().assertAllowedBy(Chart.render(Map.of()).one(ClusterRole.class).getRules());
            System.out.println("e2e scenario: operator requests " + environment.operatorRequests().requests());
        }
    }
}

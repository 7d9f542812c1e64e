package dev.keyslot.e2e.scenario;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Records every request of the operator's client, to hold them against the RBAC rules it is installed with. */
final class RequestRecorder implements Interceptor {
    private final Set<ApiRequest> requests = ConcurrentHashMap.newKeySet();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        requests.add(ApiRequest.of(request.method(), request.uri()));
    }

    Set<ApiRequest> requests() {
        return Set.copyOf(requests);
    }

    void assertAllowedBy(List<PolicyRule> rules) {
        assertThat(requests).isNotEmpty();
        for (ApiRequest request : requests) {
            assertThat(rules.stream().anyMatch(rule -> allows(rule, request)))
                    .as("the operator's RBAC rules allow %s", request).isTrue();
        }
    }

    private static boolean allows(PolicyRule rule, ApiRequest request) {
        return rule.getApiGroups().contains(request.group()) && rule.getResources().contains(request.resource())
                && rule.getVerbs().contains(request.verb());
    }
}

package dev.keyslot.e2e.scenario;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class ApiRequestTest {
    private static ApiRequest of(String method, String path) {
        return ApiRequest.of(method, URI.create("http://127.0.0.1:1" + path));
    }

    @Test
    void mapsMethodsAndPathsToRbacVerbsGroupsAndResources() {
        assertThat(of("GET", "/api/v1/namespaces/apps/pods?labelSelector=x")).isEqualTo(new ApiRequest("list", "", "pods"));
        assertThat(of("GET", "/apis/keyslot.dev/v1alpha1/redisclusters?watch=true")).isEqualTo(new ApiRequest("watch", "keyslot.dev", "redisclusters"));
        assertThat(of("GET", "/apis/apps/v1/namespaces/apps/statefulsets/c-0")).isEqualTo(new ApiRequest("get", "apps", "statefulsets"));
        assertThat(of("PUT", "/apis/keyslot.dev/v1alpha1/namespaces/apps/redisclusters/c/status"))
                .isEqualTo(new ApiRequest("update", "keyslot.dev", "redisclusters/status"));
        assertThat(of("POST", "/api/v1/namespaces/apps/events")).isEqualTo(new ApiRequest("create", "", "events"));
        assertThat(of("PATCH", "/apis/apps/v1/namespaces/apps/statefulsets/c-1")).isEqualTo(new ApiRequest("patch", "apps", "statefulsets"));
        assertThat(of("DELETE", "/apis/policy/v1/namespaces/apps/poddisruptionbudgets/c-3")).isEqualTo(new ApiRequest("delete", "policy", "poddisruptionbudgets"));
        assertThat(of("GET", "/api/v1/namespaces")).isEqualTo(new ApiRequest("list", "", "namespaces"));
    }
}

package dev.keyslot.e2e.scenario;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * An API request in RBAC terms: the verb, API group and resource (with subresource) it needs permission for,
 * as the API server's request info derives them from the method and the path.
 */
record ApiRequest(String verb, String group, String resource) {
    static ApiRequest of(String method, URI uri) {
        List<String> path = Arrays.stream(uri.getPath().split("/")).filter(s -> !s.isEmpty()).toList();
        // /api/v1/... is the core group; /apis/<group>/<version>/...
        boolean core = path.get(0).equals("api");
        String group = core ? "" : path.get(1);
        List<String> rest = path.subList(core ? 2 : 3, path.size());
        if (!rest.isEmpty() && rest.get(0).equals("namespaces") && rest.size() > 2) {
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0) + (rest.size() > 2 ? "/" + rest.get(2) : "");
        boolean named = rest.size() > 1;
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        String verb = switch (method) {
            case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("unexpected method " + method + " " + uri);
        };
        return new ApiRequest(verb, group, resource);
    }
}

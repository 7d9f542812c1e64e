package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisClusterSpec;

import java.util.Map;

/**
 * Renders redis.conf for every node of a cluster: the directives the operator owns, then the user's. The
 * password and the announced pod IP are not in the file: the container passes them as arguments from its
 * environment, so the ConfigMap holds no secret and is the same for every pod. The user's directives were
 * checked by {@link SpecValidator}.
 */
public final class ConfigRenderer {
    private ConfigRenderer() {
    }

    public static String render(RedisClusterSpec spec) {
        StringBuilder conf = new StringBuilder();
        line(conf, "port", ClusterTls.plaintextPort(spec));
        line(conf, "cluster-enabled", "yes");
        line(conf, "cluster-config-file", "nodes.conf");
        line(conf, "cluster-node-timeout", Long.toString(spec.getNodeTimeoutMillis()));
        line(conf, "dir", ClusterNames.DATA_MOUNT);
        line(conf, "protected-mode", "no");
        line(conf, "appendonly", "yes");
        ClusterTls.directives(spec).forEach((name, value) -> line(conf, name, value));
        for (Map.Entry<String, String> directive : spec.getConfig().entrySet()) {
            line(conf, directive.getKey(), directive.getValue());
        }
        return conf.toString();
    }

    private static void line(StringBuilder conf, String name, String value) {
        conf.append(name).append(' ').append(value.isEmpty() ? "\"\"" : value).append('\n');
    }
}

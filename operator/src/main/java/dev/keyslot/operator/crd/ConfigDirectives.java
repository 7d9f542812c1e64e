package dev.keyslot.operator.crd;

import java.util.Set;

/**
 * The redis.conf directives a RedisCluster may pass through in {@code spec.config}. Directives the operator
 * owns (port, cluster-*, dir, requirepass, masterauth, ...) are deliberately absent: setting them would break
 * the cluster the operator manages. The same list feeds the CRD's CEL rule and the reconciler's check.
 */
public final class ConfigDirectives {
    /** Space separated so that it can be a compile-time constant inside the CEL rule. */
    public static final String ALLOWED_LIST = "maxmemory maxmemory-policy maxmemory-samples maxclients timeout"
            + " tcp-keepalive tcp-backlog databases loglevel save appendonly appendfsync"
            + " auto-aof-rewrite-percentage auto-aof-rewrite-min-size hz dynamic-hz lazyfree-lazy-eviction"
            + " lazyfree-lazy-expire lazyfree-lazy-server-del lazyfree-lazy-user-del replica-lazy-flush"
            + " slowlog-log-slower-than slowlog-max-len latency-monitor-threshold notify-keyspace-events"
            + " hash-max-listpack-entries hash-max-listpack-value list-max-listpack-size list-compress-depth"
            + " set-max-intset-entries zset-max-listpack-entries zset-max-listpack-value activedefrag"
            + " client-output-buffer-limit repl-backlog-size repl-timeout repl-diskless-sync"
            + " repl-diskless-sync-delay min-replicas-to-write min-replicas-max-lag"
            + " cluster-require-full-coverage cluster-allow-reads-when-down cluster-replica-validity-factor"
            + " cluster-migration-barrier cluster-allow-replica-migration cluster-replica-no-failover proto-max-bulk-len"
            + " io-threads";

    static final String CEL_RULE = "self.all(k, k in '" + ALLOWED_LIST + "'.split(' '))";
    static final String CEL_MESSAGE = "spec.config has a directive the node does not accept or the operator manages"
            + " (port, bind, dir, cluster-enabled, cluster-config-file, cluster-node-timeout, requirepass, masterauth); allowed: " + ALLOWED_LIST;

    public static final Set<String> ALLOWED = Set.of(ALLOWED_LIST.split(" "));

    /** Allowed directives that CONFIG SET refuses on a running node: changing them restarts the pods. */
    public static final Set<String> RESTART_REQUIRED = Set.of("tcp-backlog", "databases", "io-threads");

    private ConfigDirectives() {
    }
}

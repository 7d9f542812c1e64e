package dev.keyslot.datanode.server;

/**
 * Why writes (or all commands) are paused. Each purpose keeps its own pause, so ending one (CLIENT UNPAUSE,
 * say) leaves another (a failover's) in force, as Redis 7.0 keeps its pause purposes apart.
 */
public enum PausePurpose {
    CLIENT_COMMAND,
    /** CLUSTER FAILOVER's or FAILOVER's write pause: one purpose, as in Redis, since they never run together. */
    FAILOVER,
    /** A master's writes while its shutdown waits for the replicas to catch up. */
    SHUTDOWN
}

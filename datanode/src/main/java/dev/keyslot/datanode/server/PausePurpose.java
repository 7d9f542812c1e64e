package dev.keyslot.datanode.server;

/**
 * Why writes (or all commands) are paused. Each purpose keeps its own pause, so ending one (CLIENT UNPAUSE,
 * say) leaves another (a manual failover's) in force, as Redis 7.0 keeps its pause purposes apart.
 */
public enum PausePurpose {
    CLIENT_COMMAND,
    CLUSTER_MANUAL_FAILOVER
}

package dev.keyslot.datanode.command;

/**
 * A command that left its client blocked, kept until the wait ends: then its time, failure and slow log entry
 * are accounted, as Redis's updateStatsOnUnblock does with the client's last command and call duration.
 *
 * @param micros how long the call that blocked ran
 */
public record BlockedCall(CommandSpec spec, byte[][] argv, long micros) {
}

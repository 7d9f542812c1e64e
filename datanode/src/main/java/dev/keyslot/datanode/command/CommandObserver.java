package dev.keyslot.datanode.command;

import dev.keyslot.datanode.server.Client;

/** Told after each executed command: slow log, latency monitor, metrics, replication and AOF feeds. */
@FunctionalInterface
public interface CommandObserver {
    /**
     * @param dirty how many changes the command made to the dataset (0 for reads and failed writes)
     */
    void executed(Client client, CommandSpec spec, byte[][] argv, long micros, long dirty);
}

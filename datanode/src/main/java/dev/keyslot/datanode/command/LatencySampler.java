package dev.keyslot.datanode.command;

/** Takes latency samples of named events (the latency monitor): "command", "command-unblocking"... */
@FunctionalInterface
public interface LatencySampler {
    void record(String event, long millis);
}

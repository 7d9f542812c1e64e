package dev.keyslot.operator.topology;

/** Which pod a node runs in: its shard (one StatefulSet per shard) and its ordinal within the shard. */
public record PodIdentity(String name, int shard, int ordinal) {
}

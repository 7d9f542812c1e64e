package dev.keyslot.datanode.tracking;

import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.util.ByteKey;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * One BCAST prefix: its subscribed clients and the keys under it modified since the last broadcast, each
 * with the client that last modified it (null for expiry and eviction), so NOLOOP clients skip their own.
 */
final class BroadcastPrefix {
    final Set<Client> clients = new LinkedHashSet<>();
    TreeMap<ByteKey, Client> modifiedKeys = new TreeMap<>();
}

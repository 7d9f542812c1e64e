package dev.keyslot.datanode.keyspace;

import java.util.function.Consumer;

/**
 * A collection SORT reads: the list, set and sorted set values implement it. Elements come in the type's
 * own order: list order head to tail, set iteration order, sorted set rank order (lowest score first).
 */
public interface Elements {
    void forEachElement(Consumer<byte[]> action);
}

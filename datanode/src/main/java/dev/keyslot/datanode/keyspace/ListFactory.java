package dev.keyslot.datanode.keyspace;

import java.util.List;

/** Creates a list value from elements (head first); SORT ... STORE writes its result through it. */
@FunctionalInterface
public interface ListFactory {
    RedisValue listOf(List<byte[]> elements);
}

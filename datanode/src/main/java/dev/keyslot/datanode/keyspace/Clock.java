package dev.keyslot.datanode.keyspace;

/** Milliseconds since the epoch; a seam so expiry tests need not sleep. */
@FunctionalInterface
public interface Clock {
    Clock SYSTEM = System::currentTimeMillis;

    long millis();
}

package dev.keyslot.datanode.keyspace;

/**
 * Maintains {@link KeyEntry#lru} as keys are created and read: the LRU clock or the LFU counter,
 * depending on the eviction policy. Called on every keyspace hit, so implementations must be cheap.
 */
public interface AccessTracker {
    AccessTracker NONE = new AccessTracker() {
        @Override
        public void created(KeyEntry e) {
        }

        @Override
        public void accessed(KeyEntry e) {
        }
    };

    /** A new key entered the keyspace. */
    void created(KeyEntry e);

    /** A live key was looked up by a command. */
    void accessed(KeyEntry e);
}

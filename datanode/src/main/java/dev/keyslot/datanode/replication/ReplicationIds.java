package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.server.RunId;

/**
 * PSYNC2's identity of a replication history: the current replication ID with the offset reached in it,
 * and the previous ID (replid2) valid up to second_repl_offset, so that replicas of this node's former
 * master can continue with it after a promotion.
 */
final class ReplicationIds {
    static final String NONE = "0000000000000000000000000000000000000000";

    private String replid = RunId.generate();
    private String replid2 = NONE;
    private long offset;
    private long secondOffset = -1;

    String replid() {
        return replid;
    }

    String replid2() {
        return replid2;
    }

    /** master_repl_offset: the number of the last byte of the stream. */
    long offset() {
        return offset;
    }

    long secondOffset() {
        return secondOffset;
    }

    void advance(long bytes) {
        offset += bytes;
    }

    /** After a full resync from a master: its history becomes ours. */
    void adopt(String masterReplid, long masterOffset) {
        replid = masterReplid;
        offset = masterOffset;
        clearSecond();
    }

    /** A master's +CONTINUE with a new ID: the old one stays valid up to here (its sibling was promoted). */
    void continueAs(String newReplid) {
        replid2 = replid;
        secondOffset = offset + 1;
        replid = newReplid;
    }

    /**
     * A master restarted from an RDB saved at previousOffset of previousReplid: that history stays reachable
     * through replid2, and what this master streamed since (DELs of keys expired meanwhile) follows it.
     */
    void continueAfterRestart(String previousReplid, long previousOffset) {
        replid2 = previousReplid;
        secondOffset = previousOffset + 1;
        offset += previousOffset;
    }

    /** Redis's shiftReplicationId: becoming a master keeps the old history reachable through replid2. */
    void shift() {
        continueAs(RunId.generate());
    }

    /** A new history with no past: the first replica of a master without backlog. */
    void renew() {
        replid = RunId.generate();
        clearSecond();
    }

    private void clearSecond() {
        replid2 = NONE;
        secondOffset = -1;
    }

    /** Whether a replica that asks to continue replid from psyncOffset is on our history. */
    boolean canContinue(String askedReplid, long psyncOffset) {
        return askedReplid.equalsIgnoreCase(replid)
                || (askedReplid.equalsIgnoreCase(replid2) && psyncOffset <= secondOffset);
    }
}

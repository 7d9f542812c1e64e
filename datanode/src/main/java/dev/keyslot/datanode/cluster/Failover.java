package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.cluster.bus.ClusterMessage;
import dev.keyslot.datanode.cluster.bus.MessageType;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Replica promotion as Redis 7.0 runs it. As a master serving slots: vote for a replica of a failed master
 * (one vote per epoch, none for the same master within two node timeouts, none when the replica's config
 * is older than ours). As a replica of a failed master: wait a delay ranked by replication offset, ask every
 * node for a vote with a new epoch, and on a majority of masters take the master's slots. Manual failover
 * (CLUSTER FAILOVER) first has the master pause writes and announce its offset, so the replica takes over
 * only once it has every write: nothing acknowledged is lost.
 */
final class Failover {
    /** How long a manual failover may take before it is abandoned (CLUSTER_MF_TIMEOUT). */
    static final long MANUAL_TIMEOUT_MILLIS = 5000;
    /** The master pauses writes for this multiple of the timeout, so the pause outlasts the attempt. */
    private static final int MANUAL_PAUSE_MULTIPLIER = 2;

    private final Cluster cluster;
    private final ClusterState state;

    // Election of this node (as a replica).
    private long authTime;
    private int authCount;
    private boolean authSent;
    private int authRank;
    private long authEpoch;
    private String lastCantFailoverReason = "";
    private long lastCantFailoverLog;

    // Manual failover: mfEnd != 0 while one runs, on the master (mfReplica set) or on the replica.
    private long mfEnd;
    private boolean mfCanStart;
    private ClusterNode mfReplica;
    private long mfMasterOffset = -1;

    private long electionsWon;
    private long votesGranted;

    Failover(Cluster cluster) {
        this.cluster = cluster;
        this.state = cluster.state();
    }

    /** Elections this node won as a replica (it became master), since startup. */
    long electionsWon() {
        return electionsWon;
    }

    /** Votes this node gave, as a master, to replicas of failed masters, since startup. */
    long votesGranted() {
        return votesGranted;
    }

    /** True on a master whose writes are paused for a replica's manual failover: pings carry PAUSED. */
    boolean pausedForManualFailover() {
        return mfEnd != 0 && state.myself().isMaster();
    }

    /** The replica a manual failover of ours is handing over to, pinged continuously meanwhile. */
    ClusterNode manualFailoverReplica() {
        return mfEnd != 0 ? mfReplica : null;
    }

    /** A replica asks for our vote (clusterSendFailoverAuthIfNeeded). */
    void onAuthRequest(ClusterNode requester, ClusterMessage request) {
        ClusterNode me = state.myself();
        if (me.isReplica() || me.slotCount == 0) {
            return;
        }
        ClusterNode master = requester.master;
        boolean forceAck = (request.mflags0 & ClusterMessage.FLAG0_FORCEACK) != 0;
        if (Long.compareUnsigned(request.currentEpoch, state.currentEpoch) < 0) {
            deny(requester, "reqEpoch (" + request.currentEpoch + ") < curEpoch(" + state.currentEpoch + ")");
            return;
        }
        if (state.lastVoteEpoch == state.currentEpoch) {
            deny(requester, "already voted for epoch " + state.currentEpoch);
            return;
        }
        if (requester.isMaster()) {
            deny(requester, "it is a master node");
            return;
        }
        if (master == null) {
            deny(requester, "I don't know its master");
            return;
        }
        if (!master.failed() && !forceAck) {
            deny(requester, "its master is up");
            return;
        }
        long now = cluster.now();
        long nodeTimeout = cluster.settings().nodeTimeout();
        if (now - master.votedTime < nodeTimeout * 2) {
            deny(requester, "can't vote about this master before " + (nodeTimeout * 2 - (now - master.votedTime))
                    + " milliseconds");
            return;
        }
        SlotBitmap claimed = new SlotBitmap(request.slots);
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            if (!claimed.get(slot) || state.isUnclaimed(slot)) {
                continue;
            }
            ClusterNode owner = state.slotOwner(slot);
            if (Long.compareUnsigned(owner.configEpoch, request.configEpoch) > 0) {
                deny(requester, "slot " + slot + " epoch (" + owner.configEpoch + ") > reqEpoch ("
                        + request.configEpoch + ")");
                return;
            }
        }
        state.lastVoteEpoch = state.currentEpoch;
        master.votedTime = now;
        votesGranted++;
        cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_FSYNC_CONFIG);
        if (requester.link != null) {
            requester.link.send(cluster.header(MessageType.FAILOVER_AUTH_ACK));
        }
        cluster.log().warning("Failover auth granted to " + requester.id() + " for epoch " + state.currentEpoch);
    }

    private void deny(ClusterNode requester, String why) {
        cluster.log().warning("Failover auth denied to " + requester.id() + ": " + why);
    }

    /** A master voted for us; counted only for the election we are running. */
    void onAuthAck(ClusterNode voter, long voterCurrentEpoch) {
        if (voter.isMaster() && voter.slotCount > 0 && Long.compareUnsigned(voterCurrentEpoch, authEpoch) >= 0) {
            authCount++;
            handleReplicaFailover();
        }
    }

    /** Our replica asks us to hand over (MFSTART): pause writes and announce our offset to it. */
    void onManualFailoverStart(ClusterNode replica) {
        if (replica.master != state.myself()) {
            return;
        }
        reset();
        long now = cluster.now();
        mfEnd = now + MANUAL_TIMEOUT_MILLIS;
        mfReplica = replica;
        cluster.hooks().pauseWrites(now + MANUAL_TIMEOUT_MILLIS * MANUAL_PAUSE_MULTIPLIER);
        cluster.log().warning("Manual failover requested by replica " + replica.id() + ".");
        if (replica.link != null) {
            cluster.sendPing(replica.link, MessageType.PING);
        }
    }

    /** A header from our master: while paused for our manual failover it tells the offset to reach. */
    void onMasterHeader(ClusterNode sender, ClusterMessage m) {
        ClusterNode me = state.myself();
        if (mfEnd != 0 && me.isReplica() && me.master == sender
                && (m.mflags0 & ClusterMessage.FLAG0_PAUSED) != 0 && mfMasterOffset == -1) {
            mfMasterOffset = m.offset;
            cluster.log().warning("Received replication offset for paused master manual failover: " + mfMasterOffset);
            handleManualFailover();
        }
    }

    /** CLUSTER FAILOVER [FORCE|TAKEOVER] on a replica, after the command checked the preconditions. */
    void startManual(boolean force, boolean takeover) {
        reset();
        mfEnd = cluster.now() + MANUAL_TIMEOUT_MILLIS;
        if (takeover) {
            cluster.log().warning("Taking over the master (user request).");
            cluster.bumpConfigEpochWithoutConsensus();
            replaceMyMaster();
        } else if (force) {
            cluster.log().warning("Forced failover user request accepted.");
            mfCanStart = true;
        } else {
            cluster.log().warning("Manual failover user request accepted.");
            ClusterNode master = state.myself().master;
            if (master.link != null) {
                master.link.send(cluster.header(MessageType.MFSTART));
            }
        }
    }

    /** Ends any manual failover; a master resumes the writes it paused. */
    void reset() {
        if (mfReplica != null) {
            cluster.hooks().resumeWrites();
        }
        mfEnd = 0;
        mfCanStart = false;
        mfReplica = null;
        mfMasterOffset = -1;
    }

    /** Cron work: manual failover timeout and progress, then the election. */
    void cron() {
        if (mfEnd != 0 && mfEnd < cluster.now()) {
            cluster.log().warning("Manual failover timed out.");
            reset();
        }
        if (state.myself().isReplica()) {
            handleManualFailover();
            if (!cluster.settings().replicaNoFailover() || mfEnd != 0) {
                handleReplicaFailover();
            } else {
                lastCantFailoverReason = "";
            }
        }
    }

    private void handleManualFailover() {
        if (mfEnd == 0 || mfCanStart || mfMasterOffset == -1) {
            return;
        }
        if (mfMasterOffset == cluster.hooks().replicationOffset()) {
            mfCanStart = true;
            cluster.log().warning("All master replication stream processed, manual failover can start.");
            handleReplicaFailover();
        }
    }

    /** clusterHandleSlaveFailover: runs from the cron and whenever a vote or the paused offset arrives. */
    void handleReplicaFailover() {
        ClusterNode me = state.myself();
        ClusterNode master = me.master;
        long now = cluster.now();
        boolean manual = mfEnd != 0 && mfCanStart;
        if (me.isMaster() || master == null || (!master.failed() && !manual)
                || (cluster.settings().replicaNoFailover() && !manual) || master.slotCount == 0) {
            lastCantFailoverReason = "";
            return;
        }
        long nodeTimeout = cluster.settings().nodeTimeout();
        long authTimeout = Math.max(nodeTimeout * 2, 2000);
        long authRetryTime = authTimeout * 2;
        long authAge = now - authTime;

        long dataAge = cluster.hooks().masterDataAgeMillis();
        if (dataAge < 0) {
            cantFailover("This node holds no data replicated from its master.");
            return;
        }
        if (dataAge > nodeTimeout) {
            dataAge -= nodeTimeout;
        }
        long validityFactor = cluster.settings().replicaValidityFactor();
        if (validityFactor > 0 && !manual
                && dataAge > cluster.settings().replPingReplicaPeriodMillis() + nodeTimeout * validityFactor) {
            cantFailover("Disconnected from master for longer than allowed. "
                    + "Please check the 'cluster-replica-validity-factor' configuration option.");
            return;
        }

        if (authAge > authRetryTime) {
            authTime = now + 500 + ThreadLocalRandom.current().nextInt(500);
            authCount = 0;
            authSent = false;
            authRank = rank();
            authTime += authRank * 1000L;
            if (mfEnd != 0) {
                authTime = now;
                authRank = 0;
            }
            cluster.log().warning("Start of election delayed for " + (authTime - now) + " milliseconds (rank #"
                    + authRank + ", offset " + cluster.hooks().replicationOffset() + ").");
            cluster.broadcastPong(true);
            if (mfEnd == 0) {
                return;
            }
            authAge = now - authTime;
        }
        if (!authSent && mfEnd == 0) {
            int newRank = rank();
            if (newRank > authRank) {
                long added = (newRank - authRank) * 1000L;
                authTime += added;
                authRank = newRank;
                cluster.log().warning("Replica rank updated to #" + newRank + ", added " + added
                        + " milliseconds of delay.");
            }
        }
        if (now < authTime) {
            cantFailover("Waiting the delay before I can start a new failover.");
            return;
        }
        if (authAge > authTimeout) {
            cantFailover("Failover attempt expired.");
            return;
        }
        if (!authSent) {
            state.currentEpoch++;
            authEpoch = state.currentEpoch;
            cluster.log().warning("Starting a failover election for epoch " + state.currentEpoch + ".");
            ClusterMessage request = cluster.header(MessageType.FAILOVER_AUTH_REQUEST);
            if (mfEnd != 0) {
                request.mflags0 |= ClusterMessage.FLAG0_FORCEACK;
            }
            cluster.broadcast(request);
            authSent = true;
            cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE | Cluster.TODO_FSYNC_CONFIG);
            return;
        }
        if (authCount >= state.size / 2 + 1) {
            cluster.log().warning("Failover election won: I'm the new master.");
            electionsWon++;
            if (Long.compareUnsigned(me.configEpoch, authEpoch) < 0) {
                me.configEpoch = authEpoch;
                cluster.log().warning("configEpoch set to " + me.configEpoch + " after successful failover");
            }
            replaceMyMaster();
        } else {
            cantFailover("Waiting for votes, but majority still not reached.");
        }
    }

    /** How many replicas of our master claim a larger replication offset than ours. */
    private int rank() {
        ClusterNode me = state.myself();
        long myOffset = cluster.hooks().replicationOffset();
        int rank = 0;
        for (ClusterNode sibling : me.master.replicas) {
            if (sibling != me && !sibling.is(NodeFlags.NOFAILOVER) && sibling.replOffset > myOffset) {
                rank++;
            }
        }
        return rank;
    }

    /** Logs why the election cannot go on: when the reason changes, or every 10 s (clusterLogCantFailover). */
    private void cantFailover(String reason) {
        long now = cluster.now();
        ClusterNode master = state.myself().master;
        if (reason.equals(lastCantFailoverReason) && now - lastCantFailoverLog < 10_000) {
            return;
        }
        // Right after the master failed every replica goes through these states: not worth a log line.
        if (master != null && master.failed() && now - master.failTime < 10_000 && !reason.startsWith("This node")) {
            return;
        }
        lastCantFailoverReason = reason;
        lastCantFailoverLog = now;
        cluster.log().warning("Currently unable to failover: " + reason);
    }

    /** clusterFailoverReplaceYourMaster: become master of our master's slots and tell everybody. */
    private void replaceMyMaster() {
        ClusterNode me = state.myself();
        ClusterNode oldMaster = me.master;
        if (me.isMaster() || oldMaster == null) {
            return;
        }
        state.setNodeAsMaster(me);
        cluster.hooks().stopReplicating();
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            if (oldMaster.slots.get(slot)) {
                state.deleteSlot(slot);
                state.addSlot(me, slot);
            }
        }
        cluster.updateState();
        cluster.saveConfig();
        cluster.broadcastPong(false);
        reset();
    }
}

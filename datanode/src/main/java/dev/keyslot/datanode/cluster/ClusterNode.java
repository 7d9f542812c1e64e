package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.cluster.bus.ClusterLink;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** What this node knows about one node of the cluster (itself included): Redis's clusterNode. */
public final class ClusterNode {
    private String id;
    public int flags;
    public String ip = "";
    public int port;
    /** With tls-cluster, the plain text client port beside the TLS one in port; 0 when there is none. */
    public int pport;
    public int cport;
    public String hostname = "";
    public long configEpoch;
    public final SlotBitmap slots = new SlotBitmap();
    public int slotCount;
    public ClusterNode master;
    public final List<ClusterNode> replicas = new ArrayList<>();
    public final long createdAt;
    /** Milliseconds of the unanswered PING, 0 when none is pending. */
    public long pingSent;
    public long pongReceived;
    public long dataReceived;
    public long failTime;
    public long votedTime;
    public long replOffset;
    public long replOffsetTime;
    public long orphanedTime;
    /** Since when every connection to the node's bus port was refused (0 while it accepts or answers). */
    long refusedSince;
    /** When the cron last opened a link to this node (it retries a suspected or failed node once a second). */
    long lastConnectAttempt;
    /** When this node's hostname was last looked up because it stopped answering (HostnameResolution). */
    long lastHostnameLookup;
    /** Marks the last PING this node was gossiped in, so one PING never lists it twice. */
    public long lastInPingGossip;
    public ClusterLink link;
    public ClusterLink inboundLink;
    private final List<FailureReport> failureReports = new ArrayList<>();

    public ClusterNode(String id, int flags, long now) {
        this.id = id;
        this.flags = flags;
        this.createdAt = now;
    }

    public String id() {
        return id;
    }

    void rename(String newId) {
        this.id = newId;
    }

    public boolean is(int flag) {
        return (flags & flag) != 0;
    }

    public boolean isMaster() {
        return is(NodeFlags.MASTER);
    }

    public boolean isReplica() {
        return is(NodeFlags.SLAVE);
    }

    public boolean inHandshake() {
        return is(NodeFlags.HANDSHAKE);
    }

    public boolean failed() {
        return is(NodeFlags.FAIL);
    }

    public boolean timedOut() {
        return is(NodeFlags.PFAIL);
    }

    public boolean hasAddress() {
        return !is(NodeFlags.NOADDR);
    }

    public boolean isMyself() {
        return is(NodeFlags.MYSELF);
    }

    /** Adds or refreshes a report; true when it is a new reporter. */
    boolean addFailureReport(ClusterNode reporter, long now) {
        for (FailureReport r : failureReports) {
            if (r.reporter == reporter) {
                r.time = now;
                return false;
            }
        }
        failureReports.add(new FailureReport(reporter, now));
        return true;
    }

    boolean removeFailureReport(ClusterNode reporter) {
        return failureReports.removeIf(r -> r.reporter == reporter);
    }

    /** Valid reports after dropping those older than the validity window. */
    public int failureReportCount(long now, long validityMillis) {
        Iterator<FailureReport> it = failureReports.iterator();
        while (it.hasNext()) {
            if (now - it.next().time > validityMillis) {
                it.remove();
            }
        }
        return failureReports.size();
    }

    void forgetReportsBy(ClusterNode reporter) {
        removeFailureReport(reporter);
    }

    public int nonFailingReplicas() {
        int n = 0;
        for (ClusterNode r : replicas) {
            if (!r.failed()) {
                n++;
            }
        }
        return n;
    }

    void addReplica(ClusterNode replica) {
        if (!replicas.contains(replica)) {
            replicas.add(replica);
        }
        if (replicas.size() > 0) {
            flags |= NodeFlags.MIGRATE_TO;
        }
    }

    void removeReplica(ClusterNode replica) {
        replicas.remove(replica);
        if (replicas.isEmpty()) {
            flags &= ~NodeFlags.MIGRATE_TO;
        }
    }

    /** The address clients use: the announced hostname when preferred and known, else the IP. */
    public String endpoint(String preferredType) {
        return switch (preferredType) {
            case "hostname" -> hostname.isEmpty() ? "?" : hostname;
            case "unknown-endpoint" -> "?";
            default -> ip;
        };
    }

    /** The port to tell a client: the plain text one when wanted and known (Redis's use_pport), else port. */
    public int clientPort(boolean plaintextWanted) {
        return plaintextWanted && pport != 0 ? pport : port;
    }
}

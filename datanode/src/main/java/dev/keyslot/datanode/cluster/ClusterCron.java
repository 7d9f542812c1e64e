package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.cluster.bus.ClusterLink;
import dev.keyslot.datanode.cluster.bus.MessageType;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs every 100 ms (clusterCron): keeps a link open to every known node, expires stale handshakes,
 * pings a random node each second and any node whose pong is older than half the node timeout, and
 * flags nodes that do not answer within the node timeout as PFAIL; then drives failover and replica migration.
 */
final class ClusterCron {
    private static final long UNREACHABLE_RECONNECT_INTERVAL_MILLIS = 1000;

    private final Cluster cluster;
    private final ClusterState state;
    private long iteration;

    ClusterCron(Cluster cluster) {
        this.cluster = cluster;
        this.state = cluster.state();
    }

    void run() {
        iteration++;
        long now = cluster.now();
        long nodeTimeout = cluster.settings().nodeTimeout();
        long handshakeTimeout = Math.max(nodeTimeout, 1000);
        ClusterNode me = state.myself();
        me.hostname = cluster.settings().announceHostname();
        if (cluster.settings().replicaNoFailover()) {
            me.flags |= NodeFlags.NOFAILOVER;
        } else {
            me.flags &= ~NodeFlags.NOFAILOVER;
        }
        List<ClusterNode> nodes = state.nodeList();
        long sendBufferLimit = cluster.settings().linkSendBufferLimit();
        long linksMemory = 0;
        for (ClusterNode node : nodes) {
            if (sendBufferLimit != 0) {
                closeIfOverLimit(node.link, sendBufferLimit);
                closeIfOverLimit(node.inboundLink, sendBufferLimit);
            }
            linksMemory += memoryOf(node.link) + memoryOf(node.inboundLink);
            if (node.isMyself() || node.is(NodeFlags.NOADDR)) {
                continue;
            }
            if (node.inHandshake() && now - node.createdAt > handshakeTimeout) {
                state.deleteNode(node);
                continue;
            }
            if (node.link == null && mayReconnect(node, now)) {
                reconnect(node, (int) Math.max(nodeTimeout, 1000), now);
            }
        }

        cluster.countLinksMemory(linksMemory);
        if (iteration % 10 == 0) {
            pingOldestOfRandomFive(nodes);
        }

        boolean updateState = false;
        for (ClusterNode node : state.nodeList()) {
            if (node.isMyself() || node.is(NodeFlags.NOADDR) || node.inHandshake()) {
                continue;
            }
            long pingDelay = now - node.pingSent;
            long dataDelay = now - node.dataReceived;
            if (node.link != null && now - node.link.createdAt() > nodeTimeout && node.pingSent != 0
                    && pingDelay > nodeTimeout / 2 && dataDelay > nodeTimeout / 2) {
                node.link.close();
            }
            if (node.link != null && node.pingSent == 0 && now - node.pongReceived > nodeTimeout / 2) {
                cluster.sendPing(node.link, MessageType.PING);
                continue;
            }
            if (node.link != null && node == cluster.failover().manualFailoverReplica()) {
                // The replica of a manual failover needs our paused offset as soon as possible.
                cluster.sendPing(node.link, MessageType.PING);
                continue;
            }
            if (node.pingSent == 0) {
                continue;
            }
            long delay = Math.min(pingDelay, dataDelay);
            boolean refused = node.refusedSince != 0 && now - node.refusedSince > refusedGrace(nodeTimeout);
            if ((delay > nodeTimeout || refused) && !node.timedOut() && !node.failed()) {
                cluster.log().debug("*** NODE " + node.id() + " possibly failing");
                node.flags |= NodeFlags.PFAIL;
                updateState = true;
                FailureDetector.suspected(cluster, node, now);
            }
        }
        if (me.isReplica() && me.master != null && me.master.hasAddress()) {
            // Also after a restart from nodes.conf: a replica keeps replicating its master (idempotent).
            cluster.hooks().replicateFrom(me.master.ip, me.master.port);
        }
        cluster.failover().cron();
        cluster.hostnameResolution().cron();
        cluster.replicaMigration().cron();
        if (updateState || state.state == ClusterState.FAIL) {
            cluster.updateState();
        }
    }

    private static long memoryOf(ClusterLink link) {
        return link == null || link.isClosed() ? 0 : link.memoryUsage();
    }

    /**
     * A peer that stopped reading (hung, or slower than what is published) must not make the send buffer grow
     * without bound: the link is closed, and the cron reconnects right after, as Redis does.
     */
    private void closeIfOverLimit(ClusterLink link, long limit) {
        if (link == null) {
            return;
        }
        long pending = link.pendingSendBytes();
        if (pending > limit) {
            cluster.log().warning("Freeing cluster link(" + (link.inbound() ? "from" : "to") + " node "
                    + (link.node() == null ? "" : link.node().id()) + ", used memory: " + pending
                    + ") due to exceeding send buffer memory limit.");
            link.close();
            cluster.bus().stats().linksBufferLimitExceeded++;
        }
    }

    /**
     * Beyond Redis: a node whose bus port refuses connections for this long is suspected (PFAIL) without
     * waiting the whole node timeout, since a refusal means its process is gone, not slow. FAIL still needs
     * the reports of a majority of masters, so this only makes a real failure known sooner.
     */
    private static long refusedGrace(long nodeTimeout) {
        return nodeTimeout / 5;
    }

    /**
     * A node we already suspect or know failed, and that has not talked to us since our last attempt, gets one
     * connection attempt per second instead of one per tick: each attempt to a dead peer costs the command thread
     * a connection set up and torn down. A node that comes back is still reached within a second, at once when it
     * contacts us first (a restarted node does).
     */
    private static boolean mayReconnect(ClusterNode node, long now) {
        if (!node.timedOut() && !node.failed()) {
            return true;
        }
        return now - node.lastConnectAttempt >= UNREACHABLE_RECONNECT_INTERVAL_MILLIS
                || node.dataReceived > node.lastConnectAttempt;
    }

    private void reconnect(ClusterNode node, int connectTimeout, long now) {
        node.lastConnectAttempt = now;
        var link = cluster.bus().connect(node, connectTimeout, cluster.settings().bindSourceAddress());
        link.channel().closeFuture().addListener(f -> {
            // A refused connection counts as a ping sent, so an unreachable node still times out.
            if (node.pingSent == 0 && node.pongReceived < link.createdAt() && !link.channel().isActive()) {
                node.pingSent = link.createdAt();
            }
        });
    }

    private void pingOldestOfRandomFive(List<ClusterNode> nodes) {
        ClusterNode oldest = null;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < 5 && !nodes.isEmpty(); i++) {
            ClusterNode n = nodes.get(rnd.nextInt(nodes.size()));
            if (n.link == null || n.pingSent != 0 || n.isMyself() || n.inHandshake()) {
                continue;
            }
            if (oldest == null || n.pongReceived < oldest.pongReceived) {
                oldest = n;
            }
        }
        if (oldest != null) {
            cluster.sendPing(oldest.link, MessageType.PING);
        }
    }
}

package dev.keyslot.datanode.command.cluster;

import dev.keyslot.datanode.cluster.Cluster;
import dev.keyslot.datanode.cluster.ClusterNode;
import dev.keyslot.datanode.cluster.ClusterState;
import dev.keyslot.datanode.cluster.KeySlot;
import dev.keyslot.datanode.cluster.bus.ClusterLink;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;

import java.util.ArrayList;
import java.util.List;

/** The reply shapes of CLUSTER SLOTS, CLUSTER SHARDS and CLUSTER LINKS, as Redis 7.0 builds them. */
final class SlotsReply {
    private SlotsReply() {
    }

    /** Contiguous runs of slots with the same owner: [start, end, owner] triples. */
    private record Range(int start, int end, ClusterNode owner) {
    }

    private static List<Range> ranges(ClusterState s) {
        List<Range> ranges = new ArrayList<>();
        int start = -1;
        ClusterNode current = null;
        for (int slot = 0; slot <= KeySlot.SLOTS; slot++) {
            ClusterNode owner = slot < KeySlot.SLOTS ? s.slotOwner(slot) : null;
            if (owner != current) {
                if (current != null) {
                    ranges.add(new Range(start, slot - 1, current));
                }
                current = owner;
                start = slot;
            }
        }
        return ranges;
    }

    static void slots(Client c, Cluster cluster) {
        Reply r = c.reply();
        List<Range> ranges = ranges(cluster.state());
        boolean plaintext = cluster.settings().plaintextPortsFor(c.overTls());
        r.arrayHeader(ranges.size());
        for (Range range : ranges) {
            List<ClusterNode> available = new ArrayList<>();
            for (ClusterNode replica : range.owner().replicas) {
                if (replicaAvailable(cluster, replica)) {
                    available.add(replica);
                }
            }
            r.arrayHeader(3 + available.size());
            r.integer(range.start());
            r.integer(range.end());
            nodeEntry(r, cluster, range.owner(), plaintext);
            for (ClusterNode replica : available) {
                nodeEntry(r, cluster, replica, plaintext);
            }
        }
    }

    private static boolean replicaAvailable(Cluster cluster, ClusterNode replica) {
        if (replica.failed()) {
            return false;
        }
        long offset = replica.isMyself() ? cluster.hooks().replicationOffset() : replica.replOffset;
        return offset != 0;
    }

    private static void nodeEntry(Reply r, Cluster cluster, ClusterNode n, boolean plaintext) {
        String type = cluster.settings().preferredEndpointType();
        r.arrayHeader(4);
        switch (type) {
            case "hostname" -> r.bulk(n.hostname.isEmpty() ? "?" : n.hostname);
            case "unknown-endpoint" -> r.nullBulk();
            default -> r.bulk(n.ip);
        }
        r.integer(n.clientPort(plaintext));
        r.bulk(n.id());
        int extra = 0;
        if (!type.equals("ip")) {
            extra++;
        }
        if (!type.equals("hostname") && !n.hostname.isEmpty()) {
            extra++;
        }
        r.mapHeader(extra);
        if (!type.equals("ip")) {
            r.bulk("ip");
            r.bulk(n.ip);
        }
        if (!type.equals("hostname") && !n.hostname.isEmpty()) {
            r.bulk("hostname");
            r.bulk(n.hostname);
        }
    }

    static void shards(Client c, Cluster cluster) {
        Reply r = c.reply();
        ClusterState s = cluster.state();
        List<ClusterNode> masters = new ArrayList<>();
        for (ClusterNode n : s.nodes()) {
            if (n.isMaster()) {
                masters.add(n);
            }
        }
        List<Range> ranges = ranges(s);
        r.arrayHeader(masters.size());
        for (ClusterNode master : masters) {
            r.mapHeader(2);
            r.bulk("slots");
            List<Range> own = ranges.stream().filter(x -> x.owner() == master).toList();
            r.arrayHeader(own.size() * 2L);
            for (Range range : own) {
                r.integer(range.start());
                r.integer(range.end());
            }
            r.bulk("nodes");
            List<ClusterNode> members = new ArrayList<>();
            members.add(master);
            members.addAll(master.replicas);
            r.arrayHeader(members.size());
            for (ClusterNode n : members) {
                shardNode(r, cluster, n);
            }
        }
    }

    /** With tls-cluster a node's port is its TLS port, shown as tls-port beside the plain text pport. */
    private static void shardNode(Reply r, Cluster cluster, ClusterNode n) {
        boolean hasHostname = !n.hostname.isEmpty();
        boolean tls = cluster.settings().tls();
        int plaintextPort = tls ? n.pport : n.port;
        int tlsPort = tls ? n.port : 0;
        r.mapHeader(6 + (plaintextPort != 0 ? 1 : 0) + (tlsPort != 0 ? 1 : 0) + (hasHostname ? 1 : 0));
        r.bulk("id");
        r.bulk(n.id());
        if (plaintextPort != 0) {
            r.bulk("port");
            r.integer(plaintextPort);
        }
        if (tlsPort != 0) {
            r.bulk("tls-port");
            r.integer(tlsPort);
        }
        r.bulk("ip");
        r.bulk(n.ip);
        r.bulk("endpoint");
        r.bulk(switch (cluster.settings().preferredEndpointType()) {
            case "hostname" -> hasHostname ? n.hostname : "?";
            case "unknown-endpoint" -> "";
            default -> n.ip;
        });
        if (hasHostname) {
            r.bulk("hostname");
            r.bulk(n.hostname);
        }
        long offset = n.isMyself() ? cluster.hooks().replicationOffset() : n.replOffset;
        r.bulk("role");
        r.bulk(n.isReplica() ? "replica" : "master");
        r.bulk("replication-offset");
        r.integer(offset);
        r.bulk("health");
        r.bulk(n.failed() ? "fail" : (n.isReplica() && offset == 0 ? "loading" : "online"));
    }

    static void links(Client c, Cluster cluster) {
        Reply r = c.reply();
        List<ClusterLink> links = new ArrayList<>();
        for (ClusterNode n : cluster.state().nodes()) {
            if (n.link != null) {
                links.add(n.link);
            }
            if (n.inboundLink != null) {
                links.add(n.inboundLink);
            }
        }
        r.arrayHeader(links.size());
        for (ClusterLink link : links) {
            r.mapHeader(6);
            r.bulk("direction");
            r.bulk(link.inbound() ? "from" : "to");
            r.bulk("node");
            r.bulk(link.node().id());
            r.bulk("create-time");
            r.integer(link.createdAt());
            long pending = link.pendingSendBytes();
            r.bulk("events");
            // Redis waits for the socket to take more ("w") only while its send buffer holds something.
            r.bulk(pending > 0 ? "rw" : "r");
            r.bulk("send-buffer-allocated");
            r.integer(pending);
            r.bulk("send-buffer-used");
            r.integer(pending);
        }
    }
}

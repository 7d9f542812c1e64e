package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.cluster.bus.ClusterLink;
import dev.keyslot.datanode.cluster.bus.ClusterMessage;
import dev.keyslot.datanode.cluster.bus.GossipEntry;
import dev.keyslot.datanode.cluster.bus.MessageType;

import java.net.InetSocketAddress;

/**
 * Acts on received bus messages as Redis 7.0's clusterProcessPacket does: handshakes, role and address
 * changes, slot ownership by configEpoch, gossip and failure reports, FAIL and UPDATE messages, and the
 * failover messages (votes and manual failover, handled by {@link Failover}).
 */
final class PacketProcessor {
    private final Cluster cluster;
    private final ClusterState state;
    /** DEBUG DROP-CLUSTER-PACKET-FILTER's message type, -1 for none. */
    volatile long dropType = -1;

    PacketProcessor(Cluster cluster) {
        this.cluster = cluster;
        this.state = cluster.state();
    }

    void process(ClusterLink link, ClusterMessage m) {
        if (m.type == dropType) {
            cluster.log().warning("Dropping packet that matches debug drop filter");
            return;
        }
        long now = cluster.now();
        ClusterNode me = state.myself();
        ClusterNode sender = senderOf(link, m);
        if (sender != null) {
            sender.dataReceived = now;
        }
        long senderConfigEpoch = 0;
        if (sender != null && !sender.inHandshake()) {
            if (Long.compareUnsigned(m.currentEpoch, state.currentEpoch) > 0) {
                state.currentEpoch = m.currentEpoch;
            }
            senderConfigEpoch = m.configEpoch;
            if (Long.compareUnsigned(senderConfigEpoch, sender.configEpoch) > 0) {
                sender.configEpoch = senderConfigEpoch;
                cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_FSYNC_CONFIG);
            }
            sender.replOffset = m.offset;
            sender.replOffsetTime = now;
            cluster.failover().onMasterHeader(sender, m);
        }

        if (m.type == MessageType.PING || m.type == MessageType.MEET) {
            if ((m.type == MessageType.MEET || me.ip.isEmpty()) && cluster.settings().announceIp().isEmpty()) {
                String ip = localIp(link);
                if (ip != null && !ip.equals(me.ip)) {
                    me.ip = ip;
                    cluster.log().warning("IP address for this node updated to " + ip);
                    cluster.todo(Cluster.TODO_SAVE_CONFIG);
                }
            }
            if (sender == null && m.type == MessageType.MEET) {
                ClusterNode n = new ClusterNode(ClusterState.randomNodeId(), NodeFlags.HANDSHAKE, now);
                n.ip = m.myIp.isEmpty() ? peerIp(link) : m.myIp;
                n.port = m.port;
                n.pport = m.pport;
                n.cport = m.cport;
                state.addNode(n);
                cluster.todo(Cluster.TODO_SAVE_CONFIG);
                processGossip(m, link);
            }
            cluster.sendPing(link, MessageType.PONG);
        }

        if (m.isPingLike()) {
            if (!link.inbound()) {
                ClusterNode linkNode = link.node();
                if (linkNode.inHandshake()) {
                    if (sender != null) {
                        if (updateAddressIfNeeded(sender, link, m)) {
                            cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
                        }
                        state.deleteNode(linkNode);
                        return;
                    }
                    state.renameNode(linkNode, m.sender);
                    linkNode.flags &= ~NodeFlags.HANDSHAKE;
                    linkNode.flags |= m.flags & (NodeFlags.MASTER | NodeFlags.SLAVE);
                    cluster.todo(Cluster.TODO_SAVE_CONFIG);
                } else if (!linkNode.id().equals(m.sender)) {
                    linkNode.flags |= NodeFlags.NOADDR;
                    linkNode.ip = "";
                    linkNode.port = 0;
                    linkNode.pport = 0;
                    linkNode.cport = 0;
                    link.close();
                    cluster.todo(Cluster.TODO_SAVE_CONFIG);
                    return;
                }
            }
            if (sender != null) {
                sender.flags = (sender.flags & ~NodeFlags.NOFAILOVER) | (m.flags & NodeFlags.NOFAILOVER);
            }
            if (sender != null && m.type == MessageType.PING && !sender.inHandshake()
                    && updateAddressIfNeeded(sender, link, m)) {
                cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
            }
            if (!link.inbound() && m.type == MessageType.PONG) {
                ClusterNode n = link.node();
                n.pongReceived = now;
                n.pingSent = 0;
                n.refusedSince = 0;
                if (n.timedOut()) {
                    n.flags &= ~NodeFlags.PFAIL;
                    cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
                } else if (n.failed()) {
                    clearFailureIfNeeded(n, now);
                }
            }
            if (sender != null && isLateDemotion(sender, m)) {
                cluster.log().notice("Ignoring a stale message from " + sender.id() + ": it claims to replicate "
                        + m.replicaOf + " with configEpoch " + m.configEpoch + ", older than its own " + sender.configEpoch);
                return;
            }
            if (sender != null) {
                updateRole(sender, m);
            }
            ClusterNode senderMaster = sender == null ? null : (sender.isMaster() ? sender : sender.master);
            boolean dirtySlots = senderMaster != null && !senderMaster.slots.sameAs(m.slots);
            if (sender != null && sender.isMaster() && dirtySlots) {
                SlotOwnership.updateWith(cluster, sender, senderConfigEpoch, new SlotBitmap(m.slots));
            }
            if (sender != null && dirtySlots) {
                informStaleSender(sender, senderConfigEpoch, new SlotBitmap(m.slots));
            }
            if (sender != null && me.isMaster() && sender.isMaster() && senderConfigEpoch == me.configEpoch) {
                handleConfigEpochCollision(sender);
            }
            if (sender != null) {
                processGossip(m, link);
                updateHostname(sender, m.hostname);
            }
        } else if (m.type == MessageType.FAIL) {
            if (sender != null) {
                ClusterNode failing = state.node(m.aboutNode);
                if (failing != null && !failing.failed() && !failing.isMyself()) {
                    cluster.log().notice("FAIL message received from " + m.sender + " about " + m.aboutNode);
                    failing.flags |= NodeFlags.FAIL;
                    failing.failTime = now;
                    failing.flags &= ~NodeFlags.PFAIL;
                    cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
                }
            } else {
                cluster.log().notice("Ignoring FAIL message from unknown node " + m.sender + " about " + m.aboutNode);
            }
        } else if (m.type == MessageType.PUBLISH || m.type == MessageType.PUBLISHSHARD) {
            if (sender != null) {
                cluster.hooks().deliverPublish(m.channel, m.message, m.type == MessageType.PUBLISHSHARD);
            }
        } else if (m.type == MessageType.UPDATE) {
            if (sender == null) {
                return;
            }
            ClusterNode n = state.node(m.aboutNode);
            if (n == null || Long.compareUnsigned(n.configEpoch, m.aboutConfigEpoch) >= 0) {
                return;
            }
            if (n.isReplica()) {
                state.setNodeAsMaster(n);
            }
            n.configEpoch = m.aboutConfigEpoch;
            cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
            SlotOwnership.updateWith(cluster, n, m.aboutConfigEpoch, new SlotBitmap(m.aboutSlots));
        } else if (m.type == MessageType.FAILOVER_AUTH_REQUEST) {
            if (sender != null) {
                cluster.failover().onAuthRequest(sender, m);
            }
        } else if (m.type == MessageType.FAILOVER_AUTH_ACK) {
            if (sender != null) {
                cluster.failover().onAuthAck(sender, m.currentEpoch);
            }
        } else if (m.type == MessageType.MFSTART) {
            if (sender != null) {
                cluster.failover().onManualFailoverStart(sender);
            }
        }
    }

    /** The node a message comes from: the link's node when known, else looked up by the sender id. */
    private ClusterNode senderOf(ClusterLink link, ClusterMessage m) {
        ClusterNode linkNode = link.node();
        if (linkNode != null && !linkNode.inHandshake()) {
            return linkNode;
        }
        ClusterNode sender = state.node(m.sender);
        if (sender != null && linkNode == null) {
            if (sender.inboundLink != null && sender.inboundLink != link) {
                sender.inboundLink.close();
            }
            sender.inboundLink = link;
            link.attach(sender);
        }
        return sender;
    }

    /**
     * A master claiming to replicate one of its own replicas, with a configEpoch older than its own: sent before
     * it won a failover and delivered late over its other link. Taking it would unbind the shard's slots.
     */
    private boolean isLateDemotion(ClusterNode sender, ClusterMessage m) {
        if (m.replicaOf == null || !sender.isMaster()) {
            return false;
        }
        ClusterNode claimedMaster = state.node(m.replicaOf);
        return claimedMaster != null && claimedMaster.master == sender
                && Long.compareUnsigned(sender.configEpoch, m.configEpoch) > 0;
    }

    private void updateRole(ClusterNode sender, ClusterMessage m) {
        if (m.replicaOf == null) {
            if (state.setNodeAsMaster(sender)) {
                cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
            }
            return;
        }
        ClusterNode master = state.node(m.replicaOf);
        if (sender.isMaster()) {
            state.deleteNodeSlots(sender);
            sender.flags &= ~(NodeFlags.MASTER | NodeFlags.MIGRATE_TO);
            sender.flags |= NodeFlags.SLAVE;
            cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
        }
        if (master != null && sender.master != master) {
            state.setReplicaOf(sender, master);
            cluster.todo(Cluster.TODO_SAVE_CONFIG);
        }
    }

    /** The sender claims slots that a node with a newer configEpoch owns: tell it with an UPDATE. */
    private void informStaleSender(ClusterNode sender, long senderConfigEpoch, SlotBitmap claimed) {
        for (int slot = claimed.nextSetExcept(sender.slots, 0); slot >= 0; slot = claimed.nextSetExcept(sender.slots, slot + 1)) {
            ClusterNode owner = state.slotOwner(slot);
            if (state.isUnclaimed(slot)) {
                continue;
            }
            if (Long.compareUnsigned(owner.configEpoch, senderConfigEpoch) > 0) {
                cluster.sendUpdate(sender.link, owner);
                return;
            }
        }
    }

    private void handleConfigEpochCollision(ClusterNode sender) {
        ClusterNode me = state.myself();
        if (sender.configEpoch != me.configEpoch || !sender.isMaster() || !me.isMaster()) {
            return;
        }
        // Only the node with the smaller id moves, so both sides agree who yields.
        if (sender.id().compareTo(me.id()) <= 0) {
            return;
        }
        state.currentEpoch++;
        me.configEpoch = state.currentEpoch;
        cluster.saveConfig();
        cluster.log().verbose("WARNING: configEpoch collision with node " + sender.id()
                + ". configEpoch set to " + me.configEpoch);
    }

    private void processGossip(ClusterMessage m, ClusterLink link) {
        ClusterNode sender = link.node() != null ? link.node() : state.node(m.sender);
        long now = cluster.now();
        long validity = FailureDetector.reportValidity(cluster);
        for (GossipEntry g : m.gossip) {
            ClusterNode node = state.node(g.nodeId());
            int flags = g.flags();
            boolean reportedDown = (flags & (NodeFlags.FAIL | NodeFlags.PFAIL)) != 0;
            if (node != null) {
                if (sender != null && sender.isMaster() && node != state.myself()) {
                    if (reportedDown) {
                        node.addFailureReport(sender, now);
                        FailureDetector.markFailingIfNeeded(cluster, node, now);
                    } else {
                        node.removeFailureReport(sender);
                    }
                }
                if (!reportedDown && node.pingSent == 0 && node.failureReportCount(now, validity) == 0) {
                    long pong = g.pongReceivedSeconds() * 1000;
                    if (pong <= now + 500 && pong > node.pongReceived) {
                        node.pongReceived = pong;
                    }
                }
                if ((node.failed() || node.timedOut()) && (flags & NodeFlags.NOADDR) == 0 && !reportedDown
                        && (!node.ip.equalsIgnoreCase(g.ip()) || node.port != g.port() || node.cport != g.cport())) {
                    if (node.link != null) {
                        node.link.close();
                    }
                    node.ip = g.ip();
                    node.port = g.port();
                    node.pport = g.pport();
                    node.cport = g.cport();
                    node.flags &= ~NodeFlags.NOADDR;
                }
            } else if (sender != null && (flags & NodeFlags.NOADDR) == 0 && !state.isBlacklisted(g.nodeId(), now)) {
                ClusterNode n = new ClusterNode(g.nodeId(), flags, now);
                n.ip = g.ip();
                n.port = g.port();
                n.pport = g.pport();
                n.cport = g.cport();
                state.addNode(n);
            }
        }
    }

    private void clearFailureIfNeeded(ClusterNode node, long now) {
        if (node.isReplica() || node.slotCount == 0) {
            cluster.log().notice("Clear FAIL state for node " + node.id() + ": "
                    + (node.isReplica() ? "replica" : "master without slots") + " is reachable again.");
            node.flags &= ~NodeFlags.FAIL;
            cluster.todo(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
        }
        if (node.isMaster() && node.slotCount > 0 && now - node.failTime > cluster.settings().nodeTimeout() * 2) {
            cluster.log().notice("Clear FAIL state for node " + node.id()
                    + ": is reachable again and nobody is serving its slots after some time.");
            node.flags &= ~NodeFlags.FAIL;
            cluster.todo(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
        }
    }

    /** The node's address changed (it restarted elsewhere): take the new one and reconnect. */
    private boolean updateAddressIfNeeded(ClusterNode node, ClusterLink link, ClusterMessage m) {
        if (link == node.link) {
            return false;
        }
        String ip = m.myIp.isEmpty() ? peerIp(link) : m.myIp;
        if (ip == null) {
            return false;
        }
        if (node.port == m.port && node.cport == m.cport && node.pport == m.pport && ip.equals(node.ip)) {
            return false;
        }
        node.ip = ip;
        node.port = m.port;
        node.pport = m.pport;
        node.cport = m.cport;
        if (node.link != null) {
            node.link.close();
        }
        node.flags &= ~NodeFlags.NOADDR;
        cluster.log().warning("Address updated for node " + node.id() + ", now " + node.ip + ":" + node.port);
        ClusterNode me = state.myself();
        if (me.isReplica() && me.master == node) {
            cluster.hooks().replicateFrom(node.ip, node.port);
        }
        return true;
    }

    private void updateHostname(ClusterNode node, String hostname) {
        String value = hostname == null ? "" : hostname;
        if (!value.equals(node.hostname)) {
            node.hostname = value;
            cluster.todo(Cluster.TODO_SAVE_CONFIG);
        }
    }

    private static String peerIp(ClusterLink link) {
        return link.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : null;
    }

    private static String localIp(ClusterLink link) {
        return link.channel().localAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : null;
    }
}

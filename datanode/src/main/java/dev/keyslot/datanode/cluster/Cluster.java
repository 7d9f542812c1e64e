package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.cluster.bus.ClusterBus;
import dev.keyslot.datanode.cluster.bus.ClusterLink;
import dev.keyslot.datanode.cluster.bus.ClusterMessage;
import dev.keyslot.datanode.cluster.bus.GossipEntry;
import dev.keyslot.datanode.cluster.bus.MessageType;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.server.Log;
import dev.keyslot.datanode.server.ReplyBarrier;
import dev.keyslot.datanode.tls.LinkSecurity;
import io.netty.channel.EventLoop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Cluster mode of the data node: owns the cluster state, the bus, nodes.conf and the cron, and builds the
 * bus messages. Everything runs on the command thread. Deferred work is flagged during an event: the state
 * is recomputed at the event's end, nodes.conf is saved once per event-loop pass before that pass's replies
 * leave (through the reply barrier), like Redis's clusterBeforeSleep.
 */
public final class Cluster {
    static final int TODO_UPDATE_STATE = 1;
    static final int TODO_SAVE_CONFIG = 2;
    /**
     * With TODO_SAVE_CONFIG: fsync the new nodes.conf. Asked, as Redis does, for changes a crash must not undo
     * (epochs, votes, slots taken by epoch); routine changes (SETSLOT, ADDSLOTS, gossip) are still written
     * atomically, but an fsync each made a 4096-slot rebalance spend minutes waiting on the disk.
     */
    static final int TODO_FSYNC_CONFIG = 4;
    /** A PONG to every peer once this pass's replies are written (a slot taken by SETSLOT NODE). */
    static final int TODO_BROADCAST_PONG = 8;

    private final ClusterState state = new ClusterState();
    private final ClusterSettings settings;
    private final Log log;
    private final LongSupplier clock;
    private final ClusterHooks hooks;
    private final NodesFile nodesFile;
    private final ClusterBus bus;
    private final PacketProcessor processor;
    private final ClusterCron cron;
    private final Failover failover;
    private final ReplicaMigration replicaMigration;
    private final HostnameResolution hostnameResolution;
    private final EventLoop loop;
    private final ReplyBarrier replyBarrier;
    private int todo;
    private long pingsSent;
    private long linksMemory;

    public Cluster(ServerConfig config, Log log, EventLoop loop, ReplyBarrier replyBarrier, ClusterHooks hooks,
            LongSupplier clock, LinkSecurity security) {
        this.settings = new ClusterSettings(config);
        config.onChange((option, value) -> {
            if (state.myself() != null) {
                announcedEndpointChanged(option, value);
            }
        });
        this.log = log;
        this.clock = clock;
        this.hooks = hooks;
        state.onServedSlotLost(hooks::servedSlotLost);
        this.loop = loop;
        this.replyBarrier = replyBarrier;
        replyBarrier.addSettler(this::beforeReplies);
        this.nodesFile = new NodesFile(settings.nodesFilePath());
        this.failover = new Failover(this);
        this.replicaMigration = new ReplicaMigration(this);
        this.hostnameResolution = new HostnameResolution(this, loop);
        this.processor = new PacketProcessor(this);
        this.cron = new ClusterCron(this);
        this.bus = new ClusterBus(loop, new ClusterBus.Handler() {
            @Override
            public void messageReceived(ClusterLink link, ClusterMessage message) {
                processor.process(link, message);
                afterEvent();
            }

            @Override
            public void outboundConnected(ClusterLink link) {
                onOutboundConnected(link);
                afterEvent();
            }

            @Override
            public void outboundRefused(ClusterLink link) {
                ClusterNode node = link.node();
                if (node.refusedSince == 0) {
                    node.refusedSince = now();
                }
            }
        }, clock, settings.tls() ? security : LinkSecurity.PLAIN);
    }

    /**
     * Loads nodes.conf or creates a new identity, binds the bus port and starts the cron. Called once,
     * off the command thread, before the cluster is visible to commands.
     */
    public void start(List<String> bindAddresses, EventLoop loop) throws IOException, InterruptedException,
            NodesFile.CorruptNodesFileException {
        long now = now();
        if (nodesFile.load(state, now)) {
            log.notice("Node configuration loaded, I'm " + state.myself().id());
        } else {
            ClusterNode me = new ClusterNode(ClusterState.randomNodeId(), NodeFlags.MYSELF | NodeFlags.MASTER, now);
            state.setMyself(me);
            log.notice("No cluster configuration found, I'm " + me.id());
            saveConfig();
        }
        ClusterNode me = state.myself();
        updateMyselfAnnouncedPorts();
        me.hostname = settings.announceHostname();
        if (!settings.announceIp().isEmpty()) {
            me.ip = settings.announceIp();
        } else if (!me.ip.isEmpty() && !bindsAnywhere(bindAddresses) && !bindAddresses.contains(me.ip)) {
            // Restarted on a new address (a rescheduled pod): forget the old one, the next PING tells the new.
            log.notice("This node's address " + me.ip + " is not among the bind addresses any more; "
                    + "learning the new one from the cluster");
            me.ip = "";
        }
        updateState();
        // From here on the state belongs to the command thread: bus events and the cron run there.
        bus.listen(bindAddresses, settings.busPort());
        loop.scheduleAtFixedRate(this::cronTick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Myself's ports as the cluster-announce-* options make them; CONFIG SET of one applies at once, as Redis. */
    private void updateMyselfAnnouncedPorts() {
        ClusterNode me = state.myself();
        me.port = settings.clientPort();
        me.pport = settings.plaintextPort();
        me.cport = settings.announcedBusPort();
    }

    private void announcedEndpointChanged(String option, String value) {
        switch (option) {
            case "cluster-announce-port", "cluster-announce-tls-port", "cluster-announce-bus-port" ->
                    updateMyselfAnnouncedPorts();
            case "cluster-announce-hostname" -> state.myself().hostname = value;
            // An emptied announce-ip lets the peers tell this node its address again, as Redis's autodetection.
            case "cluster-announce-ip" -> state.myself().ip = value;
            default -> {
            }
        }
    }

    private void cronTick() {
        try {
            cron.run();
            afterEvent();
        } catch (RuntimeException e) {
            // A failed tick must not cancel the schedule: the next tick retries from the current state.
            log.warning("Cluster cron failed: " + e);
        }
    }

    public void stop() {
        hostnameResolution.stop();
        bus.close();
        for (ClusterNode n : state.nodeList()) {
            if (n.link != null) {
                n.link.close();
            }
            if (n.inboundLink != null) {
                n.inboundLink.close();
            }
        }
    }

    /** DEBUG DROP-CLUSTER-PACKET-FILTER: received messages of this type are dropped unread; -1 for none. */
    public void dropReceivedPackets(long type) {
        processor.dropType = type;
    }

    /** DEBUG CLUSTERLINK KILL: closes node's links in the given direction ("to", "from" or "all"). */
    public void killLinks(ClusterNode node, boolean outbound, boolean inbound) {
        if (outbound && node.link != null) {
            node.link.close();
        }
        if (inbound && node.inboundLink != null) {
            node.inboundLink.close();
        }
    }

    public ClusterState state() {
        return state;
    }

    public ClusterSettings settings() {
        return settings;
    }

    /**
     * INFO mem_cluster_links, part of used_memory: the nodes' links and what their send buffers hold, as the
     * cron last added them up (Redis recomputes it in its cluster cron, not on every change).
     */
    public long linksMemory() {
        return linksMemory;
    }

    void countLinksMemory(long bytes) {
        linksMemory = bytes;
    }

    public ClusterBus bus() {
        return bus;
    }

    public ClusterHooks hooks() {
        return hooks;
    }

    Failover failover() {
        return failover;
    }

    /** Failover elections this node won (each made it a master). */
    public long electionsWon() {
        return failover.electionsWon();
    }

    /** Votes this node granted to replicas in failover elections. */
    public long votesGranted() {
        return failover.votesGranted();
    }

    ReplicaMigration replicaMigration() {
        return replicaMigration;
    }

    HostnameResolution hostnameResolution() {
        return hostnameResolution;
    }

    public Log log() {
        return log;
    }

    public ClusterNode myself() {
        return state.myself();
    }

    public long now() {
        return clock.getAsLong();
    }

    void todo(int flags) {
        todo |= flags;
        if ((flags & (TODO_SAVE_CONFIG | TODO_BROADCAST_PONG)) != 0) {
            replyBarrier.arm();
        }
    }

    /** Ends an event: recomputes the state if it changed; nodes.conf waits for the end of the pass. */
    public void afterEvent() {
        if ((todo & TODO_UPDATE_STATE) != 0) {
            todo &= ~TODO_UPDATE_STATE;
            updateState();
        }
    }

    /**
     * Once per event-loop pass that changed the configuration, before the pass's replies are written: one
     * nodes.conf save however many commands and bus messages changed it, so a reply still never acknowledges
     * a change that is not in the file. A lone fsync request waits for the next save.
     */
    private void beforeReplies() {
        int flags = todo;
        todo = (flags & TODO_SAVE_CONFIG) == 0 ? flags & TODO_FSYNC_CONFIG : 0;
        if ((flags & TODO_UPDATE_STATE) != 0) {
            updateState();
        }
        if ((flags & TODO_SAVE_CONFIG) != 0) {
            saveConfig((flags & TODO_FSYNC_CONFIG) != 0);
        }
        if ((flags & TODO_BROADCAST_PONG) != 0) {
            // Queued behind this task, which writes the held replies first.
            loop.execute(() -> broadcastPong(false));
        }
    }

    /**
     * After an administrative change (CLUSTER SETSLOT, ADDSLOTS, FORGET, REPLICATE...): recompute the state and
     * rewrite nodes.conf (before the reply leaves) without waiting for fsync, like Redis, so that a resharding
     * is not paced by the disk.
     */
    public void updateStateAndSave() {
        todo(TODO_UPDATE_STATE | TODO_SAVE_CONFIG);
        afterEvent();
    }

    /** The next nodes.conf save is fsynced too: for changes Redis makes durable at once (a role change by SETSLOT). */
    public void fsyncNextSave() {
        todo(TODO_FSYNC_CONFIG);
    }

    /** CLUSTER RESET: become an empty master knowing no other node; HARD also takes a new id and epochs 0. */
    public void reset(boolean hard) {
        ClusterNode me = state.myself();
        if (me.isReplica()) {
            state.setNodeAsMaster(me);
            hooks.stopReplicating();
        }
        failover.reset();
        state.closeAllSlots();
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            state.deleteSlot(slot);
        }
        for (ClusterNode n : state.nodeList()) {
            if (n != me) {
                state.deleteNode(n);
            }
        }
        if (hard) {
            state.currentEpoch = 0;
            state.lastVoteEpoch = 0;
            me.configEpoch = 0;
            log.warning("configEpoch set to 0 via CLUSTER RESET HARD");
            state.renameNode(me, ClusterState.randomNodeId());
            log.notice("Node hard reset, now I'm " + me.id());
        }
        todo(TODO_FSYNC_CONFIG);
        updateStateAndSave();
    }

    /** Persists nodes.conf now, with an fsync; a failure is fatal in Redis, here it is logged loudly. */
    public void saveConfig() {
        saveConfig(true);
    }

    private void saveConfig(boolean fsync) {
        try {
            nodesFile.save(state, fsync);
        } catch (IOException e) {
            log.warning("Could not save the cluster configuration " + nodesFile.path() + ": " + e.getMessage());
        }
    }

    private long firstStateCall;
    private long amongMinoritySince;

    /** Redis's clusterUpdateState: OK when every slot is served by a reachable master and we see a majority. */
    void updateState() {
        long now = now();
        if (firstStateCall == 0) {
            firstStateCall = now;
        }
        ClusterNode me = state.myself();
        if (me.isMaster() && state.state == ClusterState.FAIL && now - firstStateCall < 2000) {
            return;
        }
        int newState = ClusterState.OK;
        if (settings.requireFullCoverage() && !state.everySlotServed()) {
            newState = ClusterState.FAIL;
        }
        int size = 0;
        int reachable = 0;
        for (ClusterNode n : state.nodes()) {
            if (n.isMaster() && n.slotCount > 0) {
                size++;
                if (!n.failed() && !n.timedOut()) {
                    reachable++;
                }
            }
        }
        state.size = size;
        if (reachable < size / 2 + 1) {
            newState = ClusterState.FAIL;
            amongMinoritySince = now;
        }
        if (newState != state.state) {
            long rejoinDelay = Math.max(500, Math.min(5000, settings.nodeTimeout()));
            if (newState == ClusterState.OK && me.isMaster() && now - amongMinoritySince < rejoinDelay) {
                return;
            }
            log.warning("Cluster state changed: " + (newState == ClusterState.OK ? "ok" : "fail"));
            state.state = newState;
        }
    }

    /** Starts meeting a node at ip:port (bus port cport); false when the address is invalid or in progress. */
    public boolean startHandshake(String ip, int port, int cport) {
        if (port <= 0 || port > 65535 || cport <= 0 || cport > 65535) {
            return false;
        }
        String normalised;
        try {
            java.net.InetAddress address = java.net.InetAddress.getByName(ip);
            if (!ip.equalsIgnoreCase(address.getHostAddress()) && !isIpLiteral(ip)) {
                return false;
            }
            normalised = address.getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        if (state.handshakeInProgress(normalised, port, cport)) {
            return false;
        }
        ClusterNode n = new ClusterNode(ClusterState.randomNodeId(), NodeFlags.HANDSHAKE | NodeFlags.MEET, now());
        n.ip = normalised;
        n.port = port;
        n.cport = cport;
        state.addNode(n);
        return true;
    }

    private static boolean bindsAnywhere(List<String> bindAddresses) {
        for (String address : bindAddresses) {
            try {
                if (java.net.InetAddress.getByName(address).isAnyLocalAddress()) {
                    return true;
                }
            } catch (java.net.UnknownHostException e) {
                return true;
            }
        }
        return bindAddresses.isEmpty();
    }

    private static boolean isIpLiteral(String ip) {
        return ip.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }

    private void onOutboundConnected(ClusterLink link) {
        ClusterNode node = link.node();
        node.refusedSince = 0;
        long oldPingSent = node.pingSent;
        sendPing(link, node.is(NodeFlags.MEET) ? MessageType.MEET : MessageType.PING);
        if (oldPingSent != 0) {
            node.pingSent = oldPingSent;
        }
        node.flags &= ~NodeFlags.MEET;
    }

    /** The common header of every message we send (clusterBuildMessageHdr). */
    ClusterMessage header(int type) {
        ClusterNode me = state.myself();
        ClusterNode master = me.isReplica() && me.master != null ? me.master : me;
        ClusterMessage m = new ClusterMessage();
        m.type = type;
        m.sender = me.id();
        m.myIp = settings.announceIp();
        m.slots = master.slots.bytes().clone();
        m.replicaOf = me.master != null ? me.master.id() : null;
        m.port = settings.clientPort();
        m.pport = settings.plaintextPort();
        m.cport = settings.announcedBusPort();
        m.flags = me.flags;
        m.state = state.state;
        m.currentEpoch = state.currentEpoch;
        m.configEpoch = master.configEpoch;
        m.offset = hooks.replicationOffset();
        if (failover.pausedForManualFailover()) {
            m.mflags0 |= ClusterMessage.FLAG0_PAUSED;
        }
        return m;
    }

    /** A PING, PONG or MEET with a gossip section about some other nodes and every PFAIL node. */
    void sendPing(ClusterLink link, int type) {
        pingsSent++;
        List<ClusterNode> all = state.nodeList();
        int freshNodes = all.size() - 2;
        int wanted = Math.max(3, all.size() / 10);
        wanted = Math.min(wanted, freshNodes);
        if (!link.inbound() && type == MessageType.PING) {
            link.node().pingSent = now();
        }
        ClusterMessage m = header(type);
        m.hostname = state.myself().hostname;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int maxIterations = wanted * 3;
        while (freshNodes > 0 && m.gossip.size() < wanted && maxIterations-- > 0) {
            ClusterNode n = all.get(rnd.nextInt(all.size()));
            if (n.isMyself() || n.timedOut()) {
                continue;
            }
            if (n.is(NodeFlags.HANDSHAKE) || n.is(NodeFlags.NOADDR) || (n.link == null && n.slotCount == 0)) {
                freshNodes--;
                continue;
            }
            if (n.lastInPingGossip == pingsSent) {
                continue;
            }
            m.gossip.add(gossipEntry(n));
            n.lastInPingGossip = pingsSent;
            freshNodes--;
        }
        for (ClusterNode n : all) {
            if (n.timedOut() && !n.is(NodeFlags.HANDSHAKE) && !n.is(NodeFlags.NOADDR)) {
                m.gossip.add(gossipEntry(n));
            }
        }
        link.send(m);
    }

    private static GossipEntry gossipEntry(ClusterNode n) {
        return new GossipEntry(n.id(), n.pingSent / 1000, n.pongReceived / 1000, n.ip, n.port, n.cport, n.flags, n.pport);
    }

    /** Sends a PONG to every connected node (to spread a configuration change at once). */
    public void broadcastPong(boolean localReplicasOnly) {
        ClusterNode me = state.myself();
        for (ClusterNode n : state.nodeList()) {
            if (n.link == null || n.isMyself() || n.inHandshake()) {
                continue;
            }
            if (localReplicasOnly) {
                boolean localReplica = n.isReplica() && n.master != null && (n.master == me || n.master == me.master);
                if (!localReplica) {
                    continue;
                }
            }
            sendPing(n.link, MessageType.PONG);
        }
    }

    /**
     * Like broadcastPong(false), but once the replies of this pass are written: Redis sends bus messages after
     * its beforeSleep wrote the replies, and a PONG sent first wakes every peer (whose nodes.conf save it
     * triggers) before the command's client hears back.
     */
    public void broadcastPongAfterReplies() {
        todo(TODO_BROADCAST_PONG);
    }

    void broadcast(ClusterMessage m) {
        for (ClusterNode n : state.nodeList()) {
            if (n.link == null || n.isMyself() || n.inHandshake()) {
                continue;
            }
            n.link.send(m);
        }
    }

    void sendFail(String nodeId) {
        ClusterMessage m = header(MessageType.FAIL);
        m.aboutNode = nodeId;
        broadcast(m);
    }

    void sendUpdate(ClusterLink link, ClusterNode about) {
        if (link == null) {
            return;
        }
        ClusterMessage m = header(MessageType.UPDATE);
        m.aboutNode = about.id();
        m.aboutConfigEpoch = about.configEpoch;
        m.aboutSlots = about.slots.bytes().clone();
        link.send(m);
    }

    /** Propagates a PUBLISH (to all nodes) or SPUBLISH (to the shard's nodes) over the bus. */
    public void propagatePublish(byte[] channel, byte[] message, boolean sharded) {
        ClusterMessage m = header(sharded ? MessageType.PUBLISHSHARD : MessageType.PUBLISH);
        m.channel = channel;
        m.message = message;
        if (!sharded) {
            broadcast(m);
            return;
        }
        ClusterNode me = state.myself();
        ClusterNode master = me.isReplica() && me.master != null ? me.master : me;
        List<ClusterNode> shard = new ArrayList<>(master.replicas);
        shard.add(master);
        for (ClusterNode n : shard) {
            if (n != me && n.link != null) {
                n.link.send(m);
            }
        }
    }

    /** Makes this node a replica of master (CLUSTER REPLICATE, or after losing our slots). */
    public void setMyMaster(ClusterNode master) {
        ClusterNode me = state.myself();
        if (me.isMaster()) {
            me.flags &= ~(NodeFlags.MASTER | NodeFlags.MIGRATE_TO);
            me.flags |= NodeFlags.SLAVE;
            state.closeAllSlots();
        }
        state.setReplicaOf(me, master);
        failover.reset();
        hooks.replicateFrom(master.ip, master.port);
    }

    /**
     * CLUSTER FAILOVER [FORCE|TAKEOVER] on this replica; null when started, else the error to reply.
     */
    public String startManualFailover(boolean force, boolean takeover) {
        ClusterNode me = state.myself();
        if (me.isMaster()) {
            return "ERR You should send CLUSTER FAILOVER to a replica";
        }
        if (me.master == null) {
            return "ERR I'm a replica but my master is unknown to me";
        }
        if (!force && (me.master.failed() || me.master.link == null)) {
            return "ERR Master is down or failed, please use CLUSTER FAILOVER FORCE";
        }
        failover.startManual(force, takeover);
        afterEvent();
        return null;
    }

    /** Raises our configEpoch above every known epoch without agreement (CLUSTER BUMPEPOCH, takeover). */
    public boolean bumpConfigEpochWithoutConsensus() {
        long max = state.maxConfigEpoch();
        ClusterNode me = state.myself();
        if (me.configEpoch == 0 || me.configEpoch != max) {
            state.currentEpoch++;
            me.configEpoch = state.currentEpoch;
            todo(TODO_SAVE_CONFIG | TODO_FSYNC_CONFIG);
            return true;
        }
        return false;
    }
}

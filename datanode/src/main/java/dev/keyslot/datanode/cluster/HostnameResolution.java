package dev.keyslot.datanode.cluster;

import io.netty.channel.EventLoop;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Beyond Redis 7.0: a peer that announces a hostname (cluster-announce-hostname) and stops answering at its
 * last address is looked up again by name, and reached at the new address if the name now points elsewhere.
 * So when every pod of a cluster restarts at once with new IPs, the nodes find each other again from their
 * nodes.conf and stable hostnames, with nobody left to tell them the new addresses. Lookups may block on
 * DNS, so they run on a thread of their own and the answer is applied on the command thread.
 */
final class HostnameResolution {
    /** How long a node may stay silent before its name is looked up again, and how often at most. */
    private static final long SILENCE_BEFORE_LOOKUP_MILLIS = 1000;

    private final Cluster cluster;
    private final EventLoop commandLoop;
    private final Set<ClusterNode> inFlight = new HashSet<>();
    private ExecutorService resolver;

    HostnameResolution(Cluster cluster, EventLoop commandLoop) {
        this.cluster = cluster;
        this.commandLoop = commandLoop;
    }

    /** Cron work: look up the names of silent peers. */
    void cron() {
        long now = cluster.now();
        for (ClusterNode node : cluster.state().nodes()) {
            if (node.isMyself() || node.hostname.isEmpty() || node.inHandshake() || inFlight.contains(node)) {
                continue;
            }
            boolean silent = node.pingSent != 0 && now - node.pingSent > SILENCE_BEFORE_LOOKUP_MILLIS;
            if (silent && now - node.lastHostnameLookup > SILENCE_BEFORE_LOOKUP_MILLIS) {
                node.lastHostnameLookup = now;
                inFlight.add(node);
                lookup(node, node.hostname);
            }
        }
    }

    private void lookup(ClusterNode node, String hostname) {
        if (resolver == null) {
            resolver = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "keyslot-cluster-resolver");
                t.setDaemon(true);
                return t;
            });
        }
        resolver.execute(() -> {
            String ip;
            try {
                ip = InetAddress.getByName(hostname).getHostAddress();
            } catch (UnknownHostException e) {
                ip = null;
            }
            String resolved = ip;
            commandLoop.execute(() -> apply(node, hostname, resolved));
        });
    }

    private void apply(ClusterNode node, String hostname, String ip) {
        inFlight.remove(node);
        if (ip == null) {
            cluster.log().verbose("Hostname " + hostname + " of node " + node.id() + " does not resolve");
            return;
        }
        boolean stillKnown = cluster.state().node(node.id()) == node;
        if (!stillKnown || ip.equals(node.ip) || !hostname.equals(node.hostname) || node.pingSent == 0) {
            return;
        }
        cluster.log().notice("Node " + node.id() + " (" + hostname + ") moved from " + node.ip + " to " + ip
                + ": reconnecting at the new address");
        node.ip = ip;
        node.flags &= ~NodeFlags.NOADDR;
        if (node.link != null) {
            node.link.close();
        }
        cluster.todo(Cluster.TODO_SAVE_CONFIG);
        cluster.afterEvent();
    }

    void stop() {
        if (resolver != null) {
            resolver.shutdownNow();
        }
    }
}

package dev.keyslot.operator.simulator;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pod network that can be partitioned, without netfilter. Every pod keeps its public pod IP (what the operator,
 * clients and the other nodes use), but its process listens on a private address with the same host number and
 * connects out from it (bind, bind-source-addr), announcing the pod IP (cluster-announce-ip). A {@link TcpRelay}
 * on the pod IP's client and bus ports forwards to the private address, and tells pods apart by the private
 * source address of each connection, so it can refuse and cut the traffic between the two sides of a partition.
 * Connections from anywhere else (the operator and test clients, from 127.0.0.1) always pass.
 */
public final class SimulatedNetwork implements AutoCloseable {
    private static final int[] PORTS = {6379, 16379};

    private final String privatePrefix;
    private final Map<InetAddress, String> podsByPrivateAddress = new ConcurrentHashMap<>();
    private final Map<InetAddress, String> podsByPublicAddress = new ConcurrentHashMap<>();
    private final TcpRelay relay = new TcpRelay(this::allows);
    private volatile Set<String> isolated = Set.of();

    /** @param privatePrefix the /24 of private addresses, e.g. "127.0.136."; host numbers follow the pod IPs' */
    public SimulatedNetwork(String privatePrefix) {
        this.privatePrefix = privatePrefix.endsWith(".") ? privatePrefix : privatePrefix + ".";
    }

    /** Connects a pod starting at {@code publicIp}; returns the private address its process must use. */
    String attach(String pod, String publicIp) {
        String privateIp = privatePrefix + publicIp.substring(publicIp.lastIndexOf('.') + 1);
        InetAddress publicAddress = address(publicIp);
        InetAddress privateAddress = address(privateIp);
        podsByPublicAddress.put(publicAddress, pod);
        podsByPrivateAddress.put(privateAddress, pod);
        for (int port : PORTS) {
            relay.forward(new InetSocketAddress(publicAddress, port), new InetSocketAddress(privateAddress, port));
        }
        return privateIp;
    }

    /** Disconnects a pod whose process stopped: its pod IP may go to another pod. */
    void detach(String publicIp) {
        InetAddress publicAddress = address(publicIp);
        relay.stopForwarding(publicAddress);
        podsByPublicAddress.remove(publicAddress);
        String host = publicIp.substring(publicIp.lastIndexOf('.') + 1);
        podsByPrivateAddress.remove(address(privatePrefix + host));
    }

    /** Cuts {@code pods} off from every other pod, both ways, until {@link #heal()}; returns the connections cut. */
    public int isolate(Collection<String> pods) {
        isolated = Set.copyOf(pods);
        return relay.enforce();
    }

    /** Ends the partition: pods reach each other again. */
    public void heal() {
        isolated = Set.of();
    }

    private boolean allows(InetAddress source, InetSocketAddress listened) {
        String from = podsByPrivateAddress.get(source);
        String to = podsByPublicAddress.get(listened.getAddress());
        if (from == null || to == null) {
            return true;
        }
        return isolated.contains(from) == isolated.contains(to);
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }

    @Override
    public void close() {
        relay.close();
    }
}

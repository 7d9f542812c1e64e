package dev.keyslot.operator.admin;

/** Where a node accepts clients. */
public record NodeAddress(String host, int port) {
    public static final int CLIENT_PORT = 6379;

    public static NodeAddress of(String host) {
        return new NodeAddress(host, CLIENT_PORT);
    }

    /** Parses "host:port" and CLUSTER NODES' "host:port@busport". */
    public static NodeAddress parse(String text) {
        String hostPort = text.contains("@") ? text.substring(0, text.indexOf('@')) : text;
        int colon = hostPort.lastIndexOf(':');
        return new NodeAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}

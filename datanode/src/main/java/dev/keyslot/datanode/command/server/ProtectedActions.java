package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.server.Client;

import java.net.InetSocketAddress;

/**
 * enable-debug-command / enable-module-command / enable-protected-configs: "yes", "no", or "local" (loopback
 * connections only).
 */
final class ProtectedActions {
    private ProtectedActions() {
    }

    static boolean allowed(String mode, Client c) {
        if (mode.equals("yes")) {
            return true;
        }
        return mode.equals("local") && c.channel() != null
                && c.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress().isLoopbackAddress();
    }
}

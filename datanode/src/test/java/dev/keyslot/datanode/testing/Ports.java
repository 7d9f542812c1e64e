package dev.keyslot.datanode.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Free ports and readiness waits for servers started by tests; every wait is bounded. */
public final class Ports {
    private Ports() {
    }

    /**
     * A free port whose cluster bus port (port + 10000) is free too, so any server a test starts may
     * enable cluster mode.
     */
    public static int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ephemeral();
            if (port + 10000 <= 65535 && available(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair (p, p+10000) found");
    }

    private static int ephemeral() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean available(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void awaitListening(String host, int port, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("nothing listening on " + host + ":" + port + " after " + timeoutMillis + " ms");
    }
}

package dev.keyslot.datanode.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** Free ports and readiness waits for servers started by tests; every wait is bounded. */
public final class Ports {
    private Ports() {
    }

    /*
     * Ports are handed out below Linux's ephemeral range (32768 and up), bus port included: a port picked from
     * that range can be taken by any outgoing connection of a parallel test between the pick and the server's
     * bind. Each surefire fork gets its own block, so forks never pick the same port.
     */
    private static final int FIRST_PORT = 11000;
    private static final int LAST_PORT = 21999;
    private static final int FORK_BLOCKS = 4;
    private static final int BLOCK_SIZE = (LAST_PORT - FIRST_PORT + 1) / FORK_BLOCKS;
    private static final int BLOCK_START =
            FIRST_PORT + (Math.floorMod(Integer.getInteger("keyslot.test.fork", 1) - 1, FORK_BLOCKS)) * BLOCK_SIZE;
    private static final AtomicInteger NEXT = new AtomicInteger();

    /**
     * A free port whose cluster bus port (port + 10000) is free too, so any server a test starts may
     * enable cluster mode.
     */
    public static int free() {
        for (int attempt = 0; attempt < BLOCK_SIZE; attempt++) {
            int port = BLOCK_START + Math.floorMod(NEXT.getAndIncrement(), BLOCK_SIZE);
            if (available(port) && available(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair (p, p+10000) in " + BLOCK_START + "-"
                + (BLOCK_START + BLOCK_SIZE - 1));
    }

    private static boolean available(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
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

package dev.keyslot.operator.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay behind the simulated network: relays both ways, refuses and cuts blocked sources, and heals. */
class TcpRelayTest {
    private static final String RELAY = "127.0.136.1";
    private static final String TARGET = "127.0.136.2";
    private static final String CLIENT_A = "127.0.136.3";
    private static final String CLIENT_B = "127.0.136.4";

    private final Set<InetAddress> blocked = ConcurrentHashMap.newKeySet();
    private ServerSocket echo;
    private TcpRelay relay;
    private InetSocketAddress relayAddress;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket();
        echo.bind(new InetSocketAddress(TARGET, 0));
        Thread acceptor = new Thread(this::serveEcho, "echo");
        acceptor.setDaemon(true);
        acceptor.start();
        relay = new TcpRelay((source, listened) -> !blocked.contains(source));
        relayAddress = new InetSocketAddress(RELAY, echo.getLocalPort());
        relay.forward(relayAddress, (InetSocketAddress) echo.getLocalSocketAddress());
    }

    @AfterEach
    void stop() throws IOException {
        relay.close();
        echo.close();
    }

    private void serveEcho() {
        while (!echo.isClosed()) {
            try {
                Socket socket = echo.accept();
                Thread t = new Thread(() -> {
                    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // the peer went away: nothing more to echo
                    }
                }, "echo-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private Socket connectFrom(String source) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(relayAddress, 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static boolean echoes(Socket socket, byte[] data) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        Thread writer = new Thread(() -> {
            try {
                out.write(data);
                out.flush();
            } catch (IOException e) {
                // the read side reports the failure
            }
        }, "echo-writer");
        writer.start();
        byte[] back = in.readNBytes(data.length);
        return Arrays.equals(back, data);
    }

    /** True when the relay ended the connection: end of stream or a reset. */
    private static boolean closedByRelay(Socket socket) throws IOException {
        try {
            socket.getOutputStream().write(1);
            return socket.getInputStream().read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    @Test
    void relaysLargeTransfersBothWays() throws IOException {
        byte[] data = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(data);
        try (Socket a = connectFrom(CLIENT_A)) {
            assertThat(echoes(a, data)).isTrue();
            assertThat(relay.connections()).isEqualTo(1);
        }
    }

    @Test
    void cutsAndRefusesBlockedSourcesOnlyAndHeals() throws IOException {
        try (Socket a = connectFrom(CLIENT_A); Socket b = connectFrom(CLIENT_B)) {
            assertThat(echoes(a, "a1".getBytes())).isTrue();
            assertThat(echoes(b, "b1".getBytes())).isTrue();

            blocked.add(InetAddress.getByName(CLIENT_A));
            assertThat(relay.enforce()).isEqualTo(1);
            assertThat(closedByRelay(a)).isTrue();
            assertThat(echoes(b, "b2".getBytes())).isTrue();
            try (Socket refused = connectFrom(CLIENT_A)) {
                assertThat(closedByRelay(refused)).isTrue();
            }

            blocked.clear();
            assertThat(relay.enforce()).isZero();
            try (Socket again = connectFrom(CLIENT_A)) {
                assertThat(echoes(again, "a2".getBytes())).isTrue();
            }
            assertThat(echoes(b, "b3".getBytes())).isTrue();
        }
    }

    @Test
    void stopForwardingClosesTheListenerAndItsConnections() throws IOException {
        try (Socket a = connectFrom(CLIENT_A)) {
            assertThat(echoes(a, "x".getBytes())).isTrue();
            relay.stopForwarding(InetAddress.getByName(RELAY));
            assertThat(closedByRelay(a)).isTrue();
            assertThat(relay.connections()).isZero();
        }
    }
}

package dev.keyslot.datanode.protocol;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws random and mutated requests at the data node. Whatever arrives, the server must keep serving
 * other clients correctly and must not buffer what a malformed header merely declares.
 */
class ProtocolFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261125L);
    private static final int ROUNDS = 400;
    private static EmbeddedDataNode node;

    @BeforeAll
    static void start() {
        node = EmbeddedDataNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void randomInputNeverDisturbsOtherClients() throws Exception {
        Random random = new Random(SEED);
        try (RawConnection canary = new RawConnection(node.host(), node.port())) {
            for (int round = 0; round < ROUNDS; round++) {
                byte[] input = random.nextBoolean() ? randomBytes(random) : mutatedRequest(random);
                sendAndDrain(input);
                if (round % 20 == 0) {
                    String key = "canary:" + round;
                    assertThat(canary.callString("SET", key, "v" + round)).as("seed %d round %d", SEED, round)
                            .isEqualTo("+OK\r\n");
                    assertThat(canary.callString("GET", key)).isEqualTo("$" + ("v" + round).length() + "\r\nv" + round + "\r\n");
                }
            }
            assertThat(canary.callString("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void declaredLengthsAreNotAllocatedUpFront() throws Exception {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        Socket[] sockets = new Socket[50];
        try {
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = new Socket();
                sockets[i].connect(new InetSocketAddress(node.host(), node.port()), 2000);
                // A valid header declaring a 500 MB bulk, then nothing: the server must wait, not allocate.
                sockets[i].getOutputStream().write("*2\r\n$3\r\nGET\r\n$500000000\r\nab".getBytes(StandardCharsets.US_ASCII));
                sockets[i].getOutputStream().flush();
            }
            try (RawConnection canary = new RawConnection(node.host(), node.port())) {
                assertThat(canary.callString("PING")).isEqualTo("+PONG\r\n");
            }
            System.gc();
            long after = rt.totalMemory() - rt.freeMemory();
            assertThat(after - before).as("heap growth with 50 clients declaring 500 MB bulks")
                    .isLessThan(200L * 1024 * 1024);
        } finally {
            for (Socket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    private static void sendAndDrain(byte[] input) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(node.host(), node.port()), 2000);
            s.setSoTimeout(50);
            OutputStream out = s.getOutputStream();
            out.write(input);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                while (in.read(buf) > 0) {
                    // Drain whatever the server answered until it closes or goes quiet.
                }
            } catch (IOException quiet) {
                // A read timeout means the server is waiting for more input: fine.
            }
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[1 + random.nextInt(300)];
        random.nextBytes(b);
        if (random.nextInt(4) == 0) {
            b[0] = (byte) "*$+-:".charAt(random.nextInt(5));
        }
        return b;
    }

    private static final String[] COMMANDS = {"SET", "GET", "DEL", "PING", "ECHO", "EXISTS", "INCR", "SELECT"};

    private static byte[] mutatedRequest(Random random) {
        String cmd = COMMANDS[random.nextInt(COMMANDS.length)];
        byte[] valid = RawConnection.encode(cmd, "key" + random.nextInt(10), "value" + random.nextInt(1000));
        byte[] mutated = valid.clone();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            int pos = random.nextInt(mutated.length);
            switch (random.nextInt(4)) {
                case 0 -> mutated[pos] = (byte) random.nextInt(256);
                case 1 -> mutated[pos] = (byte) "0123456789-*$\r\n".charAt(random.nextInt(15));
                case 2 -> mutated = java.util.Arrays.copyOf(mutated, pos + 1);
                default -> mutated[pos] = '9';
            }
        }
        return mutated;
    }
}

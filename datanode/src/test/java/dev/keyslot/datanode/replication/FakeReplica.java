package dev.keyslot.datanode.replication;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test replica speaking the protocol by hand: PSYNC, skips the snapshot (either transfer form), then reads
 * the command stream as "db command args..." lines, so the streams of two masters can be compared.
 */
final class FakeReplica implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int db = -1;
    String replid;
    long offset;
    /** Bytes of stream read after the snapshot: the replica's processed offset is offset + this. */
    long streamBytes;

    FakeReplica(String host, int port, boolean capaEof) throws IOException {
        this(host, port, capaEof, true);
    }

    /** With acknowledges false it never sends REPLCONF ACK: a master keeps waiting for the first one. */
    FakeReplica(String host, int port, boolean capaEof, boolean acknowledges) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(15000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        if (capaEof) {
            send("REPLCONF", "capa", "eof", "capa", "psync2");
            expectLine("+OK");
        }
        send("PSYNC", "?", "-1");
        String line = line();
        while (line.isEmpty()) {
            line = line();
        }
        if (!line.startsWith("+FULLRESYNC")) {
            throw new IOException("unexpected PSYNC reply " + line);
        }
        String[] parts = line.split(" ");
        replid = parts[1];
        offset = Long.parseLong(parts[2]);
        skipSnapshot();
        if (capaEof && acknowledges) {
            // Like a real replica, acknowledge every so often: a master that was still finishing the
            // transfer when the first ACK came ignores it and starts the stream on a later one.
            Thread acks = new Thread(this::acknowledgeRegularly, "fake-replica-acks");
            acks.setDaemon(true);
            acks.start();
        }
    }

    private void acknowledgeRegularly() {
        try {
            while (!socket.isClosed()) {
                ack(offset);
                Thread.sleep(300);
            }
        } catch (IOException | InterruptedException e) {
            // Closed.
        }
    }

    private void skipSnapshot() throws IOException {
        String header = line();
        while (header.isEmpty()) {
            header = line();
        }
        if (header.startsWith("$EOF:")) {
            byte[] mark = header.substring(5).getBytes(StandardCharsets.ISO_8859_1);
            byte[] window = new byte[mark.length];
            int seen = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("snapshot cut");
                }
                System.arraycopy(window, 1, window, 0, window.length - 1);
                window[window.length - 1] = (byte) b;
                seen++;
                if (seen >= mark.length && java.util.Arrays.equals(window, mark)) {
                    return;
                }
            }
        }
        long length = Long.parseLong(header.substring(1));
        in.skipNBytes(length);
    }

    void ack(long processed) throws IOException {
        send("REPLCONF", "ACK", Long.toString(processed));
    }

    synchronized void send(String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.ISO_8859_1);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(bytes);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(b.toByteArray());
        out.flush();
    }

    private void expectLine(String expected) throws IOException {
        String line = line();
        if (!line.equals(expected)) {
            throw new IOException("expected " + expected + ", got " + line);
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            sb.append((char) b);
        }
        streamBytes += sb.length() + 1;
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
    }

    /** The next command of the stream, SELECTs folded into the database number. */
    String next() throws IOException {
        while (true) {
            String header = line();
            int count = Integer.parseInt(header.substring(1));
            List<String> words = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int length = Integer.parseInt(line().substring(1));
                byte[] arg = in.readNBytes(length);
                in.skipNBytes(2);
                streamBytes += length + 2;
                words.add(new String(arg, StandardCharsets.ISO_8859_1));
            }
            if (words.get(0).equalsIgnoreCase("select")) {
                db = Integer.parseInt(words.get(1));
                continue;
            }
            return db + " " + String.join(" ", words);
        }
    }

    /** The commands up to (not including) the fence command the test wrote last; PINGs and ACK requests skipped. */
    List<String> until(String fence) throws IOException {
        List<String> commands = new ArrayList<>();
        while (true) {
            String c = next();
            if (c.endsWith(fence)) {
                return commands;
            }
            String name = c.substring(c.indexOf(' ') + 1).toUpperCase();
            if (!name.equals("PING") && !name.startsWith("REPLCONF ")) {
                commands.add(c);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

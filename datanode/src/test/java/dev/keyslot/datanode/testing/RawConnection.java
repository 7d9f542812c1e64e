package dev.keyslot.datanode.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain socket speaking RESP, returning each reply as its exact bytes so tests can compare the data
 * node's wire output with redis-server's byte for byte.
 */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawConnection(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5000);
            // Generous: a node on a loaded CI machine may take seconds to answer; only failing tests wait it out.
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to " + host + ":" + port, e);
        }
    }

    /** How long a read may wait (30 s unless changed). */
    public void setReadTimeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Encodes a command as a RESP multibulk request. */
    public static byte[] encode(byte[]... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    public static byte[] encode(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return encode(bytes);
    }

    public void send(byte[] raw) {
        try {
            out.write(raw);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one command and returns its reply bytes. */
    public byte[] call(String... args) {
        send(encode(args));
        return readReply();
    }

    public String callString(String... args) {
        return new String(call(args), StandardCharsets.UTF_8);
    }

    /** CONFIG SET of option/value pairs on a new connection to host:port; the reply as text. */
    public static String configSet(String host, int port, String... pairs) {
        String[] args = new String[pairs.length + 2];
        args[0] = "CONFIG";
        args[1] = "SET";
        System.arraycopy(pairs, 0, args, 2, pairs.length);
        try (RawConnection c = new RawConnection(host, port)) {
            return c.callString(args);
        }
    }

    /** The next reply (to a request sent earlier) as text. */
    public String readReplyString() {
        return new String(readReply(), StandardCharsets.UTF_8);
    }

    /**
     * The next reply as text after any bare newlines before it: a master sends those to a replica that waits
     * for its snapshot to start, ahead of the +FULLRESYNC line.
     */
    public String readReplyAfterKeepalives() {
        try {
            in.mark(1);
            while (in.read() == '\n') {
                in.mark(1);
            }
            in.reset();
        } catch (IOException e) {
            throw new IllegalStateException("reading reply failed", e);
        }
        return readReplyString();
    }

    /** The bytes of exactly one complete reply (any RESP2/RESP3 type, nested). */
    public byte[] readReply() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            readValue(b);
        } catch (IOException e) {
            throw new IllegalStateException("reading reply failed after " + b.size() + " bytes: "
                    + new String(b.toByteArray(), StandardCharsets.UTF_8), e);
        }
        return b.toByteArray();
    }

    /** The local port of this connection: identifies it among the server's clients. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** True when nothing arrives within millis (an unexpected push would be left unread otherwise). */
    public boolean quietFor(int millis) {
        try {
            Thread.sleep(millis);
            return in.available() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when bytes have arrived that no read has consumed yet (does not wait). */
    public boolean hasInput() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the peer closed the connection (reads EOF within the timeout). */
    public boolean isClosedByPeer(int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Reads and drops whatever arrives (a sync payload, say) until the peer closes the connection: true, or
     * false when it is still open after timeoutMillis.
     */
    public boolean closedWithin(int timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] chunk = new byte[8192];
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                if (in.read(chunk) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Reads one value with everything nested in it, counting the values still due rather than recursing. */
    private void readValue(ByteArrayOutputStream b) throws IOException {
        long due = 1;
        while (due > 0) {
            due--;
            String line = readLine(b);
            char type = line.charAt(0);
            switch (type) {
                case '+', '-', ':', '_', ',', '#', '(' -> {
                }
                case '$', '=', '!' -> {
                    long len = Long.parseLong(line.substring(1));
                    if (len >= 0) {
                        for (long i = 0; i < len + 2; i++) {
                            int c = in.read();
                            if (c < 0) {
                                throw new IOException("EOF in bulk");
                            }
                            b.write(c);
                        }
                    }
                }
                case '*', '~', '>' -> due += Math.max(0, Long.parseLong(line.substring(1)));
                case '%', '|' -> due += 2 * Math.max(0, Long.parseLong(line.substring(1)));
                default -> throw new IOException("unexpected reply type '" + type + "' in line " + line);
            }
        }
    }

    private String readLine(ByteArrayOutputStream b) throws IOException {
        StringBuilder sb = new StringBuilder();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("EOF");
            }
            b.write(c);
            if (prev == '\r' && c == '\n') {
                return sb.substring(0, sb.length() - 1);
            }
            sb.append((char) c);
            prev = c;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a test socket cannot fail in a way that matters.
        }
    }
}

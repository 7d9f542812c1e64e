package dev.keyslot.operator.admin;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One blocking RESP2 connection. Replies map to: simple string → String, integer → Long, bulk → byte[],
 * array → List, null → null; error replies throw {@link RedisErrorReply}. Every read and connect is bounded
 * by the timeout, so a stuck node surfaces as an {@link UncheckedIOException}.
 */
public final class RespConnection implements AutoCloseable {
    private final NodeAddress address;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespConnection(NodeAddress address, Socket socket) throws IOException {
        this.address = address;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    public static RespConnection open(NodeAddress address, Duration timeout) {
        return open(address, timeout, null);
    }

    /** @param tls makes the connection TLS, completing the handshake within the timeout; null for plaintext */
    public static RespConnection open(NodeAddress address, Duration timeout, SSLSocketFactory tls) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address.host(), address.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            if (tls == null) {
                return new RespConnection(address, socket);
            }
            SSLSocket secured = (SSLSocket) tls.createSocket(socket, address.host(), address.port(), true);
            secured.startHandshake();
            return new RespConnection(address, secured);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }

    public NodeAddress address() {
        return address;
    }

    /** Sends one command; arguments are Strings (UTF-8) or byte[]. */
    public Object call(Object... args) {
        try {
            write(args);
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(address + " " + args[0] + ": " + e.getMessage(), e);
        }
    }

    /** Like {@link #call} with a per-call read timeout, for commands that may run long (MIGRATE). */
    public Object call(Duration timeout, Object... args) {
        try {
            int previous = socket.getSoTimeout();
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                return call(args);
            } finally {
                socket.setSoTimeout(previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends every command before reading any reply (one round trip), then reads one reply per command, in order.
     * Error replies come back as {@link RedisErrorReply} elements instead of being thrown, so the connection stays
     * in step. {@code timeout} bounds the wait for each reply.
     */
    public List<Object> pipeline(Duration timeout, List<Object[]> commands) {
        try {
            int previous = socket.getSoTimeout();
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                for (Object[] command : commands) {
                    write(command);
                }
                out.flush();
                List<Object> replies = new ArrayList<>(commands.size());
                for (int i = 0; i < commands.size(); i++) {
                    replies.add(readReplyOrError());
                }
                return replies;
            } finally {
                socket.setSoTimeout(previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(address + " pipeline of " + commands.size() + ": " + e.getMessage(), e);
        }
    }

    private Object readReplyOrError() throws IOException {
        try {
            return read();
        } catch (RedisErrorReply e) {
            return e;
        }
    }

    public String callString(Object... args) {
        Object reply = call(args);
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) reply;
    }

    public long callLong(Object... args) {
        return (Long) call(args);
    }

    private void write(Object[] args) throws IOException {
        out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object arg : args) {
            byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
            out.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by " + address);
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$':
                return readBulk(Integer.parseInt(line));
            case '*':
                return readArray(Integer.parseInt(line));
            default:
                throw new IOException("unexpected reply type '" + (char) type + "' from " + address);
        }
    }

    private byte[] readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("truncated bulk reply from " + address);
        }
        return bytes;
    }

    private List<Object> readArray(int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(readReplyOrError());
        }
        return items;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("connection closed by " + address);
            }
            line.append((char) c);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed reply line from " + address);
        }
        return line.toString();
    }

    /** The certificate the node presented, null on a plaintext connection. */
    public Certificate peerCertificate() {
        if (!(socket instanceof SSLSocket secured)) {
            return null;
        }
        try {
            return secured.getSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}

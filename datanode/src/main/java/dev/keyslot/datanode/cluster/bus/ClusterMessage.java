package dev.keyslot.datanode.cluster.bus;

import dev.keyslot.datanode.cluster.SlotBitmap;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A cluster bus message in Redis 7.0's binary layout (big-endian, 2256-byte header, then a body by type).
 * {@link #decode} validates lengths exactly as Redis does and returns null for packets Redis drops.
 */
public final class ClusterMessage {
    public static final int HEADER_SIZE = 2256;
    public static final int PROTOCOL_VERSION = 1;
    public static final int UPDATE_SIZE = HEADER_SIZE + 8 + 40 + SlotBitmap.BYTES;
    public static final int NAME_LEN = 40;
    public static final int IP_LEN = 46;
    public static final int EXT_HOSTNAME = 0;
    public static final int FLAG0_PAUSED = 1;
    public static final int FLAG0_FORCEACK = 2;
    public static final int FLAG0_EXT_DATA = 4;
    private static final byte[] SIGNATURE = {'R', 'C', 'm', 'b'};
    static final String NULL_NAME = "\0".repeat(NAME_LEN);

    public int type;
    public int port;
    public long currentEpoch;
    public long configEpoch;
    public long offset;
    public String sender = NULL_NAME;
    public byte[] slots = new byte[SlotBitmap.BYTES];
    /** The master's id for a replica, null for a master. */
    public String replicaOf;
    /** The announced IP, empty when the receiver should use the socket's address. */
    public String myIp = "";
    public int pport;
    public int cport;
    public int flags;
    public int state;
    public int mflags0;
    public List<GossipEntry> gossip = new ArrayList<>();
    /** From the hostname ping extension; null when the sender sent none. */
    public String hostname;
    /** FAIL: the failing node; UPDATE: the node whose slots are described. */
    public String aboutNode;
    /** UPDATE: that node's configEpoch and slots. */
    public long aboutConfigEpoch;
    public byte[] aboutSlots;
    /** PUBLISH / PUBLISHSHARD payload. */
    public byte[] channel;
    public byte[] message;

    public boolean isPingLike() {
        return type == MessageType.PING || type == MessageType.PONG || type == MessageType.MEET;
    }

    /** Encodes into out; the totlen field is computed from the body. */
    public void encode(ByteBuf out) {
        int start = out.writerIndex();
        out.writeBytes(SIGNATURE);
        out.writeInt(0);
        out.writeShort(PROTOCOL_VERSION);
        out.writeShort(port);
        out.writeShort(type);
        out.writeShort(isPingLike() ? gossip.size() : 0);
        out.writeLong(currentEpoch);
        out.writeLong(configEpoch);
        out.writeLong(offset);
        writeFixed(out, sender, NAME_LEN);
        out.writeBytes(slots);
        if (replicaOf == null) {
            out.writeZero(NAME_LEN);
        } else {
            writeFixed(out, replicaOf, NAME_LEN);
        }
        writeFixed(out, myIp, IP_LEN);
        boolean hasHostname = isPingLike() && hostname != null && !hostname.isEmpty();
        out.writeShort(hasHostname ? 1 : 0);
        out.writeZero(30);
        out.writeShort(pport);
        out.writeShort(cport);
        out.writeShort(flags);
        out.writeByte(state);
        out.writeByte(hasHostname ? (mflags0 | FLAG0_EXT_DATA) : mflags0);
        out.writeZero(2);
        switch (type) {
            case MessageType.PING, MessageType.PONG, MessageType.MEET -> {
                for (GossipEntry g : gossip) {
                    writeFixed(out, g.nodeId(), NAME_LEN);
                    out.writeInt((int) g.pingSentSeconds());
                    out.writeInt((int) g.pongReceivedSeconds());
                    writeFixed(out, g.ip(), IP_LEN);
                    out.writeShort(g.port());
                    out.writeShort(g.cport());
                    out.writeShort(g.flags());
                    out.writeShort(g.pport());
                    out.writeShort(0);
                }
                if (hasHostname) {
                    byte[] name = hostname.getBytes(StandardCharsets.UTF_8);
                    int padded = align8(name.length + 1);
                    out.writeInt(8 + padded);
                    out.writeShort(EXT_HOSTNAME);
                    out.writeShort(0);
                    out.writeBytes(name);
                    out.writeZero(padded - name.length);
                }
            }
            case MessageType.FAIL -> writeFixed(out, aboutNode, NAME_LEN);
            case MessageType.UPDATE -> {
                out.writeLong(aboutConfigEpoch);
                writeFixed(out, aboutNode, NAME_LEN);
                out.writeBytes(aboutSlots);
            }
            case MessageType.PUBLISH, MessageType.PUBLISHSHARD -> {
                out.writeInt(channel.length);
                out.writeInt(message.length);
                out.writeBytes(channel);
                out.writeBytes(message);
            }
            default -> {
            }
        }
        out.setInt(start + 4, out.writerIndex() - start);
    }

    private static int align8(int n) {
        return (n + 7) & ~7;
    }

    private static void writeFixed(ByteBuf out, String s, int len) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        int n = Math.min(b.length, len);
        out.writeBytes(b, 0, n);
        out.writeZero(len - n);
    }

    private static String readFixed(ByteBuf in, int index, int len) {
        byte[] b = new byte[len];
        in.getBytes(index, b);
        int end = 0;
        while (end < len && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static boolean allZero(ByteBuf in, int index, int len) {
        for (int i = 0; i < len; i++) {
            if (in.getByte(index + i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the first 8 bytes announce a frame a reader should accept (else it closes the link). */
    public static boolean plausibleFrame(ByteBuf in, int index) {
        return in.getByte(index) == 'R' && in.getByte(index + 1) == 'C' && in.getByte(index + 2) == 'm'
                && in.getByte(index + 3) == 'b' && in.getUnsignedInt(index + 4) >= HEADER_SIZE;
    }

    /**
     * Decodes one whole frame (exactly totlen bytes from the reader index). Returns null when Redis would
     * drop it: wrong version, or a length that does not match the type.
     */
    public static ClusterMessage decode(ByteBuf in) {
        int base = in.readerIndex();
        long totlen = in.getUnsignedInt(base + 4);
        if (totlen != in.readableBytes() || in.getUnsignedShort(base + 8) != PROTOCOL_VERSION) {
            return null;
        }
        ClusterMessage m = new ClusterMessage();
        m.type = in.getUnsignedShort(base + 12);
        int count = in.getUnsignedShort(base + 14);
        int extensions = in.getUnsignedShort(base + 2214);
        m.mflags0 = in.getUnsignedByte(base + 2253);
        long expected = switch (m.type) {
            case MessageType.PING, MessageType.PONG, MessageType.MEET ->
                    pingLength(in, base, count, extensions, m.mflags0, totlen);
            case MessageType.FAIL -> HEADER_SIZE + NAME_LEN;
            case MessageType.PUBLISH, MessageType.PUBLISHSHARD -> totlen >= HEADER_SIZE + 8
                    ? HEADER_SIZE + 8L + in.getUnsignedInt(base + HEADER_SIZE) + in.getUnsignedInt(base + HEADER_SIZE + 4)
                    : -1;
            case MessageType.FAILOVER_AUTH_REQUEST, MessageType.FAILOVER_AUTH_ACK, MessageType.MFSTART -> HEADER_SIZE;
            case MessageType.UPDATE -> UPDATE_SIZE;
            case MessageType.MODULE -> totlen >= HEADER_SIZE + 13
                    ? HEADER_SIZE + 13L + in.getUnsignedInt(base + HEADER_SIZE + 8) : -1;
            default -> totlen;
        };
        if (expected != totlen) {
            return null;
        }
        m.port = in.getUnsignedShort(base + 10);
        m.currentEpoch = in.getLong(base + 16);
        m.configEpoch = in.getLong(base + 24);
        m.offset = in.getLong(base + 32);
        m.sender = readFixedRaw(in, base + 40);
        in.getBytes(base + 80, m.slots);
        m.replicaOf = allZero(in, base + 2128, NAME_LEN) ? null : readFixedRaw(in, base + 2128);
        m.myIp = readFixed(in, base + 2168, IP_LEN);
        m.pport = in.getUnsignedShort(base + 2246);
        m.cport = in.getUnsignedShort(base + 2248);
        m.flags = in.getUnsignedShort(base + 2250);
        m.state = in.getUnsignedByte(base + 2252);
        int body = base + HEADER_SIZE;
        switch (m.type) {
            case MessageType.PING, MessageType.PONG, MessageType.MEET -> {
                for (int i = 0; i < count; i++) {
                    int g = body + i * GossipEntry.SIZE;
                    m.gossip.add(new GossipEntry(readFixedRaw(in, g), in.getUnsignedInt(g + 40),
                            in.getUnsignedInt(g + 44), readFixed(in, g + 48, IP_LEN), in.getUnsignedShort(g + 94),
                            in.getUnsignedShort(g + 96), in.getUnsignedShort(g + 98), in.getUnsignedShort(g + 100)));
                }
                if ((m.mflags0 & FLAG0_EXT_DATA) != 0) {
                    int ext = body + count * GossipEntry.SIZE;
                    for (int i = 0; i < extensions; i++) {
                        int len = (int) in.getUnsignedInt(ext);
                        if (in.getUnsignedShort(ext + 4) == EXT_HOSTNAME) {
                            m.hostname = readFixed(in, ext + 8, len - 8);
                        }
                        ext += len;
                    }
                }
            }
            case MessageType.FAIL -> m.aboutNode = readFixedRaw(in, body);
            case MessageType.UPDATE -> {
                m.aboutConfigEpoch = in.getLong(body);
                m.aboutNode = readFixedRaw(in, body + 8);
                m.aboutSlots = new byte[SlotBitmap.BYTES];
                in.getBytes(body + 48, m.aboutSlots);
            }
            case MessageType.PUBLISH, MessageType.PUBLISHSHARD -> {
                int channelLen = (int) in.getUnsignedInt(body);
                int messageLen = (int) in.getUnsignedInt(body + 4);
                m.channel = new byte[channelLen];
                m.message = new byte[messageLen];
                in.getBytes(body + 8, m.channel);
                in.getBytes(body + 8 + channelLen, m.message);
            }
            default -> {
            }
        }
        return m;
    }

    /** PING-family length with extension validation; -1 (never equal to totlen) when malformed. */
    private static long pingLength(ByteBuf in, int base, int count, int extensions, int mflags0, long totlen) {
        long expected = HEADER_SIZE + (long) GossipEntry.SIZE * count;
        if ((mflags0 & FLAG0_EXT_DATA) == 0) {
            return expected;
        }
        while (extensions-- > 0) {
            if (expected + 8 > totlen) {
                return -1;
            }
            long len = in.getUnsignedInt(base + (int) expected);
            if (len % 8 != 0 || len < 8 || totlen - expected < len) {
                return -1;
            }
            expected += len;
        }
        return expected;
    }

    /** Node ids are 40 hex characters with no terminator. */
    private static String readFixedRaw(ByteBuf in, int index) {
        return in.toString(index, NAME_LEN, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return MessageType.name(type) + " from " + sender + " gossip=" + gossip.size()
                + (aboutNode != null ? " about " + aboutNode : "") + " slots=" + Arrays.hashCode(slots);
    }
}

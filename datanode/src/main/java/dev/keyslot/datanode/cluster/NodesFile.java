package dev.keyslot.datanode.cluster;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * nodes.conf: CLUSTER NODES lines (without handshake nodes) plus a "vars" line with the epochs.
 */
public final class NodesFile {
    private final Path path;
    private final File target;
    private final LineBuffer content = new LineBuffer(1024);

    public NodesFile(Path path) {
        this.path = path;
        this.target = path.toFile();
    }

    public Path path() {
        return path;
    }

    /** A nodes.conf the node cannot trust; startup stops, as Redis does. */
    public static final class CorruptNodesFileException extends Exception {
        public CorruptNodesFileException(String message) {
            super(message);
        }
    }

    /**
     * Overwrites the file in place with one write (padded with newlines over a longer old file, which loading
     * skips) and truncates it, as Redis does: a killed process cannot tear one write, and there is no rename,
     * whose journal commit made every save several times dearer.
     *
     * @param fsync whether to wait until the file is on disk, so that the change survives a power loss too
     */
    public void save(ClusterState state, boolean fsync) throws IOException {
        content.clear();
        NodeDescription.appendAll(content, state, NodeFlags.HANDSHAKE, false);
        content.append("vars currentEpoch ").appendUnsigned(state.currentEpoch)
                .append(" lastVoteEpoch ").appendUnsigned(state.lastVoteEpoch).append('\n');
        int size = content.length();
        // RandomAccessFile rather than FileChannel.open: the same open/write/ftruncate/fsync/close system
        // calls with a fraction of the Java around them, which showed in profiles of a resharding.
        try (RandomAccessFile file = new RandomAccessFile(target, "rw")) {
            int written = (int) Math.max(size, file.length());
            content.padTo(written);
            file.write(content.array(), 0, written);
            file.setLength(size);
            if (fsync) {
                file.getFD().sync();
            }
        }
    }

    /**
     * Loads the file into state. Returns false when there is no file (or it is empty): the caller then
     * creates a fresh identity.
     */
    public boolean load(ClusterState state, long now) throws IOException, CorruptNodesFileException {
        if (!Files.exists(path) || Files.size(path) == 0) {
            return false;
        }
        List<String[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(line.trim().split(" "));
            }
        }
        // First pass creates every node so that master references resolve regardless of line order.
        for (String[] f : lines) {
            if (f[0].equals("vars")) {
                continue;
            }
            if (f.length < 8) {
                throw new CorruptNodesFileException("Unrecoverable error: corrupted cluster config file.");
            }
            if (state.node(f[0]) == null) {
                state.addNode(new ClusterNode(f[0], 0, now));
            }
        }
        for (String[] f : lines) {
            if (f[0].equals("vars")) {
                for (int i = 1; i + 1 < f.length; i += 2) {
                    switch (f[i]) {
                        case "currentEpoch" -> state.currentEpoch = Long.parseUnsignedLong(f[i + 1]);
                        case "lastVoteEpoch" -> state.lastVoteEpoch = Long.parseUnsignedLong(f[i + 1]);
                        default -> { }
                    }
                }
                continue;
            }
            parseNodeLine(state, f);
        }
        if (state.myself() == null) {
            throw new CorruptNodesFileException("Unrecoverable error: corrupted cluster config file.");
        }
        return true;
    }

    /**
     * Whether the file's "myself" line is a replica's, read before the dataset loads: Redis reads nodes.conf
     * first, and a replica loads keeping the keys found expired (its master's DELs for them are still to come).
     * False without a file, or for one that loading will refuse anyway.
     */
    public boolean myselfIsReplica() {
        try {
            if (!Files.exists(path)) {
                return false;
            }
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split(" ");
                if (f.length >= 8 && !f[0].equals("vars")) {
                    int flags = NodeFlags.parse(f[2]);
                    if ((flags & NodeFlags.MYSELF) != 0) {
                        return (flags & NodeFlags.SLAVE) != 0;
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return false;
    }

    private static void parseNodeLine(ClusterState state, String[] f) throws CorruptNodesFileException {
        ClusterNode n = state.node(f[0]);
        String address = f[1];
        int comma = address.indexOf(',');
        if (comma >= 0) {
            n.hostname = address.substring(comma + 1);
            address = address.substring(0, comma);
        }
        int at = address.indexOf('@');
        int colon = address.lastIndexOf(':', at < 0 ? address.length() : at);
        if (colon < 0) {
            throw new CorruptNodesFileException("Unrecoverable error: corrupted cluster config file.");
        }
        n.ip = address.substring(0, colon);
        n.port = Integer.parseInt(address.substring(colon + 1, at < 0 ? address.length() : at));
        n.cport = at < 0 ? n.port + 10000 : Integer.parseInt(address.substring(at + 1));
        try {
            n.flags = NodeFlags.parse(f[2]);
        } catch (IllegalArgumentException e) {
            throw new CorruptNodesFileException(e.getMessage());
        }
        if (n.isMyself()) {
            state.setMyself(n);
        }
        if (!f[3].equals("-")) {
            ClusterNode master = state.node(f[3]);
            if (master == null) {
                master = new ClusterNode(f[3], 0, n.createdAt);
                state.addNode(master);
            }
            state.setReplicaOf(n, master);
        }
        // Redis trusts the ping/pong times only as "something happened": a non-zero value becomes now.
        if (Long.parseLong(f[4]) > 0) {
            n.pingSent = n.createdAt;
        }
        if (Long.parseLong(f[5]) > 0) {
            n.pongReceived = n.createdAt;
        }
        n.configEpoch = Long.parseUnsignedLong(f[6]);
        for (int i = 8; i < f.length; i++) {
            String s = f[i];
            if (s.startsWith("[")) {
                int arrow = s.indexOf("->-");
                int back = s.indexOf("-<-");
                if (arrow > 0) {
                    int slot = Integer.parseInt(s.substring(1, arrow));
                    state.setMigrating(slot, nodeFor(state, s.substring(arrow + 3, s.length() - 1), n.createdAt));
                } else if (back > 0) {
                    int slot = Integer.parseInt(s.substring(1, back));
                    state.setImporting(slot, nodeFor(state, s.substring(back + 3, s.length() - 1), n.createdAt));
                } else {
                    throw new CorruptNodesFileException("Unrecoverable error: corrupted cluster config file.");
                }
                continue;
            }
            int dash = s.indexOf('-');
            int start = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
            int end = dash < 0 ? start : Integer.parseInt(s.substring(dash + 1));
            for (int slot = start; slot <= end; slot++) {
                state.addSlot(n, slot);
            }
        }
    }

    private static ClusterNode nodeFor(ClusterState state, String id, long now) {
        ClusterNode n = state.node(id);
        if (n == null) {
            n = new ClusterNode(id, 0, now);
            state.addNode(n);
        }
        return n;
    }
}

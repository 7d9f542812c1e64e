package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** SETBIT, GETBIT, BITCOUNT and BITPOS. */
final class BitCommands implements CommandGroup {
    private static final String BAD_BIT = "ERR bit is not an integer or out of range";

    private final Server server;
    private final TypedLookup lookup;

    BitCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("setbit", 4, "write denyoom", 1, 1, 1, "bitmap", this::setbit).keySpecFlags("RW access update");
        t.add("getbit", 3, "readonly fast", 1, 1, 1, "bitmap", this::getbit).keySpecFlags("RO access");
        t.add("bitcount", -2, "readonly", 1, 1, 1, "bitmap", this::bitcount).keySpecFlags("RO access");
        t.add("bitpos", -3, "readonly", 1, 1, 1, "bitmap", this::bitpos).keySpecFlags("RO access");
    }

    /**
     * Redis's lookupStringForBitCommand: the key's string, owned by its entry and long enough to hold
     * maxBit, created when missing. Callers compare lengths to know whether it was created or grown.
     */
    static byte[] prepareForBits(Database db, byte[] key, KeyEntry existing, long maxBit) {
        long length = (maxBit >> 3) + 1;
        if (existing == null) {
            byte[] created = OwnedStrings.allocate(length);
            db.add(key, created).setRawString(true);
            return created;
        }
        return OwnedStrings.own(existing, length);
    }

    /** The string length before {@link #prepareForBits}, -1 when the key is missing. */
    static int lengthBefore(KeyEntry existing) {
        return existing == null ? -1 : ((byte[]) existing.value).length;
    }

    private void setbit(Client c, byte[][] argv) {
        long offset = Bitmaps.offset(argv[2], 0, server.maxBulkLength());
        long on = Args.toLong(argv[3], BAD_BIT);
        if ((on & ~1L) != 0) {
            throw new CommandError(BAD_BIT);
        }
        Database db = c.db();
        KeyEntry e = lookup.write(db, argv[1], ValueType.STRING);
        int before = lengthBefore(e);
        byte[] p = prepareForBits(db, argv[1], e, offset);
        boolean grown = p.length != before;
        int index = (int) (offset >> 3);
        int mask = 1 << (7 - (int) (offset & 7));
        boolean was = (p[index] & mask) != 0;
        if (grown || was != (on == 1)) {
            p[index] = (byte) (on == 1 ? p[index] | mask : p[index] & ~mask);
            db.signalModified(argv[1]);
            server.notifications().notify(NotifyType.STRING, "setbit", argv[1], db);
            server.stats().dirty++;

        }
        c.reply().integer(was ? 1 : 0);
    }

    private void getbit(Client c, byte[][] argv) {
        long offset = Bitmaps.offset(argv[2], 0, server.maxBulkLength());
        byte[] v = lookup.string(c.db(), argv[1]);
        c.reply().integer(v == null ? 0 : Bitmaps.bit(v, offset));
    }

    /** BITCOUNT key [start end [BYTE | BIT]]. */
    private void bitcount(Client c, byte[][] argv) {
        byte[] p = lookup.string(c.db(), argv[1]);
        if (p == null) {
            c.reply().integer(0);
            return;
        }
        BitRange r;
        if (argv.length == 4 || argv.length == 5) {
            long start = Args.toLong(argv[2]);
            long end = Args.toLong(argv[3]);
            if (start < 0 && end < 0 && start > end) {
                c.reply().integer(0);
                return;
            }
            r = BitRange.of(start, end, p.length, argv.length == 5 && unitIsBit(argv[4]));
        } else if (argv.length == 2) {
            r = BitRange.whole(p.length);
        } else {
            throw Errors.syntax();
        }
        if (r.isEmpty()) {
            c.reply().integer(0);
            return;
        }
        int start = (int) r.start();
        int end = (int) r.end();
        long count = Bitmaps.popcount(p, start, end - start + 1)
                - Integer.bitCount(p[start] & r.firstByteMask()) - Integer.bitCount(p[end] & r.lastByteMask());
        c.reply().integer(count);
    }

    /** BITPOS key bit [start [end [BYTE | BIT]]]. */
    private void bitpos(Client c, byte[][] argv) {
        long bit = Args.toLong(argv[2]);
        if (bit != 0 && bit != 1) {
            throw new CommandError("ERR The bit argument must be 1 or 0.");
        }
        byte[] p = lookup.string(c.db(), argv[1]);
        if (p == null) {
            c.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        BitRange r;
        boolean endGiven = argv.length >= 5;
        if (argv.length >= 4 && argv.length <= 6) {
            long start = Args.toLong(argv[3]);
            boolean bits = argv.length == 6 && unitIsBit(argv[5]);
            long end;
            if (endGiven) {
                end = Args.toLong(argv[4]);
            } else {
                end = bits ? ((long) p.length << 3) + 7 : p.length - 1;
            }
            r = BitRange.of(start, end, p.length, bits);
        } else if (argv.length == 3) {
            r = BitRange.whole(p.length);
        } else {
            throw Errors.syntax();
        }
        c.reply().integer(r.isEmpty() ? -1 : findBit(p, r, (int) bit, endGiven));
    }

    /**
     * Redis's bitpos search over the range: the masked first byte, the whole bytes, then the masked last
     * byte. With an explicit end a clear bit just past the range does not count.
     */
    private static long findBit(byte[] p, BitRange r, int bit, boolean endGiven) {
        int start = (int) r.start();
        int end = (int) r.end();
        int firstMask = r.firstByteMask();
        int lastMask = r.lastByteMask();
        long bytes = end - start + 1;
        long pos;
        searched:
        {
            if (firstMask != 0) {
                int b = bit == 1 ? p[start] & ~firstMask : p[start] | firstMask;
                if (lastMask != 0 && bytes == 1) {
                    b = bit == 1 ? b & ~lastMask : b | lastMask;
                }
                pos = Bitmaps.bitposInByte(b, bit);
                if (bytes == 1 || (pos != -1 && pos != 8)) {
                    break searched;
                }
                start++;
                bytes--;
            }
            long whole = bytes - (lastMask != 0 ? 1 : 0);
            if (whole > 0) {
                pos = Bitmaps.bitpos(p, start, (int) whole, bit);
                if (bytes == whole || (pos != -1 && pos != whole << 3)) {
                    break searched;
                }
                start += (int) whole;
                bytes -= whole;
            }
            pos = Bitmaps.bitposInByte(bit == 1 ? p[end] & ~lastMask : p[end] | lastMask, bit);
        }
        if (endGiven && bit == 0 && pos == bytes << 3) {
            return -1;
        }
        return pos == -1 ? -1 : pos + ((long) start << 3);
    }

    private static boolean unitIsBit(byte[] arg) {
        if (Args.is(arg, "bit")) {
            return true;
        }
        if (Args.is(arg, "byte")) {
            return false;
        }
        throw Errors.syntax();
    }
}

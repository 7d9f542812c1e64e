package dev.keyslot.datanode.pubsub;

import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;

import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications (notify-keyspace-events): publishes "__keyspace@db__:key" with the event name
 * and "__keyevent@db__:event" with the key name, for the enabled classes only.
 *
 * <p>Commands call {@link #notify} after their change, with Redis 7.0's event names:
 * <ul>
 *   <li>generic (g): DEL/UNLINK/GETDEL/MIGRATE "del"; EXPIRE family and GETEX with a TTL "expire" (a time in the
 *       past gives "del"); PERSIST and GETEX PERSIST "persist"; RENAME "rename_from" then "rename_to";
 *       MOVE "move_from"/"move_to"; COPY "copy_to"; RESTORE "restore"; SET with EX/PX/EXAT/PXAT also
 *       "expire" after "set"</li>
 *   <li>string ($): SET SETEX PSETEX SETNX GETSET MSET MSETNX "set"; APPEND "append"; INCR DECR INCRBY
 *       DECRBY "incrby"; INCRBYFLOAT "incrbyfloat"; SETRANGE "setrange"; SETBIT BITFIELD "setbit";
 *       PFADD "pfadd"; BITOP "set" (or "del" for an empty result); SORT ... STORE "sortstore" (list class)</li>
 *   <li>list (l): "lpush" "rpush" "lpop" "rpop" "linsert" "lset" "ltrim" "lrem"; LMOVE/RPOPLPUSH the push
 *       event on the destination, then the pop event on the source; a list emptied by a pop also gets
 *       "del" (generic)</li>
 *   <li>set (s): "sadd" "srem" "spop" "sinterstore" "sunionstore" "sdiffstore"</li>
 *   <li>hash (h): "hset" "hdel" "hincrby" "hincrbyfloat"</li>
 *   <li>zset (z): "zadd" "zincr" (ZINCRBY and ZADD INCR) "zrem"
 "zremrangebyscore" "zremrangebyrank" "zremrangebylex"
 *       "zpopmin" "zpopmax" "zunionstore" "zinterstore" "zdiffstore" "zrangestore"</li>
 *   <li>stream (t): "xadd" "xtrim" "xdel" "xsetid" "xgroup-create" "xgroup-createconsumer"
 *       "xgroup-delconsumer" "xgroup-destroy" "xgroup-setid"</li>
 * </ul>
 * The keyspace itself reports "new" (n, a key was created), "keymiss" (m, a read missed), "expired" (x)
 * and "evicted" (e), which this class receives as {@link KeyspaceEvents}.
 */
public final class KeyspaceNotifier implements KeyspaceEvents {
    private static final byte[] KEYSPACE_PREFIX = "__keyspace@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEPARATOR = "__:".getBytes(StandardCharsets.US_ASCII);

    private final PubSub pubsub;
    private int flags;

    public KeyspaceNotifier(PubSub pubsub, ServerConfig config) {
        this.pubsub = pubsub;
        this.flags = KeyspaceEventFlags.parse(config.get("notify-keyspace-events"));
        config.onChange((name, value) -> {
            if (name.equals("notify-keyspace-events")) {
                flags = KeyspaceEventFlags.parse(value);
            }
        });
    }

    /** Publishes an event about key in db if its class is enabled; returns at once otherwise. */
    public void notify(NotifyType type, String event, byte[] key, Database db) {
        if ((flags & type.bit) == 0) {
            return;
        }
        byte[] eventName = event.getBytes(StandardCharsets.US_ASCII);
        byte[] dbId = Integer.toString(db.id()).getBytes(StandardCharsets.US_ASCII);
        if ((flags & KeyspaceEventFlags.KEYSPACE) != 0) {
            pubsub.publish(channel(KEYSPACE_PREFIX, dbId, key), eventName, ChannelKind.GLOBAL);
        }
        if ((flags & KeyspaceEventFlags.KEYEVENT) != 0) {
            pubsub.publish(channel(KEYEVENT_PREFIX, dbId, eventName), key, ChannelKind.GLOBAL);
        }
    }

    private static byte[] channel(byte[] prefix, byte[] dbId, byte[] suffix) {
        byte[] out = new byte[prefix.length + dbId.length + SEPARATOR.length + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(dbId, 0, out, prefix.length, dbId.length);
        System.arraycopy(SEPARATOR, 0, out, prefix.length + dbId.length, SEPARATOR.length);
        System.arraycopy(suffix, 0, out, prefix.length + dbId.length + SEPARATOR.length, suffix.length);
        return out;
    }

    @Override
    public void keyAdded(Database db, byte[] key) {
        notify(NotifyType.NEW, "new", key, db);
    }

    @Override
    public void keyMissed(Database db, byte[] key) {
        notify(NotifyType.KEY_MISS, "keymiss", key, db);
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        notify(NotifyType.EXPIRED, "expired", key, db);
    }

    @Override
    public void keyEvicted(Database db, byte[] key) {
        notify(NotifyType.EVICTED, "evicted", key, db);
    }
}

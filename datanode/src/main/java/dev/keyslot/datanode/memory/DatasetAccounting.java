package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandObserver;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.server.Client;

/**
 * Keeps the dataset size estimate behind used_memory exact without every command family doing memory
 * bookkeeping. The keyspace accounts for structural changes itself (a key added, replaced, given a TTL,
 * removed by DEL, expiry, eviction or FLUSH), and each entry remembers the size it was accounted at. What
 * the keyspace cannot see is a value changed in place (LPUSH into an existing list, HSET on a hash...), so
 * after every write command that changed something, this observer re-measures the keys at the command's
 * key positions and applies the difference. Because the delta is taken against the entry's own recorded
 * size, nothing is counted twice and a missed update is corrected at the next write to that key; the
 * {@link AccountingSweep} bounds how long a miss can last for keys the command table cannot locate
 * (script keys, movable key positions). Measuring only touched keys keeps the cost to one dict lookup per
 * key written, with no allocation; commands marked {@link CommandSpec#writesThroughKeyspace()} (SET, INCR...)
 * are measured by the keyspace already and skip even that.
 */
final class DatasetAccounting implements CommandObserver {

    @Override
    public void executed(Client client, CommandSpec spec, byte[][] argv, long micros, long dirty) {
        if (dirty == 0 || spec.firstKey() <= 0 || !spec.has(CommandFlag.WRITE) || spec.isSizedByKeyspace()) {
            return;
        }
        Database db = client.db();
        int last = spec.lastKey() >= 0 ? spec.lastKey() : argv.length + spec.lastKey();
        for (int i = spec.firstKey(); i <= last && i < argv.length; i += spec.keyStep()) {
            KeyEntry e = db.lookupRaw(argv[i]);
            if (e != null) {
                db.remeasure(e);
            }
        }
    }
}

package dev.keyslot.datanode.keyspace.zset;

import dev.keyslot.datanode.keyspace.Dict;
import dev.keyslot.datanode.keyspace.Elements;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A Redis sorted set, in one of Redis's two encodings: "listpack", every member and score packed in one
 * array ({@link PackedZSet}), while the set is within zset-max-listpack-entries and zset-max-listpack-value;
 * then "skiplist", a dict from member to node plus a skip list ordered by (score, member), for good (Redis
 * never converts back in place). The encoding shows: OBJECT ENCODING, ZSCAN returning everything in order in
 * one call, scores stored as text in a listpack (-0 becomes 0), and lex ranges over unequal scores.
 */
public final class ZSetValue implements RedisValue, Elements {
    private static final long NODE_OVERHEAD = 96;

    /** The listpack encoding; null once the set is a skip list. */
    private PackedZSet packed;
    /** Member to node, and the nodes in order: the skiplist encoding, both null in a listpack. */
    private Dict<ZSetNode> dict;
    private SkipList list;

    /** An empty set, compact ("listpack") unless the caller knows it will be large. */
    public ZSetValue(boolean listpack) {
        if (listpack) {
            packed = new PackedZSet();
        } else {
            dict = new Dict<>();
            list = new SkipList();
        }
    }

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    public String encoding() {
        return packed != null ? "listpack" : "skiplist";
    }

    public boolean isListpack() {
        return packed != null;
    }

    /** The skiplist encoding's member table; null in a listpack. */
    public Dict<ZSetNode> hashTable() {
        return dict;
    }

    @Override
    public long memoryUsage() {
        if (packed != null) {
            return 64 + packed.allocatedBytes();
        }
        return 64 + dict.buckets() * 8L + size() * NODE_OVERHEAD + list.levels() * 12 + list.memberBytes();
    }

    @Override
    public ZSetValue copy() {
        ZSetValue c = new ZSetValue(packed != null);
        if (packed != null) {
            c.packed = packed.copy();
            return c;
        }
        for (ZSetNode n = list.first(); n != null; n = n.next()) {
            c.link(n.key, n.score);
        }
        return c;
    }

    public int size() {
        return packed != null ? packed.size() : list.length();
    }

    public ZSetEntry find(byte[] member) {
        return packed != null ? packed.find(member) : dict.get(member);
    }

    /** Adds a member that is not present, converting to a skip list first when a listpack limit is passed. */
    public void insert(byte[] member, double score, long maxListpackEntries, long maxListpackValue) {
        if (packed != null && (size() + 1 > maxListpackEntries || member.length > maxListpackValue)) {
            convertToSkiplist();
        }
        if (packed != null) {
            packed.insert(member, score);
        } else {
            link(member, score);
        }
    }

    /** Adds a member that is not present, without listpack limits (for results built before storing). */
    public void insert(byte[] member, double score) {
        insert(member, score, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    private void link(byte[] member, double score) {
        ZSetNode node = new ZSetNode(member, score, SkipList.randomLevel());
        list.insert(node);
        dict.add(node);
    }

    /** Sets a present member's score. */
    public void updateScore(ZSetEntry entry, double score) {
        if (packed != null) {
            packed.remove(entry.member());
            packed.insert(entry.member(), score);
        } else {
            list.updateScore((ZSetNode) entry, score);
        }
    }

    public boolean remove(byte[] member) {
        if (packed != null) {
            return packed.remove(member);
        }
        ZSetNode node = dict.get(member);
        if (node == null) {
            return false;
        }
        unlink(node);
        return true;
    }

    /** Removes a present member. */
    public void remove(ZSetEntry entry) {
        if (packed != null) {
            packed.remove(entry.member());
        } else {
            unlink((ZSetNode) entry);
        }
    }

    private void unlink(ZSetNode node) {
        list.delete(node);
        dict.remove(node.key);
    }

    /** Members in rank order, lowest score first. */
    @Override
    public void forEachElement(Consumer<byte[]> action) {
        for (ZSetEntry n = first(); n != null; n = n.next()) {
            action.accept(n.member());
        }
    }

    public ZSetEntry first() {
        return packed != null ? packed.at(0) : list.first();
    }

    public ZSetEntry last() {
        return packed != null ? packed.at(packed.size() - 1L) : list.last();
    }

    /** 0-based rank of a present member, ascending. */
    public long rank(ZSetEntry entry) {
        return packed != null ? ((PackedEntry) entry).index : list.rank((ZSetNode) entry) - 1;
    }

    /** The member at a 0-based ascending rank, or null. */
    public ZSetEntry byRank(long rank) {
        return packed != null ? packed.at(rank) : list.byRank(rank + 1);
    }

    public ZSetEntry firstInRange(ScoreRange range) {
        return packed != null ? packed.firstInRange(range) : list.firstInRange(range);
    }

    public ZSetEntry lastInRange(ScoreRange range) {
        return packed != null ? packed.lastInRange(range) : list.lastInRange(range);
    }

    /*
     * Lex ranges assume equal scores. When they are not, Redis's answer depends on the encoding: a listpack
     * is scanned linearly, a skip list is descended. Both behaviours are kept.
     */

    public ZSetEntry firstInRange(LexRange range) {
        if (packed == null) {
            return list.firstInRange(range);
        }
        if (!mayIntersect(range)) {
            return null;
        }
        for (ZSetEntry n = first(); n != null; n = n.next()) {
            if (range.aboveMin(n.member())) {
                return range.belowMax(n.member()) ? n : null;
            }
        }
        return null;
    }

    public ZSetEntry lastInRange(LexRange range) {
        if (packed == null) {
            return list.lastInRange(range);
        }
        if (!mayIntersect(range)) {
            return null;
        }
        for (ZSetEntry n = last(); n != null; n = n.previous()) {
            if (range.belowMax(n.member())) {
                return range.aboveMin(n.member()) ? n : null;
            }
        }
        return null;
    }

    private boolean mayIntersect(LexRange range) {
        return !range.isEmpty() && size() > 0 && range.aboveMin(last().member()) && range.belowMax(first().member());
    }

    /** ZLEXCOUNT: a listpack counts forward from the first match, a skip list subtracts ranks. */
    public long lexCount(LexRange range) {
        ZSetEntry first = firstInRange(range);
        if (first == null) {
            return 0;
        }
        if (packed != null) {
            long count = 0;
            for (ZSetEntry n = first; n != null && range.belowMax(n.member()); n = n.next()) {
                count++;
            }
            return count;
        }
        ZSetEntry last = lastInRange(range);
        long firstRank = rank(first);
        return last == null ? size() - firstRank : rank(last) - firstRank + 1;
    }

    /** A uniformly random member (dict sampling, or a random rank in a listpack), or null when empty. */
    public ZSetEntry randomMember() {
        if (packed != null) {
            return size() == 0 ? null : packed.at(ThreadLocalRandom.current().nextInt(size()));
        }
        return dict.fairRandomEntry();
    }

    /** Bucket slots of the member dict, both tables while it rehashes (Redis's dictSlots); skiplist encoding only. */
    public long buckets() {
        return dict.buckets();
    }

    /** How many levels the skip list node of a member has; skiplist encoding only. */
    public int nodeLevel(ZSetEntry entry) {
        return ((ZSetNode) entry).level();
    }

    /** One ZSCAN step over the member dict; returns the next cursor. A listpack is visited in one step. */
    public long scan(long cursor, Consumer<ZSetEntry> visitor) {
        if (packed == null) {
            return dict.scan(cursor, visitor::accept);
        }
        for (ZSetEntry n = first(); n != null; n = n.next()) {
            visitor.accept(n);
        }
        return 0;
    }

    /** Leaves the listpack encoding for good, as Redis does when a restored listpack has too many members. */
    public void convertToSkiplist() {
        if (packed == null) {
            return;
        }
        PackedZSet from = packed;
        packed = null;
        dict = new Dict<>();
        list = new SkipList();
        for (ZSetEntry n = from.at(0); n != null; n = n.next()) {
            link(n.member(), n.score());
        }
    }

    /** Returns to the listpack encoding if the set fits one (ZUNIONSTORE and friends shrink their result). */
    public void compactIfFits(long maxListpackEntries, long maxListpackValue) {
        if (packed != null || size() > maxListpackEntries) {
            return;
        }
        for (ZSetNode n = list.first(); n != null; n = n.next()) {
            if (n.key.length > maxListpackValue) {
                return;
            }
        }
        PackedZSet compact = new PackedZSet();
        for (ZSetNode n = list.first(); n != null; n = n.next()) {
            compact.append(n.key, n.score);
        }
        packed = compact;
        dict = null;
        list = null;
    }
}

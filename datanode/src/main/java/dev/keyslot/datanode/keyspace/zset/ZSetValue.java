package dev.keyslot.datanode.keyspace.zset;

import dev.keyslot.datanode.keyspace.Dict;
import dev.keyslot.datanode.keyspace.Elements;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A Redis sorted set: a dict from member to node plus a skip list ordered by (score, member).
 *
 * <p>Redis keeps small sets in a listpack and converts to a skip list past zset-max-listpack-entries or
 * zset-max-listpack-value, never converting back in place. The representation here is always the skip
 * list, but the "listpack" state is tracked the same way because it shows: OBJECT ENCODING, ZSCAN
 * returning everything in order in one call, and scores being stored as text (-0 becomes 0). While in that
 * state there is no dict: members are found by a walk of at most zset-max-listpack-entries nodes, as Redis
 * scans its listpack, which saves the dict's table and object in every small set.
 */
public final class ZSetValue implements RedisValue, Elements {
    private static final long NODE_OVERHEAD = 96;

    /** Member to node; null while in the listpack state. */
    private Dict<ZSetNode> dict;
    private final SkipList list = new SkipList();
    private boolean listpack;
    private long memberBytes;
    private long levels;

    /** An empty set, compact ("listpack") unless the caller knows it will be large. */
    public ZSetValue(boolean listpack) {
        this.listpack = listpack;
        this.dict = listpack ? null : new Dict<>();
    }

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    public String encoding() {
        return listpack ? "listpack" : "skiplist";
    }

    public boolean isListpack() {
        return listpack;
    }

    @Override
    public long memoryUsage() {
        return 64 + (dict == null ? 0 : dict.buckets() * 8) + size() * NODE_OVERHEAD + levels * 12 + memberBytes;
    }

    @Override
    public ZSetValue copy() {
        ZSetValue c = new ZSetValue(listpack);
        for (ZSetNode n = list.first(); n != null; n = n.next()) {
            c.link(n.key, n.score);
        }
        return c;
    }

    public int size() {
        return list.length();
    }

    public ZSetNode find(byte[] member) {
        if (dict != null) {
            return dict.get(member);
        }
        for (ZSetNode n = list.first(); n != null; n = n.next()) {
            if (Arrays.equals(n.key, member)) {
                return n;
            }
        }
        return null;
    }

    /** Adds a member that is not present, converting to a skip list first when a listpack limit is passed. */
    public ZSetNode insert(byte[] member, double score, long maxListpackEntries, long maxListpackValue) {
        if (listpack && (size() + 1 > maxListpackEntries || member.length > maxListpackValue)) {
            convertToSkiplist();
        }
        return link(member, storedScore(score));
    }

    /** Adds a member that is not present, without listpack limits (for results built before storing). */
    public ZSetNode insert(byte[] member, double score) {
        return insert(member, score, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    private ZSetNode link(byte[] member, double score) {
        ZSetNode node = new ZSetNode(member, score, SkipList.randomLevel());
        list.insert(node);
        if (dict != null) {
            dict.add(node);
        }
        memberBytes += member.length;
        levels += node.level();
        return node;
    }

    /** Sets a present member's score. */
    public void updateScore(ZSetNode node, double score) {
        list.updateScore(node, storedScore(score));
    }

    /** The score as it reads back: a listpack stores it as text, where negative zero is plain 0. */
    private double storedScore(double score) {
        return listpack && score == 0 ? 0.0 : score;
    }

    public boolean remove(byte[] member) {
        ZSetNode node = find(member);
        if (node == null) {
            return false;
        }
        remove(node);
        return true;
    }

    public void remove(ZSetNode node) {
        list.delete(node);
        if (dict != null) {
            dict.remove(node.key);
        }
        memberBytes -= node.key.length;
        levels -= node.level();
    }

    /** Members in rank order, lowest score first. */
    @Override
    public void forEachElement(Consumer<byte[]> action) {
        for (ZSetNode n = first(); n != null; n = n.next()) {
            action.accept(n.member());
        }
    }

    public ZSetNode first() {
        return list.first();
    }

    public ZSetNode last() {
        return list.last();
    }

    /** 0-based rank of a present member, ascending. */
    public long rank(ZSetNode node) {
        return list.rank(node) - 1;
    }

    /** The member at a 0-based ascending rank, or null. */
    public ZSetNode byRank(long rank) {
        return list.byRank(rank + 1);
    }

    public ZSetNode firstInRange(ScoreRange range) {
        return list.firstInRange(range);
    }

    public ZSetNode lastInRange(ScoreRange range) {
        return list.lastInRange(range);
    }

    /*
     * Lex ranges assume equal scores. When they are not, Redis's answer depends on the representation: a
     * listpack is scanned linearly, a skip list is descended. Both behaviours are kept.
     */

    public ZSetNode firstInRange(LexRange range) {
        if (!listpack) {
            return list.firstInRange(range);
        }
        if (!mayIntersect(range)) {
            return null;
        }
        for (ZSetNode n = first(); n != null; n = n.next()) {
            if (range.aboveMin(n.key)) {
                return range.belowMax(n.key) ? n : null;
            }
        }
        return null;
    }

    public ZSetNode lastInRange(LexRange range) {
        if (!listpack) {
            return list.lastInRange(range);
        }
        if (!mayIntersect(range)) {
            return null;
        }
        for (ZSetNode n = last(); n != null; n = n.previous()) {
            if (range.belowMax(n.key)) {
                return range.aboveMin(n.key) ? n : null;
            }
        }
        return null;
    }

    private boolean mayIntersect(LexRange range) {
        return !range.isEmpty() && size() > 0 && range.aboveMin(last().key) && range.belowMax(first().key);
    }

    /** ZLEXCOUNT: a listpack counts forward from the first match, a skip list subtracts ranks. */
    public long lexCount(LexRange range) {
        ZSetNode first = firstInRange(range);
        if (first == null) {
            return 0;
        }
        if (listpack) {
            long count = 0;
            for (ZSetNode n = first; n != null && range.belowMax(n.key); n = n.next()) {
                count++;
            }
            return count;
        }
        ZSetNode last = lastInRange(range);
        long firstRank = rank(first);
        return last == null ? size() - firstRank : rank(last) - firstRank + 1;
    }

    /** A uniformly random member (dict sampling, or a random rank in the listpack state), or null when empty. */
    public ZSetNode randomMember() {
        if (dict != null) {
            return dict.randomEntry();
        }
        return size() == 0 ? null : byRank(ThreadLocalRandom.current().nextInt(size()));
    }

    /** One ZSCAN step over the member dict; returns the next cursor. The listpack state is visited in one step. */
    public long scan(long cursor, Consumer<ZSetNode> visitor) {
        if (dict != null) {
            return dict.scan(cursor, visitor);
        }
        for (ZSetNode n = list.first(); n != null; n = n.next()) {
            visitor.accept(n);
        }
        return 0;
    }

    /** Leaves the listpack state for good, as Redis does when a restored listpack has too many members. */
    public void convertToSkiplist() {
        if (!listpack) {
            return;
        }
        listpack = false;
        dict = new Dict<>();
        for (ZSetNode n = list.first(); n != null; n = n.next()) {
            dict.add(n);
        }
    }

    /** Whether the set fits a listpack (ZUNIONSTORE and friends shrink their result back if so). */
    public void compactIfFits(long maxListpackEntries, long maxListpackValue) {
        if (listpack || size() > maxListpackEntries) {
            return;
        }
        for (ZSetNode n = list.first(); n != null; n = n.next()) {
            if (n.key.length > maxListpackValue) {
                return;
            }
        }
        listpack = true;
        dict = null;
        for (ZSetNode n = list.first(); n != null; n = n.next()) {
            if (n.score == 0) {
                n.score = 0.0;
            }
        }
    }
}

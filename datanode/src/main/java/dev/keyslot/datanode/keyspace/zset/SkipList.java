package dev.keyslot.datanode.keyspace.zset;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ordered half of a sorted set: a skip list by (score, member) with per-level spans, as in Redis's
 * zskiplist, so insertion, deletion, rank and rank lookup are O(log n). Ranks are 1-based.
 */
final class SkipList {
    static final int MAX_LEVEL = 32;
    private static final int LEVEL_UP_ONE_IN = 4;

    private static final byte[] NO_MEMBER = new byte[0];

    /** Starts with one level and grows with the tallest node: most sorted sets are small, and 32 levels take 300 bytes. */
    private final ZSetNode header = new ZSetNode(NO_MEMBER, 0, 1);
    private ZSetNode tail;
    private int length;
    private int level = 1;
    /** Totals for MEMORY USAGE: levels of every node, and bytes of every member. */
    private long nodeLevels;
    private long memberBytes;

    int length() {
        return length;
    }

    long levels() {
        return nodeLevels;
    }

    long memberBytes() {
        return memberBytes;
    }

    ZSetNode first() {
        return header.forward[0];
    }

    ZSetNode last() {
        return tail;
    }

    static int compare(double score, byte[] member, ZSetNode node) {
        if (score != node.score) {
            return score < node.score ? -1 : 1;
        }
        return Arrays.compareUnsigned(member, node.key);
    }

    private static boolean before(ZSetNode node, double score, byte[] member) {
        return node.score < score || (node.score == score && Arrays.compareUnsigned(node.key, member) < 0);
    }

    static int randomLevel() {
        int lvl = 1;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (lvl < MAX_LEVEL && rnd.nextInt(LEVEL_UP_ONE_IN) == 0) {
            lvl++;
        }
        return lvl;
    }

    /** Links a node whose (score, member) is not in the list yet. */
    void insert(ZSetNode node) {
        // Sized to the levels this insertion touches, not MAX_LEVEL: it runs on every ZADD and ZINCRBY.
        int touched = Math.max(level, node.level());
        ZSetNode[] update = new ZSetNode[touched];
        int[] rank = new int[touched];
        ZSetNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && before(x.forward[i], node.score, node.key)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = node.level();
        if (lvl > level) {
            if (lvl > header.level()) {
                header.growLevels(lvl);
            }
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span[i] = length;
            }
            level = lvl;
        }
        for (int i = 0; i < lvl; i++) {
            node.forward[i] = update[i].forward[i];
            update[i].forward[i] = node;
            node.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) {
            update[i].span[i]++;
        }
        node.backward = update[0] == header ? null : update[0];
        if (node.forward[0] != null) {
            node.forward[0].backward = node;
        } else {
            tail = node;
        }
        length++;
        nodeLevels += lvl;
        memberBytes += node.key.length;
    }

    /** Unlinks a node that is in the list. */
    void delete(ZSetNode node) {
        ZSetNode[] update = new ZSetNode[level];
        ZSetNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before(x.forward[i], node.score, node.key)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == node) {
                update[i].span[i] += node.span[i] - 1;
                update[i].forward[i] = node.forward[i];
            } else {
                update[i].span[i]--;
            }
        }
        if (node.forward[0] != null) {
            node.forward[0].backward = node.backward;
        } else {
            tail = node.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
        length--;
        nodeLevels -= node.level();
        memberBytes -= node.key.length;
        Arrays.fill(node.forward, null);
        node.backward = null;
    }

    /** Changes a linked node's score, moving it only when its neighbours no longer bracket it. */
    void updateScore(ZSetNode node, double score) {
        ZSetNode prev = node.backward;
        ZSetNode next = node.forward[0];
        boolean stays = (prev == null || before(prev, score, node.key))
                && (next == null || compare(score, node.key, next) < 0);
        if (stays) {
            node.score = score;
            return;
        }
        delete(node);
        node.score = score;
        insert(node);
    }

    /** 1-based rank of a linked node. */
    int rank(ZSetNode node) {
        int rank = 0;
        ZSetNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null
                    && (before(x.forward[i], node.score, node.key) || x.forward[i] == node)) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x == node) {
                return rank;
            }
        }
        return 0;
    }

    /** The node at a 1-based rank, or null when out of range. */
    ZSetNode byRank(long rank) {
        if (rank < 1 || rank > length) {
            return null;
        }
        long traversed = 0;
        ZSetNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) {
                return x;
            }
        }
        return null;
    }

    ZSetNode firstInRange(ScoreRange range) {
        if (range.isEmpty() || tail == null || !range.aboveMin(tail.score) || !range.belowMax(first().score)) {
            return null;
        }
        ZSetNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.aboveMin(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && range.belowMax(x.score) ? x : null;
    }

    ZSetNode lastInRange(ScoreRange range) {
        if (range.isEmpty() || tail == null || !range.aboveMin(tail.score) || !range.belowMax(first().score)) {
            return null;
        }
        ZSetNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.belowMax(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        return x != header && range.aboveMin(x.score) ? x : null;
    }

    ZSetNode firstInRange(LexRange range) {
        if (range.isEmpty() || tail == null || !range.aboveMin(tail.key) || !range.belowMax(first().key)) {
            return null;
        }
        ZSetNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.aboveMin(x.forward[i].key)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && range.belowMax(x.key) ? x : null;
    }

    ZSetNode lastInRange(LexRange range) {
        if (range.isEmpty() || tail == null || !range.aboveMin(tail.key) || !range.belowMax(first().key)) {
            return null;
        }
        ZSetNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.belowMax(x.forward[i].key)) {
                x = x.forward[i];
            }
        }
        return x != header && range.aboveMin(x.key) ? x : null;
    }
}

package dev.keyslot.datanode.pubsub;

/** Classes of keyspace events, with their notify-keyspace-events letters and Redis's bit values. */
public enum NotifyType {
    GENERIC('g', 1 << 2),
    STRING('$', 1 << 3),
    LIST('l', 1 << 4),
    SET('s', 1 << 5),
    HASH('h', 1 << 6),
    ZSET('z', 1 << 7),
    EXPIRED('x', 1 << 8),
    EVICTED('e', 1 << 9),
    STREAM('t', 1 << 10),
    KEY_MISS('m', 1 << 11),
    MODULE('d', 1 << 13),
    NEW('n', 1 << 14);

    final char letter;
    final int bit;

    NotifyType(char letter, int bit) {
        this.letter = letter;
        this.bit = bit;
    }
}

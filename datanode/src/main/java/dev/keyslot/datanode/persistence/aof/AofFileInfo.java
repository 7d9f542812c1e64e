package dev.keyslot.datanode.persistence.aof;

/** One line of the AOF manifest: a file of the multi-part AOF, its sequence number and type. */
record AofFileInfo(String name, long seq, Type type) {
    /** The type letters of the manifest. */
    enum Type {
        BASE('b'), HISTORY('h'), INCR('i');

        final char letter;

        Type(char letter) {
            this.letter = letter;
        }

        static Type of(char letter) {
            for (Type t : values()) {
                if (t.letter == letter) {
                    return t;
                }
            }
            return null;
        }
    }

    AofFileInfo as(Type newType) {
        return new AofFileInfo(name, seq, newType);
    }
}

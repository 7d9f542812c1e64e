package dev.keyslot.datanode.command;

/**
 * One of a command's key specs, as Redis 7.0 declares them: where the search for the first key begins (an
 * index, or the argument after a keyword), how the keys go on from there (a range, or a count argument
 * followed by that many keys), the flags of every key it finds, and an optional note. COMMAND INFO prints
 * them, COMMAND GETKEYS and ACL key checks find keys with them. Immutable: the builder methods return copies.
 */
public final class KeySpec {
    /** Where the first key is searched for. */
    public sealed interface BeginSearch permits Index, Keyword, Unknown {
    }

    /** How the keys continue from the first. */
    public sealed interface FindKeys permits Range, Keynum, Unknown {
    }

    /** The first key is at this argument index. */
    public record Index(int position) implements BeginSearch {
    }

    /**
     * The first key follows the keyword, looked for from startFrom on (a negative startFrom counts from the
     * end and searches backwards).
     */
    public record Keyword(String keyword, int startFrom) implements BeginSearch {
    }

    /**
     * Keys up to lastKey (relative to the first key; negative counts from the end), every keyStep-th one;
     * with lastKey -1, a non-zero limit takes only that fraction of the remaining arguments.
     */
    public record Range(int lastKey, int keyStep, int limit) implements FindKeys {
    }

    /** The argument at keynumIndex (relative to the first) counts the keys, which start at firstKey. */
    public record Keynum(int keynumIndex, int firstKey, int keyStep) implements FindKeys {
    }

    /** The keys cannot be told from the arguments alone; the command's own key finder finds them. */
    public record Unknown() implements BeginSearch, FindKeys {
    }

    private final int flags;
    private final String notes;
    private final BeginSearch begin;
    private final FindKeys find;

    private KeySpec(int flags, String notes, BeginSearch begin, FindKeys find) {
        this.flags = flags;
        this.notes = notes;
        this.begin = begin;
        this.find = find;
    }

    /** A single key at the index (add {@link #range} or {@link #keynum} for more). */
    public static KeySpec index(int position) {
        return new KeySpec(0, null, new Index(position), new Range(0, 1, 0));
    }

    /** A single key after the keyword (add {@link #range} for more). */
    public static KeySpec keyword(String keyword, int startFrom) {
        return new KeySpec(0, null, new Keyword(keyword, startFrom), new Range(0, 1, 0));
    }

    /** Keys only the command's own key finder can find. */
    public static KeySpec unknown() {
        Unknown unknown = new Unknown();
        return new KeySpec(0, null, unknown, unknown);
    }

    public KeySpec range(int lastKey, int keyStep, int limit) {
        return new KeySpec(flags, notes, begin, new Range(lastKey, keyStep, limit));
    }

    public KeySpec keynum(int keynumIndex, int firstKey, int keyStep) {
        return new KeySpec(flags, notes, begin, new Keynum(keynumIndex, firstKey, keyStep));
    }

    /** Sets the flags from their wire names, e.g. "RW access delete". */
    public KeySpec flags(String names) {
        return new KeySpec(KeySpecFlag.parse(names), notes, begin, find);
    }

    public KeySpec notes(String text) {
        return new KeySpec(flags, text, begin, find);
    }

    public int flags() {
        return flags;
    }

    public boolean has(KeySpecFlag flag) {
        return flag.in(flags);
    }

    /** The note, or null. */
    public String notes() {
        return notes;
    }

    public BeginSearch begin() {
        return begin;
    }

    public FindKeys find() {
        return find;
    }
}

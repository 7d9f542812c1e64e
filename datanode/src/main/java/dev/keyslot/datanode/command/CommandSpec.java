package dev.keyslot.datanode.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A row of the command table: name, arity (negative means "at least"), flags, the legacy key positions
 * (first, last, step; last -1 means "to the end"), ACL categories, and the handler. Container commands
 * (CONFIG, CLIENT, ...) hold subcommands named "parent|sub". Also keeps the per-command statistics that
 * INFO commandstats reports.
 */
public final class CommandSpec {
    private final String name;
    private final String fullName;
    private final int arity;
    private final int flags;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final long categories;
    private final CommandHandler handler;
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    private final CommandSpec parent;
    /** COMMAND INFO's command tips, e.g. "nondeterministic_output". */
    private List<String> tips = List.of();
    /** Where the keys are and how they are used, as COMMAND INFO prints them. */
    private List<KeySpec> keySpecs = List.of();
    /** The flags of the keys the key finder finds where the key specs cannot tell; null: no flags. */
    private KeyFlagsFinder keyFlagsFinder;
    /** RANDOMKEY and SCAN may lazily expire any keys: their DELs are not wrapped in MULTI/EXEC. */
    private boolean touchesArbitraryKeys;
    /** How a request's own flags differ from the declared ones; null when they never do. */
    private RequestFlags requestFlags;
    /** EXEC: what it ran was propagated command by command, so it never propagates itself. */
    private boolean propagatesItself = true;
    /** String writes that replace whole values through the keyspace, which measures the entries itself. */
    private boolean writesThroughKeyspace;

    /** Index of this command in ACL command bitmaps; -1 until the ACL numbers the table. */
    private int aclId = -1;

    public long calls;
    public long microseconds;
    public long rejectedCalls;
    public long failedCalls;

    CommandSpec(CommandSpec parent, String name, int arity, String flags, int firstKey, int lastKey, int keyStep,
                String categories, CommandHandler handler) {
        this.parent = parent;
        this.name = name.toLowerCase(Locale.ROOT);
        this.fullName = parent == null ? this.name : parent.name + "|" + this.name;
        this.arity = arity;
        this.flags = parseFlags(flags);
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.categories = implicitCategories(this.flags, parseCategories(categories));
        this.handler = handler;
    }

    private static int parseFlags(String flags) {
        int bits = 0;
        for (String f : flags.trim().split("\\s+")) {
            if (!f.isEmpty()) {
                bits |= CommandFlag.byWireName(f).bit();
            }
        }
        return bits;
    }

    private static long parseCategories(String categories) {
        long bits = 0;
        for (String c : categories.trim().split("\\s+")) {
            if (!c.isEmpty()) {
                bits |= AclCategory.byWireName(c.startsWith("@") ? c.substring(1) : c).bit();
            }
        }
        return bits;
    }

    /** The categories Redis derives from flags (setImplicitACLCategories). */
    private static long implicitCategories(int flags, long explicit) {
        long c = explicit;
        if ((flags & CommandFlag.WRITE.bit()) != 0) {
            c |= AclCategory.WRITE.bit();
        }
        if ((flags & CommandFlag.READONLY.bit()) != 0 && (explicit & AclCategory.SCRIPTING.bit()) == 0) {
            c |= AclCategory.READ.bit();
        }
        if ((flags & CommandFlag.ADMIN.bit()) != 0) {
            c |= AclCategory.ADMIN.bit() | AclCategory.DANGEROUS.bit();
        }
        if ((flags & CommandFlag.PUBSUB.bit()) != 0) {
            c |= AclCategory.PUBSUB.bit();
        }
        if ((flags & CommandFlag.FAST.bit()) != 0) {
            c |= AclCategory.FAST.bit();
        }
        if ((flags & CommandFlag.BLOCKING.bit()) != 0) {
            c |= AclCategory.BLOCKING.bit();
        }
        if ((c & AclCategory.FAST.bit()) == 0) {
            c |= AclCategory.SLOW.bit();
        }
        return c;
    }

    /** Adds a subcommand; the returned spec is the subcommand. */
    public CommandSpec sub(String name, int arity, String flags, int firstKey, int lastKey, int keyStep,
                           String categories, CommandHandler handler) {
        CommandSpec s = new CommandSpec(this, name, arity, flags, firstKey, lastKey, keyStep, categories, handler);
        subcommands.put(s.name, s);
        return s;
    }

    /** A keyless subcommand. */
    public CommandSpec sub(String name, int arity, String flags, String categories, CommandHandler handler) {
        return sub(name, arity, flags, 0, 0, 0, categories, handler);
    }

    /** Sets COMMAND INFO's tips; returns this for chaining after registration. */
    public CommandSpec tips(String... commandTips) {
        this.tips = List.of(commandTips);
        return this;
    }

    public List<String> tips() {
        return tips;
    }

    /**
     * Declares the key specs. They must boil down to the declared (first, last, step) as Redis derives its
     * legacy key range, and imply movablekeys exactly when the command is flagged so: the table cannot
     * disagree with itself. Returns this for chaining.
     */
    public CommandSpec keySpecs(KeySpec... specs) {
        List<KeySpec> declared = List.of(specs);
        LegacyKeyRange legacy = LegacyKeyRange.of(declared);
        if (legacy.first() != firstKey || legacy.last() != lastKey || legacy.step() != keyStep) {
            throw new IllegalStateException(fullName + ": key specs give keys (" + legacy.first() + ", "
                    + legacy.last() + ", " + legacy.step() + "), registered (" + firstKey + ", " + lastKey + ", "
                    + keyStep + ")");
        }
        if (legacy.coversAllKeys() == has(CommandFlag.MOVABLEKEYS)) {
            throw new IllegalStateException(fullName + ": movablekeys must be flagged exactly when the key range"
                    + " misses keys of the key specs");
        }
        this.keySpecs = declared;
        return this;
    }

    /** The one key spec of a command whose keys are its (first, last, step) range, with these flags. */
    public CommandSpec keySpecFlags(String flags) {
        int relativeLast = lastKey < 0 ? lastKey : lastKey - firstKey;
        return keySpecs(KeySpec.index(firstKey).range(relativeLast, keyStep, 0).flags(flags));
    }

    public List<KeySpec> keySpecs() {
        return keySpecs;
    }

    /** The flags of a key argument (found by the key finder) that the key specs cannot tell. */
    @FunctionalInterface
    public interface KeyFlagsFinder {
        int flagsOf(byte[][] argv, int position);
    }

    /** Declares how the flags of found keys are told when the key specs cannot; returns this for chaining. */
    public CommandSpec keyFlagsFoundBy(KeyFlagsFinder finder) {
        this.keyFlagsFinder = finder;
        return this;
    }

    /** The flags of the key at argv[position] by the command's own rule; 0 when it has none. */
    public int foundKeyFlags(byte[][] argv, int position) {
        return keyFlagsFinder == null ? 0 : keyFlagsFinder.flagsOf(argv, position);
    }

    /** Marks a command that may touch (and lazily expire) keys it was not given; returns this for chaining. */
    public CommandSpec touchesArbitraryKeys() {
        this.touchesArbitraryKeys = true;
        return this;
    }

    public boolean mayTouchArbitraryKeys() {
        return touchesArbitraryKeys;
    }

    /** Marks a command whose effects are propagated by the commands it runs (EXEC); returns this for chaining. */
    public CommandSpec propagatedByItsCommands() {
        this.propagatesItself = false;
        return this;
    }

    public boolean propagatesItself() {
        return propagatesItself;
    }

    /**
     * Marks a command whose every write goes through the keyspace's set, add, overwrite, setExpiry, persist or
     * delete, which measure the entry themselves, so the dataset accounting does not look its keys up again;
     * returns this for chaining.
     */
    public CommandSpec writesThroughKeyspace() {
        this.writesThroughKeyspace = true;
        return this;
    }

    public boolean isSizedByKeyspace() {
        return writesThroughKeyspace;
    }

    public String name() {
        return name;
    }

    /** "get", or "config|get" for a subcommand: the name used in errors and statistics. */
    public String fullName() {
        return fullName;
    }

    public CommandSpec parent() {
        return parent;
    }

    public int arity() {
        return arity;
    }

    public boolean arityMatches(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    public boolean has(CommandFlag flag) {
        return (flags & flag.bit()) != 0;
    }

    public int flags() {
        return flags;
    }

    /** The flags the admission checks apply to this request (see {@link RequestFlags}). */
    public int flagsFor(byte[][] argv) {
        return requestFlags == null ? flags : requestFlags.of(flags, argv);
    }

    /** Whether this request has the flag: {@link #has} with the request's own flags. */
    public boolean has(CommandFlag flag, byte[][] argv) {
        return (flagsFor(argv) & flag.bit()) != 0;
    }

    /** Makes the request's flags derive from its arguments; returns this for chaining. */
    public CommandSpec flagsDerivedBy(RequestFlags derivation) {
        this.requestFlags = derivation;
        return this;
    }

    public long categories() {
        return categories;
    }

    public boolean inCategory(AclCategory category) {
        return (categories & category.bit()) != 0;
    }

    public int aclId() {
        return aclId;
    }

    public void setAclId(int aclId) {
        this.aclId = aclId;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public CommandHandler handler() {
        return handler;
    }

    public boolean hasSubcommands() {
        return !subcommands.isEmpty();
    }

    public CommandSpec subcommand(String lowercaseName) {
        return subcommands.get(lowercaseName);
    }

    public Map<String, CommandSpec> subcommands() {
        return Collections.unmodifiableMap(subcommands);
    }

    /**
     * Finds the key arguments of commands whose keys move with their options (MIGRATE ... KEYS, numkeys
     * commands): Redis's getkeys procs.
     */
    @FunctionalInterface
    public interface KeyFinder {
        List<Integer> positions(byte[][] argv);
    }

    private KeyFinder keyFinder;

    /** Declares that the keys are found by finder rather than by (first, last, step). */
    public CommandSpec keysFoundBy(KeyFinder finder) {
        this.keyFinder = finder;
        return this;
    }

    public boolean hasKeyFinder() {
        return keyFinder != null;
    }

    /** Whether the command has a rule of its own for its keys or their flags (Redis's getkeys proc). */
    public boolean findsOwnKeys() {
        return keyFinder != null || keyFlagsFinder != null;
    }

    /** Positions of the key arguments in argv. */
    public List<Integer> keyPositions(byte[][] argv) {
        if (keyFinder != null) {
            return keyFinder.positions(argv);
        }
        List<Integer> positions = new ArrayList<>();
        if (firstKey <= 0) {
            return positions;
        }
        int argc = argv.length;
        int last = lastKey >= 0 ? lastKey : argc + lastKey;
        for (int i = firstKey; i <= last && i < argc; i += keyStep) {
            positions.add(i);
        }
        return positions;
    }

    public void resetStats() {
        calls = 0;
        microseconds = 0;
        rejectedCalls = 0;
        failedCalls = 0;
        for (CommandSpec s : subcommands.values()) {
            s.resetStats();
        }
    }
}

package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.command.AclCategory;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.util.GlobMatcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One set of permissions of a user (Redis's aclSelector): the commands it may run (a bitmap indexed by
 * {@link CommandSpec#aclId()}, plus allowed first arguments), the key patterns and the channel patterns.
 * A user has a root selector and any number of extra "(...)" selectors; a command is allowed when one of
 * them allows it entirely.
 */
final class Selector {
    private final boolean root;
    private boolean allKeys;
    private boolean allChannels;
    /** Set by +@all, cleared as soon as any command is removed: the command bitmap need not be read. */
    private boolean allCommands;
    /** Set by +@all, cleared only by -@all: commands registered after numbering are allowed. */
    private boolean futureCommands;
    private long[] commands;
    /** Allowed first arguments of otherwise denied commands (+select|0), by command id; null when none. */
    private Map<Integer, List<String>> firstArgs;
    private final List<KeyPattern> keys = new ArrayList<>();
    private final List<String> channels = new ArrayList<>();

    Selector(boolean root, boolean allChannels, int commandCount) {
        this.root = root;
        this.allChannels = allChannels;
        this.commands = new long[(commandCount + 63) / 64];
    }

    Selector copy() {
        Selector s = new Selector(root, allChannels, 0);
        s.allKeys = allKeys;
        s.allCommands = allCommands;
        s.futureCommands = futureCommands;
        s.commands = commands.clone();
        if (firstArgs != null) {
            s.firstArgs = new LinkedHashMap<>();
            firstArgs.forEach((id, args) -> s.firstArgs.put(id, new ArrayList<>(args)));
        }
        for (KeyPattern k : keys) {
            s.keys.add(k.copy());
        }
        s.channels.addAll(channels);
        return s;
    }

    boolean isRoot() {
        return root;
    }

    boolean allKeys() {
        return allKeys;
    }

    boolean allChannels() {
        return allChannels;
    }

    /** Whether any key may be read (allkeys, or a "*" pattern with read access), as SORT's BY and GET need. */
    boolean readsEveryKey() {
        if (allKeys) {
            return true;
        }
        for (KeyPattern k : keys) {
            if ((k.access & KeyPattern.READ) != 0 && k.pattern.equals("*")) {
                return true;
            }
        }
        return false;
    }

    boolean allCommands() {
        return allCommands;
    }

    boolean futureCommands() {
        return futureCommands;
    }

    List<String> channels() {
        return channels;
    }

    long[] commandBits() {
        return commands;
    }

    /**
     * Redis's ACLSetSelector: applies one rule that is not about the user as a whole. Without a catalog
     * (checking redis.conf user lines before the command table exists) command rules are not checked.
     */
    void apply(String op, CommandCatalog catalog) throws AclRuleException {
        if (catalog == null && (op.startsWith("+") || op.startsWith("-"))
                && !op.equalsIgnoreCase("+@all") && !op.equalsIgnoreCase("-@all")) {
            return;
        }
        if (op.equalsIgnoreCase("allkeys") || op.equalsIgnoreCase("~*")) {
            allKeys = true;
            keys.clear();
        } else if (op.equalsIgnoreCase("resetkeys")) {
            allKeys = false;
            keys.clear();
        } else if (op.equalsIgnoreCase("allchannels") || op.equalsIgnoreCase("&*")) {
            allChannels = true;
            channels.clear();
        } else if (op.equalsIgnoreCase("resetchannels")) {
            allChannels = false;
            channels.clear();
        } else if (op.equalsIgnoreCase("allcommands") || op.equalsIgnoreCase("+@all")) {
            allowAll();
        } else if (op.equalsIgnoreCase("nocommands") || op.equalsIgnoreCase("-@all")) {
            denyAll();
        } else if (op.startsWith("~") || op.startsWith("%")) {
            addKeyPattern(op);
        } else if (op.startsWith("&")) {
            addChannel(op);
        } else if (op.startsWith("+") && !op.startsWith("+@")) {
            allowCommand(op.substring(1), catalog);
        } else if (op.startsWith("-") && !op.startsWith("-@")) {
            CommandSpec cmd = catalog.lookup(op.substring(1));
            if (cmd == null) {
                throw new AclRuleException(RuleProblem.UNKNOWN_NAME);
            }
            changePermission(cmd, false);
        } else if (op.startsWith("+@") || op.startsWith("-@")) {
            AclCategory category = category(op.substring(2));
            if (category == null) {
                throw new AclRuleException(RuleProblem.UNKNOWN_NAME);
            }
            setCategory(category, op.charAt(0) == '+', catalog);
        } else {
            throw new AclRuleException(RuleProblem.SYNTAX);
        }
    }

    static AclCategory category(String name) {
        for (AclCategory c : AclCategory.values()) {
            if (c.wireName().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    void allowAll() {
        Arrays.fill(commands, -1L);
        allCommands = true;
        futureCommands = true;
        firstArgs = null;
    }

    void denyAll() {
        Arrays.fill(commands, 0L);
        allCommands = false;
        futureCommands = false;
        firstArgs = null;
    }

    private void addKeyPattern(String op) throws AclRuleException {
        if (allKeys) {
            throw new AclRuleException(RuleProblem.KEY_AFTER_ALL);
        }
        int access = 0;
        int offset = 1;
        if (op.charAt(0) == '%') {
            for (; offset < op.length(); offset++) {
                char ch = Character.toUpperCase(op.charAt(offset));
                if (ch == 'R' && (access & KeyPattern.READ) == 0) {
                    access |= KeyPattern.READ;
                } else if (ch == 'W' && (access & KeyPattern.WRITE) == 0) {
                    access |= KeyPattern.WRITE;
                } else if (op.charAt(offset) == '~') {
                    offset++;
                    break;
                } else {
                    throw new AclRuleException(RuleProblem.SYNTAX);
                }
            }
        } else {
            access = KeyPattern.ALL;
        }
        String pattern = op.substring(Math.min(offset, op.length()));
        if (hasSpaces(pattern)) {
            throw new AclRuleException(RuleProblem.SYNTAX);
        }
        for (KeyPattern k : keys) {
            if (k.pattern.equals(pattern)) {
                k.access |= access;
                return;
            }
        }
        keys.add(new KeyPattern(pattern, access));
    }

    private void addChannel(String op) throws AclRuleException {
        if (allChannels) {
            throw new AclRuleException(RuleProblem.CHANNEL_AFTER_ALL);
        }
        String pattern = op.substring(1);
        if (hasSpaces(pattern)) {
            throw new AclRuleException(RuleProblem.SYNTAX);
        }
        if (!channels.contains(pattern)) {
            channels.add(pattern);
        }
    }

    /** "+cmd", "+container|sub", or "+cmd|firstarg" for a command without subcommands. */
    private void allowCommand(String name, CommandCatalog catalog) throws AclRuleException {
        int bar = name.lastIndexOf('|');
        if (bar < 0) {
            CommandSpec cmd = catalog.lookup(name);
            if (cmd == null) {
                throw new AclRuleException(RuleProblem.UNKNOWN_NAME);
            }
            changePermission(cmd, true);
            return;
        }
        CommandSpec cmd = catalog.lookup(name.substring(0, bar));
        if (cmd == null) {
            throw new AclRuleException(RuleProblem.UNKNOWN_NAME);
        }
        if (cmd.parent() != null) {
            throw new AclRuleException(RuleProblem.SUBCOMMAND_FIRST_ARG);
        }
        String sub = name.substring(bar + 1);
        if (sub.isEmpty()) {
            throw new AclRuleException(RuleProblem.SYNTAX);
        }
        if (cmd.hasSubcommands()) {
            CommandSpec subcommand = catalog.lookup(name);
            if (subcommand == null) {
                throw new AclRuleException(RuleProblem.UNKNOWN_NAME);
            }
            changePermission(subcommand, true);
        } else {
            addFirstArg(cmd.aclId(), sub);
        }
    }

    private void addFirstArg(int id, String arg) {
        if (firstArgs == null) {
            firstArgs = new LinkedHashMap<>();
        }
        List<String> args = firstArgs.computeIfAbsent(id, k -> new ArrayList<>());
        for (String a : args) {
            if (a.equalsIgnoreCase(arg)) {
                return;
            }
        }
        args.add(arg);
    }

    List<String> firstArgs(int id) {
        return firstArgs == null ? null : firstArgs.get(id);
    }

    /** Allowing or denying a command also covers its subcommands, and drops its allowed first arguments. */
    void changePermission(CommandSpec cmd, boolean allow) {
        setBit(cmd.aclId(), allow);
        if (firstArgs != null) {
            firstArgs.remove(cmd.aclId());
        }
        for (CommandSpec sub : cmd.subcommands().values()) {
            setBit(sub.aclId(), allow);
        }
    }

    /** Redis's category rule: each command of the category, then each subcommand of the category. */
    void setCategory(AclCategory category, boolean allow, CommandCatalog catalog) {
        for (CommandSpec cmd : catalog.all()) {
            if (cmd.inCategory(category)) {
                changePermission(cmd, allow);
            }
        }
    }

    private void setBit(int id, boolean value) {
        if (id < 0 || id / 64 >= commands.length) {
            return;
        }
        if (value) {
            commands[id / 64] |= 1L << (id % 64);
        } else {
            commands[id / 64] &= ~(1L << (id % 64));
            allCommands = false;
        }
    }

    boolean hasBit(int id) {
        if (id < 0 || id / 64 >= commands.length) {
            return futureCommands;
        }
        return (commands[id / 64] & (1L << (id % 64))) != 0;
    }

    /** The command part of the check: the bitmap, or an allowed first argument. */
    boolean mayRun(CommandSpec cmd, byte[][] argv) {
        if (allCommands || hasBit(cmd.aclId())) {
            return true;
        }
        List<String> allowed = firstArgs(cmd.aclId());
        if (argv.length < 2 || allowed == null) {
            return false;
        }
        String first = new String(argv[1], StandardCharsets.ISO_8859_1);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(first)) {
                return true;
            }
        }
        return false;
    }

    /** True when some pattern grants the access (KeyPattern.READ/WRITE bits) and matches the key. */
    boolean mayAccessKey(byte[] key, int access) {
        if (allKeys) {
            return true;
        }
        for (KeyPattern k : keys) {
            if ((k.access & access) == access && GlobMatcher.matches(k.patternBytes, key)) {
                return true;
            }
        }
        return false;
    }

    /** Channels are matched against the patterns; a PSUBSCRIBE pattern only equals a pattern literally. */
    boolean mayUseChannel(byte[] channel, boolean isPattern) {
        if (allChannels) {
            return true;
        }
        String name = new String(channel, StandardCharsets.ISO_8859_1);
        for (String p : channels) {
            if (isPattern ? p.equals(name)
                    : GlobMatcher.matches(p.getBytes(StandardCharsets.ISO_8859_1), channel)) {
                return true;
            }
        }
        return false;
    }

    /** ACL GETUSER's "keys" field. */
    String keysField() {
        if (allKeys) {
            return "~*";
        }
        List<String> rules = new ArrayList<>();
        for (KeyPattern k : keys) {
            rules.add(k.rule());
        }
        return String.join(" ", rules);
    }

    /** ACL GETUSER's "channels" field. */
    String channelsField() {
        if (allChannels) {
            return "&*";
        }
        List<String> rules = new ArrayList<>();
        for (String c : channels) {
            rules.add("&" + c);
        }
        return String.join(" ", rules);
    }

    /** The selector in rule syntax as ACL LIST shows it: keys, channels, then the command rules. */
    String describe(CommandCatalog catalog) {
        StringBuilder sb = new StringBuilder();
        if (allKeys) {
            sb.append("~* ");
        } else {
            for (KeyPattern k : keys) {
                sb.append(k.rule()).append(' ');
            }
        }
        if (allChannels) {
            sb.append("&* ");
        } else {
            sb.append("resetchannels ");
            for (String c : channels) {
                sb.append('&').append(c).append(' ');
            }
        }
        sb.append(CommandRules.describe(this, catalog));
        return sb.toString();
    }

    static boolean hasSpaces(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c == ' ' || (c >= '\t' && c <= '\r')) {
                return true;
            }
        }
        return false;
    }
}

package dev.keyslot.datanode.command;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * All commands the server knows, filled by the {@link CommandGroup}s. Lookup is case-insensitive on the
 * raw argument bytes without allocating: names are hashed folding ASCII case.
 */
public final class CommandTable {
    /** By its own name, as the server's code finds it (Redis's orig_commands). */
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
    /** By the name clients call it by: its own, or the one rename-command gave it. */
    private final Map<String, CommandSpec> byCalledName = new LinkedHashMap<>();
    private String[] slotNames = new String[1024];
    private CommandSpec[] slots = new CommandSpec[1024];

    /** Registers a top-level command and returns it (add subcommands with {@link CommandSpec#sub}). */
    public CommandSpec add(String name, int arity, String flags, int firstKey, int lastKey, int keyStep,
                           String categories, CommandHandler handler) {
        CommandSpec spec = new CommandSpec(null, name, arity, flags, firstKey, lastKey, keyStep, categories, handler);
        if (byName.put(spec.name(), spec) != null) {
            throw new IllegalStateException("command registered twice: " + name);
        }
        byCalledName.put(spec.name(), spec);
        rebuildIndex();
        return spec;
    }

    /** A command without key arguments. */
    public CommandSpec add(String name, int arity, String flags, String categories, CommandHandler handler) {
        return add(name, arity, flags, 0, 0, 0, categories, handler);
    }

    /** A container command whose subcommands carry the handlers. */
    public CommandSpec container(String name, String categories) {
        return add(name, -2, "", 0, 0, 0, categories, null);
    }

    /**
     * rename-command: the command called from answers to to instead, or to no name when to is empty; the
     * exception's message is Redis's reason when refused.
     */
    public void rename(String from, String to) {
        CommandSpec spec = byCalledName.remove(from.toLowerCase(Locale.ROOT));
        if (spec == null) {
            throw new IllegalArgumentException("No such command in rename-command");
        }
        if (!to.isEmpty() && byCalledName.putIfAbsent(to.toLowerCase(Locale.ROOT), spec) != null) {
            throw new IllegalArgumentException("Target command name already exists");
        }
        rebuildIndex();
    }

    public CommandSpec get(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** By the name clients call it by; null for an unknown name and for one rename-command took away. */
    public CommandSpec getCalled(String name) {
        return byCalledName.get(name.toLowerCase(Locale.ROOT));
    }

    /** The commands clients can call under some name, which COMMAND describes (Redis's server.commands). */
    public Collection<CommandSpec> callable() {
        return Collections.unmodifiableCollection(byCalledName.values());
    }

    public Collection<CommandSpec> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    public int size() {
        return byName.size();
    }

    public CommandSpec lookup(byte[] name) {
        int mask = slots.length - 1;
        for (int i = foldedHash(name) & mask; ; i = (i + 1) & mask) {
            CommandSpec s = slots[i];
            if (s == null) {
                return null;
            }
            if (equalsIgnoreCase(slotNames[i], name)) {
                return s;
            }
        }
    }

    private void rebuildIndex() {
        int size = slots.length;
        while (size < byCalledName.size() * 4) {
            size <<= 1;
        }
        CommandSpec[] fresh = new CommandSpec[size];
        String[] freshNames = new String[size];
        for (Map.Entry<String, CommandSpec> e : byCalledName.entrySet()) {
            byte[] n = e.getKey().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            int i = foldedHash(n) & (size - 1);
            while (fresh[i] != null) {
                i = (i + 1) & (size - 1);
            }
            fresh[i] = e.getValue();
            freshNames[i] = e.getKey();
        }
        slots = fresh;
        slotNames = freshNames;
    }

    private static int foldedHash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            int c = b;
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            h = h * 31 + c;
        }
        return h ^ (h >>> 16);
    }

    private static boolean equalsIgnoreCase(String lower, byte[] name) {
        if (lower.length() != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            int c = name[i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public void resetStats() {
        for (CommandSpec s : byName.values()) {
            s.resetStats();
        }
    }
}

package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The commands ACL rules refer to, numbered for the selectors' bitmaps: every top-level command and every
 * subcommand gets an id. Commands registered after numbering count as "future commands", allowed only to
 * selectors that were given +@all.
 */
public final class CommandCatalog {
    private final CommandTable table;
    private final List<CommandSpec> byId = new ArrayList<>();

    public CommandCatalog(CommandTable table) {
        this.table = table;
        for (CommandSpec spec : table.all()) {
            number(spec);
            for (CommandSpec sub : spec.subcommands().values()) {
                number(sub);
            }
        }
    }

    private void number(CommandSpec spec) {
        spec.setAclId(byId.size());
        byId.add(spec);
    }

    /** Every numbered command, parents before their subcommands. */
    List<CommandSpec> all() {
        return Collections.unmodifiableList(byId);
    }

    int size() {
        return byId.size();
    }

    /** Redis's lookup by "name" or "parent|sub" (one level only; a command without subcommands has none). */
    CommandSpec lookup(String name) {
        String[] parts = name.toLowerCase(Locale.ROOT).split("\\|", -1);
        if (parts.length > 2) {
            return null;
        }
        CommandSpec base = table.get(parts[0]);
        if (base == null || parts.length == 1) {
            return base;
        }
        if (!base.hasSubcommands()) {
            return null;
        }
        return base.subcommand(parts[1]);
    }
}

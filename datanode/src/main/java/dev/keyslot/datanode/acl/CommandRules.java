package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.command.AclCategory;
import dev.keyslot.datanode.command.CommandSpec;

import java.util.Arrays;
import java.util.List;

/**
 * Describes a selector's command bitmap as rules, the way Redis does: "+@all" or "-@all", then the
 * categories that fit best (greedily, in category order), then single commands and first arguments until
 * replaying the rules gives exactly the bitmap.
 */
final class CommandRules {
    private CommandRules() {
    }

    static String describe(Selector selector, CommandCatalog catalog) {
        StringBuilder rules = new StringBuilder();
        Selector replay = new Selector(false, false, catalog.size());
        boolean additive = !selector.futureCommands();
        if (additive) {
            rules.append("-@all ");
            replay.denyAll();
        } else {
            rules.append("+@all ");
            replay.allowAll();
        }
        Selector remaining = new Selector(false, false, catalog.size());
        System.arraycopy(selector.commandBits(), 0, remaining.commandBits(), 0, selector.commandBits().length);
        AclCategory[] categories = AclCategory.values();
        boolean[] applied = new boolean[categories.length];
        while (true) {
            int best = -1;
            long minDiff = Integer.MAX_VALUE;
            long maxSame = 0;
            for (int j = 0; j < categories.length; j++) {
                if (applied[j]) {
                    continue;
                }
                long on = 0;
                long off = 0;
                for (CommandSpec cmd : catalog.all()) {
                    if (cmd.inCategory(categories[j])) {
                        if (remaining.hasBit(cmd.aclId())) {
                            on++;
                        } else {
                            off++;
                        }
                    }
                }
                long diff = additive ? off : on;
                long same = additive ? on : off;
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
                    best = j;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best < 0) {
                break;
            }
            replay.setCategory(categories[best], additive, catalog);
            remaining.setCategory(categories[best], !additive, catalog);
            rules.append(additive ? "+@" : "-@").append(categories[best].wireName()).append(' ');
            applied[best] = true;
        }
        for (CommandSpec cmd : catalog.all()) {
            boolean wanted = selector.hasBit(cmd.aclId());
            if (wanted != replay.hasBit(cmd.aclId())) {
                rules.append(wanted ? '+' : '-').append(cmd.fullName()).append(' ');
                replay.changePermission(cmd, wanted);
            }
            List<String> firstArgs = selector.firstArgs(cmd.aclId());
            if (!wanted && firstArgs != null) {
                for (String arg : firstArgs) {
                    rules.append('+').append(cmd.fullName()).append('|').append(arg).append(' ');
                }
            }
        }
        rules.setLength(rules.length() - 1);
        if (!Arrays.equals(replay.commandBits(), selector.commandBits())) {
            throw new IllegalStateException("ACL rules do not reproduce the command bitmap: " + rules);
        }
        return rules.toString();
    }
}

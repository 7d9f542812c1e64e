package dev.keyslot.datanode.acl;

import java.util.List;

/**
 * `user` lines of redis.conf: checked while the file is read (Redis's ACLAppendUserForLoading, which lets
 * unknown command names pass until the command table exists) and applied at startup.
 */
public final class ConfiguredUsers {
    private ConfiguredUsers() {
    }

    /**
     * Checks "user name rules..." (args include the directive); returns Redis's error text or null.
     * {@code earlier} holds the already accepted lines, as [name, rules...].
     */
    public static String check(List<String> args, List<List<String>> earlier) {
        String name = args.get(1);
        for (List<String> line : earlier) {
            if (line.get(0).equals(name)) {
                return error(args, 1, RuleProblem.DUPLICATE_USER);
            }
        }
        List<String> rules = args.subList(2, args.size());
        List<String> merged = SelectorArgs.merge(rules);
        if (merged == null) {
            return error(args, 2 + rules.indexOf(SelectorArgs.unmatched(rules)), RuleProblem.SYNTAX);
        }
        User probe = new User(name, false, 0);
        for (int j = 0; j < merged.size(); j++) {
            try {
                probe.apply(merged.get(j), null, false);
            } catch (AclRuleException e) {
                // Redis reports the argument at the rule's index among the merged rules, counted from "user".
                return error(args, j, e.problem());
            }
        }
        return null;
    }

    private static String error(List<String> args, int index, RuleProblem problem) {
        return "Error in user declaration '" + args.get(index) + "': " + problem.message();
    }

    /** Creates the configured users (the default user is reset first); returns the error logged, or null. */
    static String apply(Acl acl, List<List<String>> lines) {
        for (List<String> line : lines) {
            String name = line.get(0);
            if (Selector.hasSpaces(name)) {
                return "Spaces not allowed in ACL usernames";
            }
            User u = acl.user(name);
            List<String> rules = SelectorArgs.merge(line.subList(1, line.size()));
            try {
                if (u == null) {
                    u = acl.newUser(name);
                    acl.addLoadedUser(u);
                } else {
                    u.apply("reset", acl.catalog(), acl.allChannelsByDefault());
                }
                for (String rule : rules) {
                    try {
                        u.apply(rule, acl.catalog(), acl.allChannelsByDefault());
                    } catch (AclRuleException e) {
                        return "Error loading ACL rule '" + rule + "' for the user named '" + name + "': "
                                + e.getMessage();
                    }
                }
            } catch (AclRuleException e) {
                throw new IllegalStateException("reset is always accepted", e);
            }
            if (!u.enabled()) {
                acl.logNotice("The user '" + name + "' is disabled (there is no 'on' modifier in the user "
                        + "description). Make sure this is not a configuration error.");
            }
        }
        acl.userChanged();
        return null;
    }
}

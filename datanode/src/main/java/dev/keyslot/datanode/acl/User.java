package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.util.ArgSplitter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An ACL user: on/off, password digests (or nopass), the payload sanitization flag and its selectors (the
 * root one first). Clients hold a reference to their user, so changes apply to them at once; a rule
 * change is applied to a copy first and copied back only when every rule was accepted.
 */
public final class User {
    private static final int ENABLED = 1;
    private static final int DISABLED = 2;
    private static final int NOPASS = 4;
    private static final int SKIP_SANITIZE_PAYLOAD = 8;
    private static final int SANITIZE_PAYLOAD = 16;

    private final String name;
    private int flags = DISABLED;
    private final List<String> passwords = new ArrayList<>();
    private final List<Selector> selectors = new ArrayList<>();
    /** ACL LIST's description, rebuilt lazily after a change. */
    private String description;
    /** The root selector allows every command, key and channel: permission checks can be skipped. */
    private boolean unrestricted;

    User(String name, boolean allChannelsByDefault, int commandCount) {
        this.name = name;
        selectors.add(new Selector(true, allChannelsByDefault, commandCount));
    }

    public String name() {
        return name;
    }

    /** True when the root selector grants everything: the per-command check has nothing to do. */
    public boolean unrestricted() {
        return unrestricted;
    }

    public boolean enabled() {
        return (flags & DISABLED) == 0;
    }

    public boolean nopass() {
        return (flags & NOPASS) != 0;
    }

    List<String> passwords() {
        return passwords;
    }

    List<Selector> selectors() {
        return selectors;
    }

    Selector root() {
        return selectors.get(0);
    }

    User copyNamed(String copyName) {
        User u = new User(copyName, false, 0);
        u.copyRulesFrom(this);
        return u;
    }

    /** Takes every rule of other, keeping this user's name (Redis's ACLCopyUser). */
    void copyRulesFrom(User other) {
        flags = other.flags;
        passwords.clear();
        passwords.addAll(other.passwords);
        selectors.clear();
        for (Selector s : other.selectors) {
            selectors.add(s.copy());
        }
        changed();
    }

    /** Redis's ACLSetUser: one rule about the user, or a rule for the root selector. */
    void apply(String op, CommandCatalog catalog, boolean allChannelsByDefault) throws AclRuleException {
        changed();
        if (op.isEmpty()) {
            return;
        }
        if (op.equalsIgnoreCase("on")) {
            flags = (flags | ENABLED) & ~DISABLED;
        } else if (op.equalsIgnoreCase("off")) {
            flags = (flags | DISABLED) & ~ENABLED;
        } else if (op.equalsIgnoreCase("skip-sanitize-payload")) {
            flags = (flags | SKIP_SANITIZE_PAYLOAD) & ~SANITIZE_PAYLOAD;
        } else if (op.equalsIgnoreCase("sanitize-payload")) {
            flags = (flags | SANITIZE_PAYLOAD) & ~SKIP_SANITIZE_PAYLOAD;
        } else if (op.equalsIgnoreCase("nopass")) {
            flags |= NOPASS;
            passwords.clear();
        } else if (op.equalsIgnoreCase("resetpass")) {
            flags &= ~NOPASS;
            passwords.clear();
        } else if (op.charAt(0) == '>' || op.charAt(0) == '#') {
            String digest = digestOf(op);
            if (!passwords.contains(digest)) {
                passwords.add(digest);
            }
            flags &= ~NOPASS;
        } else if (op.charAt(0) == '<' || op.charAt(0) == '!') {
            if (!passwords.remove(digestOf(op))) {
                throw new AclRuleException(RuleProblem.NO_SUCH_PASSWORD);
            }
        } else if (op.charAt(0) == '(' && op.charAt(op.length() - 1) == ')') {
            selectors.add(selectorFrom(op, catalog, allChannelsByDefault));
        } else if (op.equalsIgnoreCase("clearselectors")) {
            selectors.subList(1, selectors.size()).clear();
        } else if (op.equalsIgnoreCase("reset")) {
            apply("resetpass", catalog, allChannelsByDefault);
            apply("resetkeys", catalog, allChannelsByDefault);
            apply("resetchannels", catalog, allChannelsByDefault);
            if (allChannelsByDefault) {
                apply("allchannels", catalog, allChannelsByDefault);
            }
            apply("off", catalog, allChannelsByDefault);
            apply("sanitize-payload", catalog, allChannelsByDefault);
            apply("clearselectors", catalog, allChannelsByDefault);
            apply("-@all", catalog, allChannelsByDefault);
        } else {
            root().apply(op, catalog);
        }
        changed();
    }

    /* A password rule's digest: ">pass" and "<pass" hash the cleartext, "#hash" and "!hash" give it. */
    private static String digestOf(String op) throws AclRuleException {
        String rest = op.substring(1);
        if (op.charAt(0) == '>' || op.charAt(0) == '<') {
            return Passwords.hash(rest.getBytes(StandardCharsets.ISO_8859_1));
        }
        if (!Passwords.isValidHash(rest)) {
            throw new AclRuleException(RuleProblem.BAD_HASH);
        }
        return rest;
    }

    private static Selector selectorFrom(String op, CommandCatalog catalog, boolean allChannelsByDefault)
            throws AclRuleException {
        Selector s = new Selector(false, allChannelsByDefault, catalog.size());
        List<byte[]> ops = ArgSplitter.split(op.substring(1, op.length() - 1).getBytes(StandardCharsets.ISO_8859_1));
        if (ops != null) {
            for (byte[] inner : ops) {
                s.apply(new String(inner, StandardCharsets.ISO_8859_1), catalog);
            }
        }
        return s;
    }

    private void changed() {
        description = null;
        Selector root = selectors.isEmpty() ? null : selectors.get(0);
        unrestricted = root != null && root.allCommands() && root.allKeys() && root.allChannels();
    }

    /** Redis's credential check; a disabled user never matches. */
    boolean accepts(byte[] password) {
        if (!enabled()) {
            return false;
        }
        if (nopass()) {
            return true;
        }
        String digest = Passwords.hash(password);
        boolean match = false;
        for (String p : passwords) {
            match |= Passwords.sameDigest(p, digest);
        }
        return match;
    }

    /** The user flags in Redis's order, as ACL GETUSER lists them. */
    List<String> flagNames() {
        List<String> names = new ArrayList<>();
        if ((flags & ENABLED) != 0) {
            names.add("on");
        }
        if ((flags & DISABLED) != 0) {
            names.add("off");
        }
        if ((flags & NOPASS) != 0) {
            names.add("nopass");
        }
        if ((flags & SKIP_SANITIZE_PAYLOAD) != 0) {
            names.add("skip-sanitize-payload");
        }
        if ((flags & SANITIZE_PAYLOAD) != 0) {
            names.add("sanitize-payload");
        }
        return names;
    }

    /** The rules that recreate this user, as ACL LIST, ACL SAVE and CONFIG REWRITE write them. */
    String describe(CommandCatalog catalog) {
        if (description == null) {
            StringBuilder sb = new StringBuilder();
            for (String f : flagNames()) {
                sb.append(f).append(' ');
            }
            for (String p : passwords) {
                sb.append('#').append(p).append(' ');
            }
            for (Selector s : selectors) {
                if (s.isRoot()) {
                    sb.append(s.describe(catalog));
                } else {
                    sb.append(" (").append(s.describe(catalog)).append(')');
                }
            }
            description = sb.toString();
        }
        return description;
    }
}

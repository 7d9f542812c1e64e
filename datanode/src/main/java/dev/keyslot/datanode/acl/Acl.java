package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.connection.ClientInfoLine;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The ACL users of the server (Redis's Users radix tree, in byte order) with the default user every
 * connection starts as, authentication, the permission check, ACL LOG, and the link to `requirepass`.
 * Used on the command thread only.
 */
public final class Acl {
    public static final String DEFAULT_USER = "default";

    private final Server server;
    private final CommandCatalog catalog;
    private final PermissionCheck permissions = new PermissionCheck();
    private final AclLog log = new AclLog();
    private TreeMap<String, User> users = new TreeMap<>();
    private final User defaultUser;
    /** The user of connection-less clients (replication stream, AOF loading): allowed everything, never listed. */
    private final User superuser;
    /** The default user has a password or is off: new connections must authenticate (cached per command). */
    private boolean authRequired;

    public Acl(Server server) {
        this.server = server;
        this.catalog = new CommandCatalog(server.commands());
        this.defaultUser = createDefaultUser();
        this.superuser = newUser("(superuser)");
        applyAll(superuser, DEFAULT_USER_RULES);
        users.put(DEFAULT_USER, defaultUser);
        applyRequirepass(server.config().get("requirepass"));
        server.executor().addFilter(new AclFilter(this));
        server.config().onChange((name, value) -> {
            if (name.equals("requirepass")) {
                applyRequirepass(value);
            }
        });
    }

    private static final List<String> DEFAULT_USER_RULES = List.of("+@all", "~*", "&*", "on", "nopass");

    private User createDefaultUser() {
        User u = newUser(DEFAULT_USER);
        applyAll(u, DEFAULT_USER_RULES);
        return u;
    }

    private void applyAll(User u, List<String> ops) {
        try {
            for (String op : ops) {
                u.apply(op, catalog, allChannelsByDefault());
            }
        } catch (AclRuleException e) {
            throw new IllegalStateException("built-in ACL rule refused: " + e.getMessage(), e);
        }
    }

    /** requirepass sets the default user's only password, or makes it passwordless when empty. */
    private void applyRequirepass(String password) {
        applyAll(defaultUser, password.isEmpty() ? List.of("resetpass", "nopass") : List.of("resetpass", ">" + password));
        userChanged();
    }

    User newUser(String name) {
        return new User(name, allChannelsByDefault(), catalog.size());
    }

    boolean allChannelsByDefault() {
        return server.config().get("acl-pubsub-default").equals("allchannels");
    }

    CommandCatalog catalog() {
        return catalog;
    }

    public User defaultUser() {
        return defaultUser;
    }

    public User superuser() {
        return superuser;
    }

    public User user(String name) {
        return users.get(name);
    }

    /** Users in byte order of their names. */
    public Collection<User> users() {
        return users.values();
    }

    public boolean authRequired() {
        return authRequired;
    }

    void userChanged() {
        authRequired = !defaultUser.nopass() || !defaultUser.enabled();
    }

    /** A new connection's state: the default user, authenticated when it needs no password. */
    public void resetClient(Client c) {
        c.setAuthenticated(defaultUser.nopass() && defaultUser.enabled(), defaultUser);
    }

    /** AUTH and HELLO AUTH: on success the client becomes the user; a failure is logged. */
    public boolean authenticate(Client c, String username, byte[] password, String commandName) {
        User u = users.get(username);
        if (u != null && u.accepts(password)) {
            c.setAuthenticated(true, u);
            return true;
        }
        addLogEntry(c, "auth", commandName, username, commandName.toLowerCase(java.util.Locale.ROOT));
        return false;
    }

    /** The permission check of a command about to run (or queued in MULTI); see {@link PermissionCheck}. */
    public int check(Client c, CommandSpec cmd, byte[][] argv) {
        return permissions.check(c.user(), cmd, argv);
    }

    /** Whether the client's user may run the command and read any key: SORT's BY and GET patterns need it. */
    public boolean readsEveryKey(Client c, CommandSpec cmd, byte[][] argv) {
        return permissions.readsEveryKey(c.user(), cmd, argv);
    }

    /**
     * EXEC checks each queued command again, since the rules may have changed meanwhile: returns the
     * error for a denied one (logged), or null.
     */
    public String recheckQueued(Client c, CommandSpec cmd, byte[][] argv) {
        int result = check(c, cmd, argv);
        if (result == PermissionCheck.OK) {
            return null;
        }
        logDenial(c, result, cmd, argv, deniedPosition());
        String reason = switch (result) {
            case PermissionCheck.DENIED_KEY -> "no permission to touch the specified keys";
            case PermissionCheck.DENIED_CHANNEL -> "no permission to access one of the channels used as arguments";
            default -> "no permission to execute the command or subcommand";
        };
        return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. "
                + "This command is no longer allowed for the following reason: " + reason;
    }

    public int deniedPosition() {
        return permissions.deniedPosition();
    }

    PermissionCheck permissions() {
        return permissions;
    }

    /** Logs a refused command: reason "command", "key" or "channel" with the refused object. */
    public void logDenial(Client c, int result, CommandSpec cmd, byte[][] argv, int position) {
        logDenial(c, c.multi().inMulti() ? "multi" : "toplevel", cmd.fullName(), result, cmd, argv, position);
    }

    /**
     * A command called by a script, checked for the script's caller as Redis's scriptCall does: null when
     * allowed, else Redis's error text, the denial logged in the "lua" context with the caller's client.
     */
    public String checkScriptCall(Client caller, String callerCommand, CommandSpec cmd, byte[][] argv) {
        if (caller.user().unrestricted()) {
            return null;
        }
        int result = check(caller, cmd, argv);
        if (result == PermissionCheck.OK) {
            return null;
        }
        logDenial(caller, "lua", callerCommand, result, cmd, argv, deniedPosition());
        return "The user executing the script " + switch (result) {
            case PermissionCheck.DENIED_KEY -> "can't access at least one of the keys mentioned in the command arguments";
            case PermissionCheck.DENIED_CHANNEL -> "can't publish to the channel mentioned in the command";
            default -> "can't run this command or subcommand";
        };
    }

    private void logDenial(Client c, String context, String clientCommand, int result, CommandSpec cmd,
                           byte[][] argv, int position) {
        String reason = switch (result) {
            case PermissionCheck.DENIED_KEY -> "key";
            case PermissionCheck.DENIED_CHANNEL -> "channel";
            default -> "command";
        };
        String object = result == PermissionCheck.DENIED_COMMAND ? cmd.fullName()
                : new String(argv[position], java.nio.charset.StandardCharsets.ISO_8859_1);
        addLogEntry(c, context, reason, object, c.user().name(), clientCommand);
    }

    private void addLogEntry(Client c, String reason, String object, String username, String command) {
        addLogEntry(c, c.multi().inMulti() ? "multi" : "toplevel", reason, object, username, command);
    }

    private void addLogEntry(Client c, String context, String reason, String object, String username, String command) {
        log.add(new AclLog.Entry(reason, context, object, username, System.currentTimeMillis(),
                ClientInfoLine.format(c, c, command)), server.config().getLong("acllog-max-len"));
    }

    AclLog log() {
        return log;
    }

    /**
     * ACL SETUSER: applies the rules to a copy of the user (or a new one) and keeps the result only if all
     * were accepted. Returns Redis's error text, or null on success.
     */
    String setUser(String name, List<String> rules) {
        List<String> merged = SelectorArgs.merge(rules);
        if (merged == null) {
            return "Unmatched parenthesis in acl selector starting at '" + SelectorArgs.unmatched(rules) + "'.";
        }
        User existing = users.get(name);
        User candidate = existing == null ? newUser(name) : existing.copyNamed(name);
        for (String rule : merged) {
            try {
                candidate.apply(rule, catalog, allChannelsByDefault());
            } catch (AclRuleException e) {
                return "Error in ACL SETUSER modifier '" + Args.cString(rule) + "': " + e.getMessage();
            }
        }
        if (existing == null) {
            users.put(name, candidate);
        } else {
            disconnectSubscribersLosingChannels(existing, candidate);
            existing.copyRulesFrom(candidate);
        }
        userChanged();
        return null;
    }

    /** Subscribers of the user who lose a subscription's permission are disconnected. */
    private void disconnectSubscribersLosingChannels(User original, User updated) {
        List<String> upcoming = SubscriptionCheck.channelPatterns(updated);
        if (upcoming == null || SubscriptionCheck.nothingRevoked(original, upcoming)) {
            return;
        }
        List<Client> victims = new ArrayList<>();
        for (Client c : server.clients().all()) {
            if (c.user() == original && c.subscriptions().active()
                    && !SubscriptionCheck.allowed(c.subscriptions(), upcoming)) {
                victims.add(c);
            }
        }
        for (Client c : victims) {
            disconnect(c);
        }
    }

    /** ACL DELUSER: removes the users and disconnects their clients. Returns how many existed. */
    int deleteUsers(List<String> names) {
        int deleted = 0;
        for (String name : names) {
            User u = users.remove(name);
            if (u != null) {
                disconnectClientsOf(u);
                deleted++;
            }
        }
        return deleted;
    }

    private void disconnectClientsOf(User u) {
        List<Client> victims = new ArrayList<>();
        for (Client c : server.clients().all()) {
            if (c.user() == u) {
                victims.add(c);
            }
        }
        for (Client c : victims) {
            // Put back in the unauthenticated default state first, defensively, as Redis does.
            c.setAuthenticated(false, defaultUser);
            disconnect(c);
        }
    }

    /** The client running the current command is closed once its reply is written. */
    private void disconnect(Client c) {
        if (c == server.executor().currentClient()) {
            c.closeAfterReply();
        } else if (c.channel() != null) {
            c.channel().close();
        }
    }

    /**
     * Replaces every user by loaded ones (ACL LOAD, aclfile at startup): the default user object stays (its
     * rules are replaced) and clients of the other old users are disconnected.
     */
    void replaceUsers(TreeMap<String, User> loaded) {
        User newDefault = loaded.get(DEFAULT_USER);
        defaultUser.copyRulesFrom(newDefault == null ? createDefaultUser() : newDefault);
        loaded.put(DEFAULT_USER, defaultUser);
        TreeMap<String, User> old = users;
        users = loaded;
        old.remove(DEFAULT_USER);
        for (User u : old.values()) {
            disconnectClientsOf(u);
        }
        userChanged();
    }

    void addLoadedUser(User u) {
        users.put(u.name(), u);
        userChanged();
    }

    void logWarning(String message) {
        server.log().warning(message);
    }

    void logNotice(String message) {
        server.log().notice(message);
    }

    /** The configured aclfile, empty when there is none. */
    String aclFile() {
        return server.config().get("aclfile");
    }

    private Path workingDirectory() {
        return Path.of(server.config().get("dir"));
    }

    /** ACL LOAD: Redis's error text, or null when the users were replaced. */
    String loadFile() {
        return new AclFile(this, workingDirectory()).load(aclFile());
    }

    /** ACL SAVE: false (after logging why) when the file could not be written. */
    boolean saveFile() {
        return new AclFile(this, workingDirectory()).save(aclFile());
    }

    /**
     * Startup: the redis.conf user lines, then the aclfile (not both). Logs Redis's warnings and throws
     * when the server must not start.
     */
    public void loadAtStartup() {
        List<List<String>> configured = server.config().userLines();
        if (!aclFile().isEmpty() && !configured.isEmpty()) {
            throw startupFailure("Configuring Redis with users defined in redis.conf and at the same setting an ACL "
                    + "file path is invalid. This setup is very likely to lead to configuration errors and security "
                    + "holes, please define either an ACL file or declare users directly in your redis.conf, but "
                    + "not both.");
        }
        String error = ConfiguredUsers.apply(this, configured);
        if (error != null) {
            logWarning(error);
            throw startupFailure("Critical error while loading ACLs. Exiting.");
        }
        if (!aclFile().isEmpty()) {
            String errors = loadFile();
            if (errors != null) {
                throw startupFailure("Aborting Redis startup because of ACL errors: " + errors);
            }
        }
    }

    private IllegalStateException startupFailure(String message) {
        logWarning(message);
        return new IllegalStateException(message);
    }

    /** "user <name> <rules>" lines for ACL LIST, ACL SAVE and CONFIG REWRITE. */
    public List<String> userLines() {
        List<String> lines = new ArrayList<>();
        for (User u : users.values()) {
            lines.add("user " + u.name() + " " + u.describe(catalog));
        }
        return lines;
    }
}

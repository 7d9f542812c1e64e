package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.command.AclCategory;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** ACL SETUSER GETUSER DELUSER LIST USERS WHOAMI CAT LOG SAVE LOAD GENPASS DRYRUN HELP. */
public final class AclCommands implements CommandGroup {
    private static final String ADMIN = "admin noscript loading stale";
    private static final String PLAIN = "noscript loading stale";
    private static final int GENPASS_MAX_BITS = 4096;

    private final Server server;
    private final SecureRandom random = new SecureRandom();

    public AclCommands(Server server) {
        this.server = server;
    }

    private Acl acl() {
        return server.acl();
    }

    @Override
    public void register(CommandTable t) {
        CommandSpec c = t.container("acl", "");
        c.sub("setuser", -3, ADMIN, "", this::setUser);
        c.sub("getuser", 3, ADMIN, "", this::getUser);
        c.sub("deluser", -3, ADMIN, "", this::delUser);
        c.sub("list", 2, ADMIN, "", (client, argv) -> list(client, false));
        c.sub("users", 2, ADMIN, "", (client, argv) -> list(client, true));
        c.sub("whoami", 2, PLAIN, "", (client, argv) -> client.reply().bulk(Args.bytes(client.user().name())));
        c.sub("cat", -2, PLAIN, "", this::cat);
        c.sub("log", -2, ADMIN, "", this::log);
        c.sub("save", 2, ADMIN, "", this::save);
        c.sub("load", 2, ADMIN, "", this::load);
        c.sub("genpass", -2, PLAIN, "", this::genpass);
        c.sub("dryrun", -4, ADMIN, "", this::dryrun);
        c.sub("help", 2, "loading stale", "", (client, argv) -> HelpReply.send(client, argv[0], HELP));
    }

    private static CommandError syntax(byte[][] argv) {
        return new CommandError("ERR unknown subcommand or wrong number of arguments for '" + Args.str(argv[1])
                + "'. Try ACL HELP.");
    }

    private void setUser(Client c, byte[][] argv) {
        c.redactArgumentsFrom(2);
        String name = Args.str(argv[2]);
        if (Selector.hasSpaces(name)) {
            throw new CommandError("ERR Usernames can't contain spaces or null characters");
        }
        List<String> rules = new ArrayList<>();
        for (int i = 3; i < argv.length; i++) {
            rules.add(Args.str(argv[i]));
        }
        String error = acl().setUser(name, rules);
        if (error != null) {
            throw new CommandError("ERR " + error);
        }
        c.reply().ok();
    }

    private void getUser(Client c, byte[][] argv) {
        User u = acl().user(Args.str(argv[2]));
        Reply r = c.reply();
        if (u == null) {
            r.nullBulk();
            return;
        }
        r.mapHeader(6);
        r.bulk("flags");
        List<String> flags = u.flagNames();
        r.setHeader(flags.size());
        for (String f : flags) {
            r.bulk(f);
        }
        r.bulk("passwords");
        r.arrayHeader(u.passwords().size());
        for (String p : u.passwords()) {
            r.bulk(p);
        }
        describeSelector(r, u.root());
        r.bulk("selectors");
        r.arrayHeader(u.selectors().size() - 1);
        for (Selector s : u.selectors().subList(1, u.selectors().size())) {
            r.mapHeader(3);
            describeSelector(r, s);
        }
    }

    private void describeSelector(Reply r, Selector s) {
        r.bulk("commands");
        r.bulk(CommandRules.describe(s, acl().catalog()));
        r.bulk("keys");
        r.bulk(s.keysField());
        r.bulk("channels");
        r.bulk(s.channelsField());
    }

    private void delUser(Client c, byte[][] argv) {
        List<String> names = new ArrayList<>();
        for (int i = 2; i < argv.length; i++) {
            String name = Args.str(argv[i]);
            if (name.equals(Acl.DEFAULT_USER)) {
                throw new CommandError("ERR The 'default' user cannot be removed");
            }
            names.add(name);
        }
        c.reply().integer(acl().deleteUsers(names));
    }

    private void list(Client c, boolean namesOnly) {
        Reply r = c.reply();
        if (namesOnly) {
            r.arrayHeader(acl().users().size());
            for (User u : acl().users()) {
                r.bulk(u.name());
            }
        } else {
            List<String> lines = acl().userLines();
            r.arrayHeader(lines.size());
            for (String line : lines) {
                r.bulk(line);
            }
        }
    }

    private void cat(Client c, byte[][] argv) {
        Reply r = c.reply();
        if (argv.length == 2) {
            r.arrayHeader(AclCategory.values().length);
            for (AclCategory category : AclCategory.values()) {
                r.bulk(category.wireName());
            }
            return;
        }
        if (argv.length != 3) {
            throw syntax(argv);
        }
        AclCategory category = Selector.category(Args.str(argv[2]));
        if (category == null) {
            throw new CommandError("ERR Unknown category '" + Args.cString(argv[2], 128) + "'");
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : acl().catalog().all()) {
            if (spec.inCategory(category)) {
                names.add(spec.fullName());
            }
        }
        r.arrayHeader(names.size());
        for (String name : names) {
            r.bulk(name);
        }
    }

    private void log(Client c, byte[][] argv) {
        if (argv.length > 3) {
            throw syntax(argv);
        }
        long count = 10;
        if (argv.length == 3) {
            if (Args.is(argv[2], "reset")) {
                acl().log().reset();
                c.reply().ok();
                return;
            }
            count = Math.max(0, Args.toLong(argv[2]));
        }
        List<AclLog.Entry> entries = acl().log().newest(count);
        long now = System.currentTimeMillis();
        Reply r = c.reply();
        r.arrayHeader(entries.size());
        for (AclLog.Entry e : entries) {
            r.mapHeader(7);
            r.bulk("count");
            r.integer(e.count);
            r.bulk("reason");
            r.bulk(e.reason);
            r.bulk("context");
            r.bulk(e.context);
            r.bulk("object");
            r.bulk(Args.bytes(e.object));
            r.bulk("username");
            r.bulk(Args.bytes(e.username));
            r.bulk("age-seconds");
            r.doubleValue((now - e.millis) / 1000.0);
            r.bulk("client-info");
            r.bulk(Args.bytes(e.clientInfo));
        }
    }

    private void requireAclFile() {
        if (acl().aclFile().isEmpty()) {
            throw new CommandError("ERR This Redis instance is not configured to use an ACL file. You may want to "
                    + "specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have "
                    + "a Redis configuration file set) in order to store users in the Redis configuration.");
        }
    }

    private void save(Client c, byte[][] argv) {
        requireAclFile();
        if (!acl().saveFile()) {
            throw new CommandError("ERR There was an error trying to save the ACLs. Please check the server logs "
                    + "for more information");
        }
        c.reply().ok();
    }

    private void load(Client c, byte[][] argv) {
        requireAclFile();
        String errors = acl().loadFile();
        if (errors != null) {
            throw new CommandError("ERR " + errors);
        }
        c.reply().ok();
    }

    private void genpass(Client c, byte[][] argv) {
        if (argv.length > 3) {
            throw syntax(argv);
        }
        long bits = argv.length == 3 ? Args.toLong(argv[2]) : 256;
        if (bits <= 0 || bits > GENPASS_MAX_BITS) {
            throw new CommandError("ERR ACL GENPASS argument must be the number of bits for the output password, "
                    + "a positive number up to " + GENPASS_MAX_BITS);
        }
        int chars = (int) ((bits + 3) / 4);
        byte[] raw = new byte[(chars + 1) / 2];
        random.nextBytes(raw);
        c.reply().bulk(Args.bytes(HexFormat.of().formatHex(raw).substring(0, chars)));
    }

    private void dryrun(Client c, byte[][] argv) {
        User u = acl().user(Args.str(argv[2]));
        if (u == null) {
            throw new CommandError("ERR User '" + Args.cString(argv[2]) + "' not found");
        }
        byte[][] command = Arrays.copyOfRange(argv, 3, argv.length);
        CommandSpec spec = server.commands().lookup(command[0]);
        if (spec != null && spec.hasSubcommands() && command.length >= 2) {
            spec = spec.subcommand(Args.lower(command[1]));
        }
        if (spec == null) {
            throw new CommandError("ERR Command '" + Args.cString(argv[3]) + "' not found");
        }
        if (!spec.arityMatches(command.length)) {
            throw new CommandError("ERR wrong number of arguments for '" + spec.fullName() + "' command");
        }
        PermissionCheck check = acl().permissions();
        int result = check.check(u, spec, command);
        switch (result) {
            case PermissionCheck.OK -> c.reply().ok();
            case PermissionCheck.DENIED_COMMAND -> c.reply().bulk(Args.bytes(
                    "This user has no permissions to run the '" + spec.fullName() + "' command"));
            case PermissionCheck.DENIED_KEY -> c.reply().bulk(Args.bytes("This user has no permissions to access the '"
                    + Args.str(command[check.deniedPosition()]) + "' key"));
            default -> c.reply().bulk(Args.bytes("This user has no permissions to access the '"
                    + Args.str(command[check.deniedPosition()]) + "' channel"));
        }
    }

    private static final String[] HELP = {
        "CAT [<category>]",
        "    List all commands that belong to <category>, or all command categories",
        "    when no category is specified.",
        "DELUSER <username> [<username> ...]",
        "    Delete a list of users.",
        "DRYRUN <username> <command> [<arg> ...]",
        "    Returns whether the user can execute the given command without executing the command.",
        "GETUSER <username>",
        "    Get the user's details.",
        "GENPASS [<bits>]",
        "    Generate a secure 256-bit user password. The optional `bits` argument can",
        "    be used to specify a different size.",
        "LIST",
        "    Show users details in config file format.",
        "LOAD",
        "    Reload users from the ACL file.",
        "LOG [<count> | RESET]",
        "    Show the ACL log entries.",
        "SAVE",
        "    Save the current config to the ACL file.",
        "SETUSER <username> <attribute> [<attribute> ...]",
        "    Create or modify a user with the specified attributes.",
        "USERS",
        "    List all the registered usernames.",
        "WHOAMI",
        "    Return the current connection username.",
    };
}

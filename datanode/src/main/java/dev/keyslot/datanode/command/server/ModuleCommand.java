package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.nio.file.Path;
import java.util.Set;

/**
 * MODULE HELP, LIST, LOAD, LOADEX and UNLOAD. This server loads no native modules: none is ever listed, and
 * loading fails with Redis's reply and the log lines Redis writes for a path that is not a loadable module.
 */
public final class ModuleCommand implements CommandGroup {
    private static final String CHANGES = "no_async_loading admin noscript";
    private static final String LOAD_FAILED = "ERR Error loading the extension. Please check the server logs.";

    private final Server server;

    public ModuleCommand(Server server) {
        this.server = server;
    }

    @Override
    public void register(CommandTable t) {
        var module = t.container("module", "");
        module.sub("help", 2, "loading stale", "", (c, argv) -> HelpReply.send(c, argv[0], HELP));
        module.sub("list", 2, "admin noscript", "", (c, argv) -> c.reply().emptyArray())
                .tips("nondeterministic_output_order");
        var load = module.sub("load", -3, CHANGES, "", this::load);
        var loadex = module.sub("loadex", -3, CHANGES, "", this::loadex);
        var unload = module.sub("unload", 3, CHANGES, "", (c, argv) -> {
            throw new CommandError("ERR Error unloading module: no such module with that name");
        });
        server.executor().addFilter(new ProtectedCommandFilter(server.config(), "MODULE", "enable-module-command",
                Set.of(load, loadex, unload)));
    }

    private void load(Client c, byte[][] argv) {
        failToLoad(Args.str(argv[2]));
    }

    /** MODULE LOADEX path [CONFIG name value ...] [ARGS arg ...]: malformed options fail before the load does. */
    private void loadex(Client c, byte[][] argv) {
        for (int i = 3; i < argv.length; i++) {
            if (Args.is(argv[i], "config")) {
                if (i + 2 >= argv.length) {
                    server.log().notice("CONFIG specified without name value pair");
                    throw new CommandError(LOAD_FAILED);
                }
                i += 2;
            } else if (Args.is(argv[i], "args")) {
                break;
            } else {
                server.log().notice("Syntax Error from arguments to loadex around " + Args.str(argv[i]) + ".");
                throw new CommandError(LOAD_FAILED);
            }
        }
        failToLoad(Args.str(argv[2]));
    }

    private void failToLoad(String path) {
        // Redis resolves a relative path against its working directory, which is the configured dir.
        server.log().warning(ModuleLoadFailure.logLine(Path.of(server.config().get("dir")), path));
        throw new CommandError(LOAD_FAILED);
    }

    private static final String[] HELP = {
        "LIST",
        "    Return a list of loaded modules.",
        "LOAD <path> [<arg> ...]",
        "    Load a module library from <path>, passing to it any optional arguments.",
        "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
        "    Load a module library from <path>, while passing it module configurations and optional arguments.",
        "UNLOAD <name>",
        "    Unload a module.",
    };
}

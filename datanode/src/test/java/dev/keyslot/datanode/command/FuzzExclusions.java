package dev.keyslot.datanode.command;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the grammar fuzzer leaves out, each with the reason: commands whose reply cannot be the same on two
 * servers (clocks, randomness, process state) or that would disturb the run itself.
 */
final class FuzzExclusions {
    private static final String RANDOM = "reply is random";
    private static final String PROCESS = "reports process state (clock, ids, stats) that differs between servers";
    private static final String DISTURBS = "changes the server or connection under the run";
    private static final String SCRIPTING = "scripting is fuzzed separately";
    /** Lex ranges over a skiplist whose scores differ are unspecified: the walk depends on random levels. */
    static final String LEX_ON_MIXED_SCORES = "a lex range over members of different scores depends on the"
            + " skiplist's random levels";

    private static final Map<String, String> COMMANDS = Map.ofEntries(
            Map.entry("monitor", DISTURBS), Map.entry("subscribe", DISTURBS), Map.entry("psubscribe", DISTURBS),
            Map.entry("ssubscribe", DISTURBS), Map.entry("unsubscribe", DISTURBS),
            Map.entry("punsubscribe", DISTURBS), Map.entry("sunsubscribe", DISTURBS),
            Map.entry("shutdown", DISTURBS), Map.entry("debug", DISTURBS), Map.entry("quit", DISTURBS),
            Map.entry("save", DISTURBS), Map.entry("bgsave", DISTURBS), Map.entry("bgrewriteaof", DISTURBS),
            Map.entry("replicaof", DISTURBS), Map.entry("slaveof", DISTURBS), Map.entry("failover", DISTURBS),
            Map.entry("sync", DISTURBS), Map.entry("psync", DISTURBS), Map.entry("replconf", DISTURBS),
            Map.entry("migrate", DISTURBS), Map.entry("pfselftest", "takes seconds"),
            Map.entry("randomkey", RANDOM), Map.entry("spop", RANDOM), Map.entry("srandmember", RANDOM),
            Map.entry("hrandfield", RANDOM), Map.entry("zrandmember", RANDOM), Map.entry("acl|genpass", RANDOM),
            Map.entry("lolwut", RANDOM), Map.entry("zremrangebylex", LEX_ON_MIXED_SCORES),
            Map.entry("hello", PROCESS + " (the connection id, also inside EXEC); the pool switches to RESP3 with it"),
            Map.entry("time", PROCESS), Map.entry("info", PROCESS), Map.entry("lastsave", PROCESS),
            Map.entry("object|idletime", PROCESS), Map.entry("object|freq", PROCESS),
            Map.entry("acl|log", PROCESS), Map.entry("xinfo|consumers", "reports idle times"),
            Map.entry("command", "lists every command in hash order"),
            Map.entry("command|list", "lists every command in hash order"),
            Map.entry("acl|setuser", DISTURBS), Map.entry("acl|deluser", DISTURBS), Map.entry("acl|load", DISTURBS),
            Map.entry("acl|save", DISTURBS),
            Map.entry("eval", SCRIPTING), Map.entry("eval_ro", SCRIPTING), Map.entry("evalsha", SCRIPTING),
            Map.entry("evalsha_ro", SCRIPTING), Map.entry("fcall", SCRIPTING), Map.entry("fcall_ro", SCRIPTING));

    /** Whole command families, by first word. */
    private static final Map<String, String> FAMILIES = Map.of(
            "client", PROCESS, "config", PROCESS + " (CONFIG GET shows ports and paths)", "cluster", DISTURBS,
            "memory", PROCESS, "latency", PROCESS, "slowlog", PROCESS, "script", SCRIPTING, "function", SCRIPTING,
            "module", DISTURBS);

    /** Arguments never generated (by token, or name when they have none). */
    private static final Map<String, String> ARGUMENTS = Map.of(
            "xadd/*", "the ID would come from the clock: explicit IDs instead",
            "xinfo|stream/FULL", "reports delivery and seen times",
            "xpending/filters", "the extended form reports idle times",
            "sort/STORE", "with the pool's missing BY keys all weights tie, so a set's hash order would be stored",
            "zrangestore/BYLEX", LEX_ON_MIXED_SCORES);

    /** Commands that may block: sent inside MULTI ... EXEC, where nothing blocks. */
    private static final Set<String> BLOCKING = Set.of("blpop", "brpop", "brpoplpush", "blmove", "blmpop",
            "bzpopmin", "bzpopmax", "bzmpop", "wait", "xread", "xreadgroup");

    /**
     * Commands left out while a transaction is open: EXEC's reply is compared as a whole, and a SCAN cursor
     * into a hashtable in it is a hash position.
     */
    static final Set<String> NOT_IN_TRANSACTION = Set.of("scan", "hscan", "sscan", "zscan");

    /** Commands that wipe the pool or queue what follows: generated, but only rarely. */
    static final Set<String> RARE = Set.of("flushall", "flushdb", "swapdb", "reset", "select", "multi");

    private FuzzExclusions() {
    }

    static boolean mayBlock(DocCommand command) {
        return BLOCKING.contains(command.fullName());
    }

    static boolean excluded(DocCommand command) {
        return COMMANDS.containsKey(command.fullName())
                || FAMILIES.containsKey(command.words().get(0).toLowerCase(Locale.ROOT));
    }

    /** The argument is left out of the command. */
    static boolean excluded(DocCommand command, DocArgument argument) {
        String id = argument.token() != null ? argument.token() : argument.name();
        return ARGUMENTS.containsKey(command.fullName() + "/" + id);
    }
}

package dev.keyslot.operator.admin;

import java.util.List;

/**
 * The ACL user the operator's admin connections, replication links (masteruser) and MIGRATE (AUTH2) use, with
 * only what those send. The default user stays the application's, so rotating its password never touches the
 * operator's own access.
 */
public final class OperatorAcl {
    public static final String USER = "keyslot-operator";

    /**
     * The user's rules after its password: every key (MIGRATE moves any key), no channels, and these commands:
     * what {@link NodeAdmin} sends, ACL SETUSER for password rotation, what a replica sends to its master
     * (PING, REPLCONF, PSYNC/SYNC) and what MIGRATE sends to its target (SELECT, RESTORE-ASKING, RESTORE).
     */
    public static final List<String> RULES = List.of("on", "~*", "resetchannels", "-@all",
            "+ping", "+info",
            "+cluster|myid", "+cluster|nodes", "+cluster|info", "+cluster|meet", "+cluster|addslotsrange",
            "+cluster|replicate", "+cluster|forget", "+cluster|failover", "+cluster|setslot",
            "+cluster|countkeysinslot", "+cluster|getkeysinslot",
            "+config|get", "+config|set", "+acl|setuser",
            "+migrate", "+select", "+restore", "+restore-asking",
            "+replconf", "+psync", "+sync");

    private OperatorAcl() {
    }
}

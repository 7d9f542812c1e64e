package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.server.Client;

/**
 * The permission check before every command, right after authentication as in Redis's processCommand.
 * A user allowed everything costs one field read.
 */
final class AclFilter implements CommandFilter {
    private final Acl acl;

    AclFilter(Acl acl) {
        this.acl = acl;
    }

    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        if (client.user().unrestricted()) {
            return true;
        }
        int result = acl.check(client, spec, argv);
        if (result == PermissionCheck.OK) {
            return true;
        }
        acl.logDenial(client, result, spec, argv, acl.deniedPosition());
        throw new CommandError(switch (result) {
            case PermissionCheck.DENIED_KEY -> "NOPERM this user has no permissions to access one of the keys used as arguments";
            case PermissionCheck.DENIED_CHANNEL ->
                    "NOPERM this user has no permissions to access one of the channels used as arguments";
            default -> "NOPERM this user has no permissions to run the '" + spec.fullName() + "' command";
        });
    }

    @Override
    public int order() {
        return FIRST;
    }
}

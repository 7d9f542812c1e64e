package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.KeySearch;
import dev.keyslot.datanode.command.KeySpecFlag;

import java.util.List;

/**
 * Decides whether a user may run a command with its arguments (Redis's ACLCheckAllUserCommandPerm): some
 * selector must allow the command, every key with the access its key spec flags need (found as COMMAND
 * GETKEYSANDFLAGS finds them) and every channel. When none does, the reported denial is the command if no
 * selector allowed it, else the furthest key or channel refused.
 * Runs on the command thread only; the denied argument's position is kept in a field to avoid allocation.
 */
public final class PermissionCheck {
    /** Results, ordered as Redis orders them when choosing which denial to report. */
    public static final int OK = 0;
    public static final int DENIED_COMMAND = 1;
    public static final int DENIED_KEY = 2;
    public static final int DENIED_CHANNEL = 4;

    private int deniedPosition;

    /** The argv position of the refused key or channel after a DENIED_KEY or DENIED_CHANNEL result. */
    public int deniedPosition() {
        return deniedPosition;
    }

    public int check(User user, CommandSpec cmd, byte[][] argv) {
        if (user.unrestricted()) {
            return OK;
        }
        int relevant = DENIED_COMMAND;
        int lastPosition = 0;
        List<KeySearch.KeyReference> keys = null;
        for (Selector s : user.selectors()) {
            int result;
            if (!cmd.has(CommandFlag.NO_AUTH) && !s.mayRun(cmd, argv)) {
                result = DENIED_COMMAND;
            } else {
                if (keys == null && !s.allKeys()) {
                    keys = KeySearch.keys(cmd, argv);
                }
                result = s.allKeys() ? OK : checkKeys(s, argv, keys);
                if (result == OK && !s.allChannels()) {
                    result = checkChannels(s, cmd, argv);
                }
            }
            if (result == OK) {
                return OK;
            }
            if (result > relevant || (result == relevant && deniedPosition > lastPosition)) {
                relevant = result;
                lastPosition = deniedPosition;
            }
        }
        deniedPosition = lastPosition;
        return relevant;
    }

    /**
     * Whether some selector allows the command with its arguments and may read every key (Redis's
     * ACLUserCheckCmdWithUnrestrictedKeyAccess): SORT's BY and GET read keys no key spec names.
     */
    public boolean readsEveryKey(User user, CommandSpec cmd, byte[][] argv) {
        if (user.unrestricted()) {
            return true;
        }
        List<KeySearch.KeyReference> keys = null;
        for (Selector s : user.selectors()) {
            if (!s.readsEveryKey() || (!cmd.has(CommandFlag.NO_AUTH) && !s.mayRun(cmd, argv))) {
                continue;
            }
            if (!s.allKeys()) {
                if (keys == null) {
                    keys = KeySearch.keys(cmd, argv);
                }
                if (checkKeys(s, argv, keys) != OK) {
                    continue;
                }
            }
            if (s.allChannels() || checkChannels(s, cmd, argv) == OK) {
                return true;
            }
        }
        return false;
    }

    private int checkKeys(Selector s, byte[][] argv, List<KeySearch.KeyReference> keys) {
        for (KeySearch.KeyReference key : keys) {
            if (!s.mayAccessKey(argv[key.position()], access(key.flags()))) {
                deniedPosition = key.position();
                return DENIED_KEY;
            }
        }
        return OK;
    }

    /** The %R~ / %W~ permissions a key needs by its key spec flags: to read it, to change it, both or none. */
    private static int access(int keySpecFlags) {
        int access = KeySpecFlag.ACCESS.in(keySpecFlags) ? KeyPattern.READ : 0;
        if (KeySpecFlag.INSERT.in(keySpecFlags) || KeySpecFlag.DELETE.in(keySpecFlags)
                || KeySpecFlag.UPDATE.in(keySpecFlags)) {
            access |= KeyPattern.WRITE;
        }
        return access;
    }

    private int checkChannels(Selector s, CommandSpec cmd, byte[][] argv) {
        ChannelArgs channels = ChannelArgs.of(cmd);
        if (channels == null) {
            return OK;
        }
        int end = channels.all() ? argv.length : Math.min(2, argv.length);
        for (int i = 1; i < end; i++) {
            if (!s.mayUseChannel(argv[i], channels.patterns())) {
                deniedPosition = i;
                return DENIED_CHANNEL;
            }
        }
        return OK;
    }
}

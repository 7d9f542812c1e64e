package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;

import java.util.List;

/**
 * Decides whether a user may run a command with its arguments (Redis's ACLCheckAllUserCommandPerm): some
 * selector must allow the command, every key with the access it needs and every channel. When none does,
 * the reported denial is the command if no selector allowed it, else the furthest key or channel refused.
 * Runs on the command thread only; the denied argument's position is kept in a field to avoid allocation.
 */
public final class PermissionCheck {
    /** Results, ordered as Redis orders them when choosing which denial to report. */
    public static final int OK = 0;
    public static final int DENIED_COMMAND = 1;
    public static final int DENIED_KEY = 2;
    public static final int DENIED_CHANNEL = 4;

    private final KeyAccess keyAccess = new KeyAccess();
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
        List<Integer> keys = null;
        for (Selector s : user.selectors()) {
            int result;
            if (!cmd.has(CommandFlag.NO_AUTH) && !s.mayRun(cmd, argv)) {
                result = DENIED_COMMAND;
            } else {
                if (keys == null && !s.allKeys()) {
                    keys = cmd.keyPositions(argv);
                }
                result = s.allKeys() ? OK : checkKeys(s, cmd, argv, keys);
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

    private int checkKeys(Selector s, CommandSpec cmd, byte[][] argv, List<Integer> keys) {
        for (int position : keys) {
            int access = keyAccess.accessOf(cmd, argv, position);
            if (access != KeyAccess.NOT_A_KEY && !s.mayAccessKey(argv[position], access)) {
                deniedPosition = position;
                return DENIED_KEY;
            }
        }
        return OK;
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

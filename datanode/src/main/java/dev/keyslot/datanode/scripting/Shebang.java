package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.CommandError;

import java.nio.charset.StandardCharsets;

/**
 * The "#!lua flags=..." first line of an EVAL script. Without it the script runs in compatibility mode
 * (no declared flags: writes allowed, OOM checked per command). The shebang line is replaced by nothing
 * but its line feed stays, so line numbers in errors match the user's text.
 */
public record Shebang(boolean compat, int flags, int length) {
    static final Shebang NONE = new Shebang(true, 0, 0);

    static Shebang parse(byte[] body) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            return NONE;
        }
        int end = indexOf(body, (byte) '\n');
        if (end < 0) {
            throw new CommandError("ERR Invalid script shebang");
        }
        String[] parts = new String(body, 0, end, StandardCharsets.ISO_8859_1).trim().split("\\s+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            throw new CommandError("ERR Invalid engine in script shebang");
        }
        if (!parts[0].equals("#!lua")) {
            throw new CommandError("ERR Unexpected engine in script shebang: " + parts[0]);
        }
        int flags = 0;
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("flags=")) {
                throw new CommandError("ERR Unknown lua shebang option: " + parts[i]);
            }
            String list = parts[i].substring(6);
            for (String name : list.split(",", -1)) {
                if (list.isEmpty()) {
                    break;
                }
                ScriptFlag f = ScriptFlag.byName(name, false);
                if (f == null) {
                    throw new CommandError("ERR Unexpected flag in script shebang: " + name);
                }
                flags |= f.bit();
            }
        }
        return new Shebang(false, flags, end);
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}

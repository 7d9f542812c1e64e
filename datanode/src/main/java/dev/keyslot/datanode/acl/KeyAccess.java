package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What each key argument of a command does (read, write, both, or neither), from Redis's key specs, so
 * %R~ and %W~ patterns grant exactly what they grant in Redis. Keys are matched to key specs by where the
 * spec begins: after its keyword, or from its index on.
 */
final class KeyAccess {
    static final int NOT_A_KEY = -1;

    /** One key spec: where it begins (index, or keyword when non-null) and the access it needs. */
    private record Spec(int index, byte[] keyword, int access) {
    }

    private final Map<String, Spec[]> specs = new HashMap<>();

    KeyAccess() {
        try (InputStream in = KeyAccess.class.getResourceAsStream("key-access.txt")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    parse(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void parse(String line) {
        String[] words = line.split(" ");
        Spec[] parsed = new Spec[words.length - 1];
        for (int i = 1; i < words.length; i++) {
            String[] parts = words[i].split(":");
            String where = parts[0];
            int access = switch (parts[1]) {
                case "R" -> KeyPattern.READ;
                case "W" -> KeyPattern.WRITE;
                case "RW" -> KeyPattern.ALL;
                case "N" -> NOT_A_KEY;
                default -> 0;
            };
            parsed[i - 1] = where.startsWith("@")
                    ? new Spec(0, where.substring(1).getBytes(StandardCharsets.US_ASCII), access)
                    : new Spec(Integer.parseInt(where), null, access);
        }
        specs.put(words[0], parsed);
    }

    /** The access (KeyPattern bits, or NOT_A_KEY) the key at argv[position] needs. */
    int accessOf(CommandSpec cmd, byte[][] argv, int position) {
        Spec[] forCommand = specs.get(cmd.fullName());
        if (forCommand == null) {
            return cmd.has(CommandFlag.WRITE) ? KeyPattern.ALL : KeyPattern.READ;
        }
        Spec chosen = null;
        for (Spec s : forCommand) {
            if (s.keyword != null && keywordBefore(argv, position, s.keyword)) {
                chosen = s;
            }
        }
        if (chosen == null) {
            for (Spec s : forCommand) {
                if (s.keyword == null && s.index <= position && (chosen == null || s.index > chosen.index)) {
                    chosen = s;
                }
            }
        }
        if (chosen == null) {
            return KeyPattern.ALL;
        }
        if (cmd.fullName().equals("set") && !hasGetOption(argv)) {
            // SET only reads the old value when asked to return it.
            return KeyPattern.WRITE;
        }
        return chosen.access;
    }

    private static boolean keywordBefore(byte[][] argv, int position, byte[] keyword) {
        for (int j = position - 1; j >= 1; j--) {
            if (equalsIgnoreCase(argv[j], keyword)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasGetOption(byte[][] argv) {
        for (int j = 3; j < argv.length; j++) {
            if (equalsIgnoreCase(argv[j], GET)) {
                return true;
            }
        }
        return false;
    }

    private static final byte[] GET = {'g', 'e', 't'};

    private static boolean equalsIgnoreCase(byte[] arg, byte[] lower) {
        if (arg.length != lower.length) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int c = arg[i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }
}

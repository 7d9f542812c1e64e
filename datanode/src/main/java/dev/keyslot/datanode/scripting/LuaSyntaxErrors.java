package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

import java.util.Hashtable;
import java.util.regex.Pattern;

/**
 * Compile errors worded as C Lua 5.1 words them: "user_script:1: 'end' expected near '<eof>'". luaj's lexer leaves
 * out the token it stopped at, calls the end of input "<eos>" and numbers the token of an unexpected symbol; its
 * error method calls {@link #of} instead (a build step rewires it, see src/build/java/LuajPatches.java).
 */
public final class LuaSyntaxErrors {
    private static final Pattern NUMBERED_SYMBOL = Pattern.compile("^unexpected symbol \\d+ \\(.\\)$");

    private LuaSyntaxErrors() {
    }

    /** Lua 5.1 has no goto: luaj's lexer no longer reserves the word, so a script may name a variable so. */
    public static void withoutGoto(Hashtable<Object, Object> reserved) {
        reserved.remove(LuaValue.valueOf("goto"));
    }

    /** The error for message at line of chunk; near is the token's text, or null when the error names none. */
    public static LuaError of(String chunk, int line, String message, String near) {
        StringBuilder text = new StringBuilder(chunk).append(':').append(line).append(": ")
                .append(NUMBERED_SYMBOL.matcher(message).replaceFirst("unexpected symbol").replace("'<eos>'", "'<eof>'"));
        if (near != null) {
            int nul = near.indexOf('\0');
            String token = nul < 0 ? near : near.substring(0, nul);
            text.append(" near '").append(token.equals("<eos>") ? "<eof>" : token).append('\'');
        }
        return new LuaError(text.toString());
    }
}

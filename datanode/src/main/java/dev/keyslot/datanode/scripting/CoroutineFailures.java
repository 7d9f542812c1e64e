package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The error values of failed coroutines. luaj's coroutine keeps only its error's text, so resume gave "table: ..."
 * for error({...}) or a failed redis.call's error table, and a position for error('x', 0); the build step
 * (src/build/java/LuajPatches.java) makes the coroutine's thread hand its failure here, and resume takes the value.
 */
public final class CoroutineFailures {
    /** By coroutine state: written on the coroutine's thread before it wakes its resumer, read by the resumer. */
    private static final Map<Object, LuaValue> FAILURES = Collections.synchronizedMap(new WeakHashMap<>());

    private CoroutineFailures() {
    }

    /** Records why the coroutine with this state ended and returns the text luaj keeps. */
    public static String failed(Object state, Throwable t) {
        if (t instanceof LuaError e) {
            FAILURES.put(state, LuaErrors.value(e));
        }
        return t.getMessage();
    }

    /** The error value the coroutine failed with when it last ran, taken once; null when it did not fail. */
    static LuaValue take(LuaThread coroutine) {
        return FAILURES.remove(coroutine.state);
    }
}

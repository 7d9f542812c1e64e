package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaString;

/**
 * The field names of the Lua tables that stand for RESP types both ways (a script's reply, redis.call's result),
 * made once: a String name would be encoded into a new LuaString at every use.
 */
final class ReplyTableFields {
    static final LuaString ERR = LuaString.valueOf("err");
    static final LuaString OK = LuaString.valueOf("ok");
    static final LuaString DOUBLE = LuaString.valueOf("double");
    static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
    static final LuaString VERBATIM_STRING = LuaString.valueOf("verbatim_string");
    static final LuaString MAP = LuaString.valueOf("map");
    static final LuaString SET = LuaString.valueOf("set");

    private ReplyTableFields() {
    }
}

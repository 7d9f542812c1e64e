package dev.keyslot.datanode.persistence.rdb;

/** The RDB file's opcodes (rdb.h): bytes that take a type byte's place to announce something else. */
public final class RdbOpcode {
    public static final int FUNCTION2 = 245;
    public static final int FUNCTION = 246;
    public static final int MODULE_AUX = 247;
    public static final int IDLE = 248;
    public static final int FREQ = 249;
    public static final int AUX = 250;
    public static final int RESIZEDB = 251;
    public static final int EXPIRETIME_MS = 252;
    public static final int EXPIRETIME = 253;
    public static final int SELECTDB = 254;
    public static final int EOF = 255;

    private RdbOpcode() {
    }
}

package dev.keyslot.datanode.scripting;

/**
 * The settings of one cjson module, lua_cjson's json_config_t: the module's functions share them, a script's
 * cjson.encode_max_depth(n) and the like change them for every later script of the same interpreter (until SCRIPT
 * FLUSH starts a new one), and cjson.new() makes a module with its own.
 */
final class CjsonConfig {
    static final int INVALID_NUMBERS_OFF = 0;
    static final int INVALID_NUMBERS_ON = 1;
    static final int INVALID_NUMBERS_NULL = 2;

    boolean encodeSparseConvert;
    int encodeSparseRatio = 2;
    int encodeSparseSafe = 10;
    int encodeMaxDepth = 1000;
    int decodeMaxDepth = 1000;
    int encodeNumberPrecision = 14;
    /** No effect on results: lua_cjson's choice of keeping its output buffer between calls. */
    boolean encodeKeepBuffer = true;
    int encodeInvalidNumbers = INVALID_NUMBERS_OFF;
    boolean decodeInvalidNumbers = true;
}

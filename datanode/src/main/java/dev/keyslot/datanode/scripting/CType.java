package dev.keyslot.datanode.scripting;

/** C's <ctype.h> classes in the "C" locale, the one redis-server's Lua runs in: bytes from 128 up are in none. */
final class CType {
    private CType() {
    }

    static boolean isUpper(int c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isLower(int c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isAlpha(int c) {
        return isUpper(c) || isLower(c);
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlnum(int c) {
        return isAlpha(c) || isDigit(c);
    }

    static boolean isXDigit(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    static boolean isCntrl(int c) {
        return c < 32 || c == 127;
    }

    static boolean isPunct(int c) {
        return c > 32 && c < 127 && !isAlnum(c);
    }

    static int toLower(int c) {
        return isUpper(c) ? c + ('a' - 'A') : c;
    }

    static int toUpper(int c) {
        return isLower(c) ? c - ('a' - 'A') : c;
    }
}

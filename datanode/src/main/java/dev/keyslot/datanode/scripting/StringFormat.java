package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Lua 5.1's string.format, whose items are C's printf conversions: luaj formats %e, %f and %g with Java's
 * own number printing (string.format('%.3f', 1/3) gave 0.3333333333333333) and ignores the width of %s.
 * Floating conversions round the double's exact binary value half-to-even, as glibc does; arithmetic NaNs
 * print as "-nan", the sign x86 gives them.
 */
final class StringFormat extends VarArgFunction {
    private static final String FLAGS = "-+ #0";

    @Override
    public Varargs invoke(Varargs args) {
        LuaString format = checkString(args, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(format.length() + 16);
        int arg = 1;
        int i = 0;
        int n = format.length();
        while (i < n) {
            int ch = format.luaByte(i++);
            if (ch != '%') {
                out.write(ch);
                continue;
            }
            if (i < n && format.luaByte(i) == '%') {
                out.write('%');
                i++;
                continue;
            }
            if (++arg > args.narg()) {
                throw argError(arg, "no value");
            }
            Spec spec = new Spec();
            i = spec.parse(format, i);
            // A format ending inside an item reads C's terminating NUL as its conversion.
            char conversion = i < n ? (char) format.luaByte(i++) : '\0';
            switch (conversion) {
                case 'c' -> character(out, spec, X86Numbers.toInt(checkNumber(args, arg)));
                case 'd', 'i' -> spec.signedInteger(out, X86Numbers.toLong(checkNumber(args, arg)));
                case 'o', 'u', 'x', 'X' ->
                        spec.unsignedInteger(out, X86Numbers.toUnsignedLong(checkNumber(args, arg)), conversion);
                case 'e', 'E', 'f', 'g', 'G' -> spec.floating(out, checkNumber(args, arg), conversion);
                case 'q' -> quoted(out, checkString(args, arg));
                case 's' -> spec.string(out, checkString(args, arg));
                default -> throw new LuaError("invalid option '%" + (conversion == 0 ? "" : String.valueOf(conversion))
                        + "' to 'format'");
            }
        }
        return LuaString.valueOf(out.toByteArray());
    }

    /** sprintf's %c, of which Lua 5.1 keeps what comes before a NUL (it copies the item with strlen). */
    private static void character(ByteArrayOutputStream out, Spec spec, int c) {
        ByteArrayOutputStream item = new ByteArrayOutputStream();
        spec.pad(item, new byte[] {(byte) c}, "", false);
        byte[] bytes = item.toByteArray();
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        out.write(bytes, 0, length);
    }

    private static LuaError argError(int arg, String message) {
        return LuaArgs.argError(arg, "format", message);
    }

    private static double checkNumber(Varargs args, int arg) {
        LuaValue v = args.arg(arg);
        if (!v.isnumber()) {
            throw argError(arg, "number expected, got " + v.typename());
        }
        return v.todouble();
    }

    /** A string argument; numbers become text as Lua 5.1 converts them ({@link LuaNumberText}). */
    private static LuaString checkString(Varargs args, int arg) {
        LuaValue v = args.arg(arg);
        if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
            throw argError(arg, "string expected, got " + (arg > args.narg() ? "no value" : v.typename()));
        }
        return v.checkstring();
    }

    /** %q: a string Lua can read back; only quote, backslash, newline, CR and NUL are escaped. */
    private static void quoted(ByteArrayOutputStream out, LuaString s) {
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            int b = s.luaByte(i);
            switch (b) {
                case '"', '\\', '\n' -> {
                    out.write('\\');
                    out.write(b);
                }
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case 0 -> out.writeBytes(new byte[] {'\\', '0', '0', '0'});
                default -> out.write(b);
            }
        }
        out.write('"');
    }

    /** The flags, width and precision of one item. */
    private static final class Spec {
        boolean left;
        boolean plus;
        boolean space;
        boolean alternate;
        boolean zero;
        int width;
        int precision = -1;

        /** Reads flags, a width and a precision of at most two digits each, as Lua 5.1's scanformat. */
        int parse(LuaString f, int i) {
            int start = i;
            while (i < f.length() && FLAGS.indexOf(f.luaByte(i)) >= 0) {
                switch (f.luaByte(i++)) {
                    case '-' -> left = true;
                    case '+' -> plus = true;
                    case ' ' -> space = true;
                    case '#' -> alternate = true;
                    default -> zero = true;
                }
            }
            if (i - start >= FLAGS.length() + 1) {
                throw new LuaError("invalid format (repeated flags)");
            }
            int digits = 0;
            while (digits < 2 && i < f.length() && isDigit(f.luaByte(i))) {
                width = width * 10 + f.luaByte(i++) - '0';
                digits++;
            }
            if (i < f.length() && f.luaByte(i) == '.') {
                i++;
                precision = 0;
                digits = 0;
                while (digits < 2 && i < f.length() && isDigit(f.luaByte(i))) {
                    precision = precision * 10 + f.luaByte(i++) - '0';
                    digits++;
                }
            }
            if (i < f.length() && isDigit(f.luaByte(i))) {
                throw new LuaError("invalid format (width or precision too long)");
            }
            return i;
        }

        private static boolean isDigit(int b) {
            return b >= '0' && b <= '9';
        }

        void signedInteger(ByteArrayOutputStream out, long v) {
            String digits = v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(v));
            integer(out, digits, v < 0 ? "-" : plus ? "+" : space ? " " : "");
        }

        void unsignedInteger(ByteArrayOutputStream out, long v, char conversion) {
            String digits = switch (conversion) {
                case 'o' -> Long.toOctalString(v);
                case 'x' -> Long.toHexString(v);
                case 'X' -> Long.toHexString(v).toUpperCase();
                default -> Long.toUnsignedString(v);
            };
            String prefix = "";
            if (alternate && conversion == 'o' && !digits.startsWith("0")) {
                digits = "0" + digits;
            } else if (alternate && v != 0 && (conversion == 'x' || conversion == 'X')) {
                prefix = conversion == 'x' ? "0x" : "0X";
            }
            integer(out, digits, prefix);
        }

        private void integer(ByteArrayOutputStream out, String digits, String prefix) {
            if (precision == 0 && digits.equals("0")) {
                digits = "";
            }
            if (precision > digits.length()) {
                digits = "0".repeat(precision - digits.length()) + digits;
            }
            pad(out, ascii(digits), prefix, zero && precision < 0);
        }

        void string(ByteArrayOutputStream out, LuaString s) {
            byte[] bytes = new byte[s.length()];
            s.copyInto(0, bytes, 0, bytes.length);
            if (precision < 0 && bytes.length >= 100) {
                out.writeBytes(bytes);
                return;
            }
            int end = 0;
            // Shorter strings go through C's sprintf, where a NUL byte ends them.
            while (end < bytes.length && bytes[end] != 0 && (precision < 0 || end < precision)) {
                end++;
            }
            byte[] shown = new byte[end];
            System.arraycopy(bytes, 0, shown, 0, end);
            pad(out, shown, "", false);
        }

        void floating(ByteArrayOutputStream out, double v, char conversion) {
            boolean upper = Character.isUpperCase(conversion);
            boolean negative = Double.doubleToRawLongBits(v) < 0;
            String sign = negative ? "-" : plus ? "+" : space ? " " : "";
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                String text = Double.isNaN(v) ? "nan" : "inf";
                pad(out, ascii(upper ? text.toUpperCase() : text), sign, false);
                return;
            }
            BigDecimal magnitude = new BigDecimal(Math.abs(v));
            int p = precision < 0 ? 6 : precision;
            String body = switch (Character.toLowerCase(conversion)) {
                case 'f' -> fixed(magnitude, p);
                case 'e' -> scientific(magnitude, p, upper);
                default -> general(magnitude, p, upper);
            };
            pad(out, ascii(body), sign, zero);
        }

        private String fixed(BigDecimal magnitude, int p) {
            String text = magnitude.setScale(p, RoundingMode.HALF_EVEN).toPlainString();
            return p == 0 && alternate ? text + "." : text;
        }

        private String scientific(BigDecimal magnitude, int p, boolean upper) {
            Scientific s = Scientific.of(magnitude, p);
            StringBuilder b = new StringBuilder().append(s.digits.charAt(0));
            if (p > 0 || alternate) {
                b.append('.').append(s.digits, 1, s.digits.length());
            }
            return b.append(exponent(s.exponent, upper)).toString();
        }

        /** %g: %e or %f by the exponent, then trailing zeros dropped unless '#'. */
        private String general(BigDecimal magnitude, int p, boolean upper) {
            int significant = p == 0 ? 1 : p;
            int x = Scientific.of(magnitude, significant - 1).exponent;
            String text;
            String suffix = "";
            if (x < significant && x >= -4) {
                text = magnitude.setScale(significant - 1 - x, RoundingMode.HALF_EVEN).toPlainString();
            } else {
                Scientific s = Scientific.of(magnitude, significant - 1);
                text = s.digits.charAt(0) + (s.digits.length() > 1 ? "." + s.digits.substring(1) : "");
                suffix = exponent(s.exponent, upper);
            }
            if (alternate) {
                return (text.contains(".") ? text : text + ".") + suffix;
            }
            if (text.contains(".")) {
                text = text.replaceAll("0+$", "");
                if (text.endsWith(".")) {
                    text = text.substring(0, text.length() - 1);
                }
            }
            return text + suffix;
        }

        private static String exponent(int e, boolean upper) {
            String digits = Integer.toString(Math.abs(e));
            return (upper ? "E" : "e") + (e < 0 ? "-" : "+") + (digits.length() < 2 ? "0" : "") + digits;
        }

        /** Pads body (after prefix: a sign or 0x) to the width: zeros after the prefix, or spaces. */
        void pad(ByteArrayOutputStream out, byte[] body, String prefix, boolean zeroPad) {
            int fill = Math.max(0, width - body.length - prefix.length());
            if (left) {
                out.writeBytes(ascii(prefix));
                out.writeBytes(body);
                out.writeBytes(ascii(" ".repeat(fill)));
            } else if (zeroPad) {
                out.writeBytes(ascii(prefix + "0".repeat(fill)));
                out.writeBytes(body);
            } else {
                out.writeBytes(ascii(" ".repeat(fill) + prefix));
                out.writeBytes(body);
            }
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** A magnitude rounded to 1 + fractionDigits significant digits, and its decimal exponent. */
    private record Scientific(String digits, int exponent) {
        static Scientific of(BigDecimal magnitude, int fractionDigits) {
            if (magnitude.signum() == 0) {
                return new Scientific("0".repeat(fractionDigits + 1), 0);
            }
            BigDecimal rounded = magnitude.round(new MathContext(fractionDigits + 1, RoundingMode.HALF_EVEN));
            String unscaled = rounded.unscaledValue().toString();
            int exponent = unscaled.length() - 1 - rounded.scale();
            String digits = unscaled.length() > fractionDigits + 1 ? unscaled.substring(0, fractionDigits + 1)
                    : unscaled + "0".repeat(fractionDigits + 1 - unscaled.length());
            return new Scientific(digits, exponent);
        }
    }
}

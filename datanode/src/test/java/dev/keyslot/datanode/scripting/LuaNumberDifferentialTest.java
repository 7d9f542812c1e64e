package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Strings taken as numbers and NaNs in EVAL scripts, compared byte for byte with redis-server 7.0: Lua 5.1 reads a
 * string operand as strtod does (luaO_str2d), and glibc prints a NaN "-nan" or "nan" by its sign bit, which the
 * processor's arithmetic and each libm function set their own way.
 */
class LuaNumberDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    /** Each expression's value, or its error, as text: one reply for many expressions. */
    private static void results(String... expressions) {
        StringBuilder script = new StringBuilder("local r = {}\n");
        for (String e : expressions) {
            script.append("r[#r+1] = tostring(select(2, pcall(function() return ").append(e).append(" end)))\n");
        }
        script.append("return r");
        diff.check("EVAL", script.toString(), "0");
    }

    @Test
    void arithmeticReadsStringsAsStrtod() {
        results("'nan' + 0", "'-nan' + 0", "' nan ' * 1", "'nan(123)' + 0", "-'nan'", "'nan' ^ 2", "'nan' % 2",
                "'inf' + 0", "'-inf' - 1", "'infinity' / 2", "-'inf'", "'inf' % 2",
                "'0x1p4' * 1", "' 0x10 ' * 1", "'0x.8' + 0", "'0x1P-2' + 0", "'0xffffffffffffffffff' + 0",
                "'  1e5  ' + 0", "'0x' * 1", "'1e' + 0", "'1e+' + 0", "'0x1g' + 0", "'1 x' + 0", "'nanx' + 0",
                "'' + 0", "'inf' < 1", "'0x10' .. ''");
        results("math.floor('nan')", "math.abs('-nan')", "math.max('nan', 1)", "string.rep('a', '0x3')",
                "string.rep('a', 'nan')", "string.sub('abc', ' 0x2 ')", "tonumber('-nan')", "#tostring('nan' + 0)");
    }

    @Test
    void nanSignsFollowTheProcessorAndGlibc() {
        results("0/0", "-(0/0)", "-(-(0/0))", "(1/0) - (1/0)", "(1/0) * 0", "math.huge - math.huge",
                "(0/0) + 1", "-(0/0) + 1", "1 + -(0/0)", "-(0/0) * -(0/0)", "(0/0) + -(0/0)", "-(0/0) + (0/0)",
                "(0/0) * -(0/0)", "-(0/0) * (0/0)", "(0/0) - -(0/0)", "-(0/0) / (0/0)",
                "1 % 0", "(0/0) % 1", "-(0/0) % 1", "(1/0) % 1", "5 % (1/0)", "(0/0) ^ 1", "(0/0) ^ 2", "(-8) ^ (1/3)",
                "tonumber('nan') + 0", "tonumber('-nan') * 1", "-tonumber('nan')");
        results("math.abs(0/0)", "math.floor(0/0)", "math.ceil(-(0/0))", "math.asin(2)", "math.asin(-1/0)",
                "math.acos(2)", "math.acos(-2)", "math.asin(0/0)", "math.log(-1)", "math.log(-(0/0))",
                "math.log10(-1)", "math.log10(-1/0)", "math.log10(0/0)", "math.sqrt(-1)", "math.sqrt(-(0/0))",
                "math.fmod(1, 0)", "math.fmod(-(0/0), 1)", "math.fmod(1/0, 1)", "math.pow(-8, 1/3)", "math.pow(-2, 0.5)",
                "math.pow(0/0, 1)", "math.pow(0/0, -1)", "math.pow(0/0, 3)", "math.pow(-(0/0), 1)", "math.pow(0/0, 2)",
                "math.exp(-(0/0))", "math.sin(1/0)", "math.tan(-1/0)", "math.atan2(0/0, 1)", "math.max(0/0, 1)",
                "math.modf(0/0)", "select(2, math.modf(-(0/0)))", "math.frexp(0/0)", "math.ldexp(-(0/0), 1)");
        results("string.format('%f', 0/0)", "string.format('%f', -(0/0))", "string.format('%5.1f', math.asin(2))",
                "string.format('%e|%g|%G', 0/0, -(0/0), 0/0)", "string.format('%s', math.acos(2))",
                "table.concat({0/0, -(0/0), math.log10(-1)}, ',')", "(0/0) .. ''");
    }

    @Test
    void nanRepliesAndEncodingsKeepTheirSign() {
        diff.check("EVAL", "return {double = 0/0}", "0");
        diff.check("EVAL", "redis.setresp(3) return {double = -(0/0)}", "0");
        diff.check("EVAL", "redis.setresp(3) return {double = 0/0}", "0");
        diff.check("EVAL", "redis.setresp(3) return {double = math.asin(2)}", "0");
        diff.check("EVAL", "return cjson.encode({0/0})", "0");
        diff.check("EVAL", "return {cmsgpack.pack(0/0), cmsgpack.pack(-(0/0)), cmsgpack.pack(math.asin(2)),"
                + " cmsgpack.pack('-nan' + 0)}", "0");
        diff.check("EVAL", "return {struct.pack('d', 0/0), struct.pack('<d', -(0/0)), struct.pack('f', 0/0),"
                + " struct.pack('>d', math.log10(-1)), tostring(struct.unpack('f', struct.pack('f', 0/0)))}", "0");
        diff.check("EVAL", "return tostring(cjson.decode('[-nan]')[1]) .. tostring(cjson.decode('[NaN]')[1])", "0");
    }
}

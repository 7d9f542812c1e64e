package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cmsgpack library inside EVAL, compared byte for byte with redis-server 7.0. */
class CmsgpackDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeEach
    void reset() {
        diff.check("SCRIPT", "FLUSH");
    }

    private static void eval(String script) {
        diff.check("EVAL", script, "0");
    }

    @Test
    void packsEveryIntegerWidthBothSigns() {
        eval("return cmsgpack.pack(0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, 2^53)");
        eval("return cmsgpack.pack(-1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649, -2^53)");
        eval("return cmsgpack.pack(2^63, -2^63, 2^64, -0)");
    }

    @Test
    void packsFloatsDoublesStringsBooleansAndNil() {
        eval("return cmsgpack.pack(1.5, 0.1, -2.25, 1e300, 1/0, -1/0)");
        eval("return cmsgpack.pack('', 'abc', string.rep('x', 31), string.rep('y', 32), string.rep('z', 255))");
        eval("return cmsgpack.pack(string.rep('w', 256), string.rep('v', 65535))");
        eval("return #cmsgpack.pack(string.rep('u', 65536))");
        eval("return cmsgpack.pack(true, false, nil, function() end, cjson.null)");
    }

    @Test
    void packsTablesAsArraysOrMaps() {
        eval("return cmsgpack.pack({})");
        eval("return cmsgpack.pack({1, 2, 3, 'four', {5}})");
        eval("return cmsgpack.pack({a = 1})");
        eval("return cmsgpack.pack({[1] = 'a', [3] = 'c'})");
        eval("return cmsgpack.pack({[0] = 'zero'})");
        eval("return cmsgpack.pack({[1.5] = 'x'})");
        eval("local t = {} for i = 1, 16 do t[i] = i end return cmsgpack.pack(t)");
        eval("local t = {} for i = 1, 70000 do t[i] = i % 3 end return #cmsgpack.pack(t)");
        eval("local t = {} local c = t for i = 1, 20 do c[1] = {} c = c[1] end return cmsgpack.pack(t)");
        eval("local t = {} t[1] = t return cmsgpack.pack(t)");
    }

    @Test
    void unpacksWhatItPacks() {
        eval("return {cmsgpack.unpack(cmsgpack.pack(1, -1, 300, -300, 70000, -70000, 5000000000, -5000000000))}");
        eval("return {cmsgpack.unpack(cmsgpack.pack('a', {1, 2, {3, 'x'}}, true))}");
        eval("local t = cmsgpack.unpack(cmsgpack.pack({a = 1, b = {c = 'd'}})) return {t.a, t.b.c}");
        eval("return tostring(cmsgpack.unpack(cmsgpack.pack(1.5)))");
        eval("return tostring(cmsgpack.unpack(cmsgpack.pack(0.1)))");
        eval("return cmsgpack.unpack(cmsgpack.pack(false)) == false");
        eval("return {cmsgpack.unpack(cmsgpack.pack(nil, 1))}");
        eval("return tostring(cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255'))");
        eval("return tostring(cmsgpack.unpack('\\211\\128\\0\\0\\0\\0\\0\\0\\0'))");
        eval("return {cmsgpack.unpack('\\145\\192')}");
    }

    @Test
    void unpackOneAndUnpackLimitReturnTheNextOffset() {
        eval("local s = cmsgpack.pack(1, 'two', 3) return {cmsgpack.unpack_one(s)}");
        eval("local s = cmsgpack.pack(1, 'two', 3) return {cmsgpack.unpack_one(s, 1)}");
        eval("local s = cmsgpack.pack(1, 'two', 3) return {cmsgpack.unpack_one(s, 5)}");
        eval("local s = cmsgpack.pack(1, 'two', 3) return {cmsgpack.unpack_limit(s, 2)}");
        eval("local s = cmsgpack.pack(1, 'two', 3) return {cmsgpack.unpack_limit(s, 5, 1)}");
        eval("local s = cmsgpack.pack(1, 'two', 3) return {cmsgpack.unpack_limit(s, 0)}");
        eval("return {cmsgpack.unpack_one('', 0)}");
        eval("return {cmsgpack.unpack_one(cmsgpack.pack(1), 1)}");
    }

    @Test
    void badInputRaisesLuaErrors() {
        eval("return cmsgpack.pack()");
        eval("return cmsgpack.unpack('\\205\\1')");
        eval("return cmsgpack.unpack('\\193')");
        eval("return cmsgpack.unpack('\\196\\1a')");
        eval("return cmsgpack.unpack('\\146\\1')");
        eval("return cmsgpack.unpack('\\129\\192\\1')");
        eval("return cmsgpack.unpack_one('\\1', 5)");
        eval("return cmsgpack.unpack_one('\\1', -1)");
        eval("return cmsgpack.unpack_limit('\\1', -1)");
        eval("return cmsgpack.unpack_limit('\\1')");
        eval("return cmsgpack.unpack()");
        eval("return cmsgpack.unpack({})");
        eval("return pcall(cmsgpack.unpack, '\\217\\5ab')");
        eval("local t = {} for i = 1, 9000 do t[i] = i end return #{cmsgpack.unpack(cmsgpack.pack(unpack(t)))}");
        eval("local t = {} for i = 1, 4000 do t[i] = i end return #{cmsgpack.unpack(cmsgpack.pack(unpack(t)))}");
        eval("local t = {} for i = 1, 4001 do t[i] = i end return #{cmsgpack.unpack(cmsgpack.pack(unpack(t)))}");
        eval("local p = {} for i = 1, 7998 do p[i] = cmsgpack.pack(i) end return #{cmsgpack.unpack(table.concat(p))}");
        eval("local p = {} for i = 1, 7999 do p[i] = cmsgpack.pack(i) end return #{cmsgpack.unpack(table.concat(p))}");
        eval("local p = {} for i = 1, 7997 do p[i] = cmsgpack.pack(i) end p[7998] = cmsgpack.pack({1, {2}})"
                + " return #{cmsgpack.unpack(table.concat(p))}");
        eval("local p = {} for i = 1, 9000 do p[i] = cmsgpack.pack(i) end"
                + " return {cmsgpack.unpack_limit(table.concat(p), 2, 8998)}");
    }

    @Test
    void theLibraryTableIsReadOnlyAndDescribesItself() {
        eval("return {cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, cmsgpack._DESCRIPTION}");
        eval("cmsgpack.pack = nil return 1");
    }
}

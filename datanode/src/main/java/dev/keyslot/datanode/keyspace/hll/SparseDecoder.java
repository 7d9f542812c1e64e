package dev.keyslot.datanode.keyspace.hll;

/** PFDEBUG DECODE's text for a sparse HLL: "z:len" (ZERO), "Z:len" (XZERO), "v:value,len" (VAL). */
public final class SparseDecoder {
    private SparseDecoder() {
    }

    public static String decode(byte[] s) {
        StringBuilder out = new StringBuilder();
        int p = HllFormat.HEADER_SIZE;
        while (p < s.length) {
            byte b = s[p];
            if (out.length() > 0) {
                out.append(' ');
            }
            if (SparseOps.isZero(b)) {
                out.append("z:").append(SparseOps.zeroLen(b));
                p++;
            } else if (SparseOps.isXZero(b)) {
                out.append("Z:").append(SparseOps.xzeroLen(b, p + 1 < s.length ? s[p + 1] : 0));
                p += 2;
            } else {
                out.append("v:").append(SparseOps.valValue(b)).append(',').append(SparseOps.valLen(b));
                p++;
            }
        }
        return out.toString();
    }
}

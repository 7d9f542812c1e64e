package dev.keyslot.datanode.command.geo;

import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.util.Numbers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/** How Redis prints geo numbers: distances with 4 fixed decimals, coordinates human-friendly. */
final class GeoReplies {
    private GeoReplies() {
    }

    /** A distance as Redis's fixedpoint_d2string with 4 digits: rounded to nearest-even ten-thousandths. */
    static void distance(Reply r, double d) {
        long scaled = (long) Math.rint(d * 10000.0);
        StringBuilder sb = new StringBuilder(16);
        if (scaled < 0) {
            sb.append('-');
            scaled = -scaled;
        }
        long fraction = scaled % 10000;
        sb.append(scaled / 10000).append('.');
        for (long p = 1000; p > fraction && p > 0; p /= 10) {
            sb.append('0');
        }
        if (fraction > 0) {
            sb.append(fraction);
        }
        r.bulk(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** A coordinate: a bulk string in RESP2, a double in RESP3, both %.17Lf without trailing zeros. */
    static void coordinate(Reply r, double v) {
        String text = Numbers.formatHumanFriendly(v);
        if (r.resp3()) {
            r.raw((',' + text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            r.bulk(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** C's %f: six decimals of the exact binary value, the sign kept even when it rounds to zero. */
    static String percentF(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).abs().toPlainString();
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        return negative ? "-" + s : s;
    }
}

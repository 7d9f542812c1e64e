package dev.keyslot.datanode.command.server.lolwut;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * LOLWUT VERSION 5: Georg Nees's "Schotter", a grid of squares that tilt and shift more the lower their row,
 * drawn on a canvas two pixels per console column and rendered with Braille characters (2 x 4 pixels each).
 * The arithmetic is Redis's, in floats where it uses floats, so sizes and untilted squares match it exactly.
 */
final class Schotter {
    private static final double SQRT_2 = 1.4142135623;
    private static final int BRAILLE_BLANK = 0x2800;
    private static final int BYTES_PER_BRAILLE = 3;

    private Schotter() {
    }

    static Canvas draw(int consoleCols, int squaresPerRow, int squaresPerCol, RandomGenerator random) {
        int width = consoleCols * 2;
        int padding = width > 4 ? 2 : 0;
        float side = (float) (width - padding * 2) / squaresPerRow;
        int height = (int) (side * squaresPerCol + padding * 2);
        Canvas canvas = Canvas.monochrome(width, height);
        for (int row = 0; row < squaresPerCol; row++) {
            for (int col = 0; col < squaresPerRow; col++) {
                int cx = (int) (col * side + side / 2 + padding);
                int cy = (int) (row * side + side / 2 + padding);
                float angle = 0;
                // The first two rows stay in order; disorder grows row by row after them.
                if (row > 1) {
                    angle = disorder(random, squaresPerCol, row);
                    cx += disorder(random, squaresPerCol, row) * side / 3;
                    cy += disorder(random, squaresPerCol, row) * side / 3;
                }
                square(canvas, cx, cy, side, angle);
            }
        }
        return canvas;
    }

    private static float disorder(RandomGenerator random, int squaresPerCol, int row) {
        float r = random.nextFloat() / squaresPerCol * row;
        return random.nextBoolean() ? -r : r;
    }

    /** A square of the given side centered on (x, y), turned by angle radians, its corners rounded to pixels. */
    private static void square(Canvas canvas, int x, int y, float side, float angle) {
        // The corners lie on a circle of radius side / sqrt(2).
        float radius = (float) roundHalfAway((float) (side / SQRT_2));
        int[] px = new int[4];
        int[] py = new int[4];
        float k = (float) (Math.PI / 4 + angle);
        for (int j = 0; j < 4; j++) {
            px[j] = (int) roundHalfAway(Math.sin(k) * radius + x);
            py[j] = (int) roundHalfAway(Math.cos(k) * radius + y);
            k += Math.PI / 2;
        }
        for (int j = 0; j < 4; j++) {
            canvas.line(px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4], 1);
        }
    }

    /** C's round(): halves away from zero. */
    private static double roundHalfAway(double v) {
        double truncated = (long) v;
        return Math.abs(v - truncated) >= 0.5 ? truncated + Math.signum(v) : truncated;
    }

    /**
     * The canvas as lines of Braille characters, each line ending in a newline unless its top pixel row is the
     * canvas's last, followed by the caption.
     */
    static byte[] render(Canvas canvas, String caption) {
        byte[] tail = caption.getBytes(StandardCharsets.UTF_8);
        int lines = (canvas.height + 3) / 4;
        int newlines = canvas.height % 4 == 1 ? lines - 1 : lines;
        long size = (long) lines * (canvas.width / 2) * BYTES_PER_BRAILLE + newlines + tail.length;
        byte[] out = new byte[Math.toIntExact(size)];
        int at = 0;
        for (int y = 0; y < canvas.height; y += 4) {
            for (int x = 0; x < canvas.width; x += 2) {
                int code = BRAILLE_BLANK + dots(canvas, x, y);
                out[at++] = (byte) (0xE0 | (code >> 12));
                out[at++] = (byte) (0x80 | ((code >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (code & 0x3F));
            }
            if (y != canvas.height - 1) {
                out[at++] = '\n';
            }
        }
        System.arraycopy(tail, 0, out, at, tail.length);
        return out;
    }

    /** The Braille dot bits of the 2 x 4 pixels from (x, y): dots 1-3 and 4-6 down each column, then 7 and 8. */
    private static int dots(Canvas canvas, int x, int y) {
        int bits = 0;
        for (int dy = 0; dy < 3; dy++) {
            bits |= canvas.get(x, y + dy) << dy;
            bits |= canvas.get(x + 1, y + dy) << (3 + dy);
        }
        bits |= canvas.get(x, y + 3) << 6;
        bits |= canvas.get(x + 1, y + 3) << 7;
        return bits;
    }
}

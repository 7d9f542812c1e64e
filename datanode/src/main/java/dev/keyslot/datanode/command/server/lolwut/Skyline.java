package dev.keyslot.datanode.command.server.lolwut;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * LOLWUT VERSION 6: a city skyline in the manner of 8-bit games' parallax backgrounds, one console character
 * per pixel in four grays: two rows of window-less background buildings (the lighter gray behind) and a black
 * foreground row whose windows are lit in the grays, on a white sky.
 */
final class Skyline {
    private static final int BLACK = 0;
    private static final int LIGHT_GRAY = 2;
    private static final int WHITE = 3;
    /** ANSI foreground and background of each color, both set so that terminals agree on the result. */
    private static final String[] COLOR_ESCAPES = {"0;30;40m", "0;90;100m", "0;37;47m", "0;97;107m"};

    private Skyline() {
    }

    static Canvas draw(int cols, int rows, RandomGenerator random) {
        Canvas canvas = Canvas.fourColors(cols, rows, WHITE);
        for (int color = LIGHT_GRAY; color > BLACK; color--) {
            for (int offset = -10; offset < cols; ) {
                offset += random.nextInt(8);
                int width = 10 + random.nextInt(9);
                int height = rows / 2 + random.nextInt(rows) / (color == LIGHT_GRAY ? 2 : 3);
                building(canvas, offset, width, height, color, false, random);
                offset += color == LIGHT_GRAY ? width / 2 : width + 1;
            }
        }
        for (int offset = -10; offset < cols; ) {
            offset += random.nextInt(8);
            int width = 5 + random.nextInt(14);
            if (width % 4 != 0) {
                width += width % 3;
            }
            int height = rows / 3 + random.nextInt(rows) / 2;
            building(canvas, offset, width, height, BLACK, true, random);
            offset += width + 5;
        }
        return canvas;
    }

    /** A building standing on the bottom row, its roof two pixels narrower on each side. */
    private static void building(Canvas canvas, int left, int width, int height, int color, boolean windows,
                                 RandomGenerator random) {
        int bottom = canvas.height - 1;
        int top = bottom - height + 1;
        int right = left + width - 1;
        for (int y = bottom; y >= top; y--) {
            for (int x = left; x <= right; x++) {
                if (y == top && (x <= left + 1 || x >= right - 1)) {
                    continue;
                }
                int pixel = color;
                if (windows && x > left + 1 && x < right - 1 && y > top + 1 && y < bottom - 1) {
                    pixel = windowPixel(canvas, x - (left + 1), y - (top + 1), x, y, color, random);
                }
                canvas.set(x, y, pixel);
            }
        }
    }

    /**
     * A pixel of the window area at (relX, relY) from its corner: windows are two pixels wide and one tall (console
     * characters are taller than wide), every other pair of columns on every other row, lit in a gray other than
     * the wall's, both pixels of a window alike.
     */
    private static int windowPixel(Canvas canvas, int relX, int relY, int x, int y, int wall,
                                   RandomGenerator random) {
        if ((relX / 2) % 2 == 0 || relY % 2 == 0) {
            return wall;
        }
        if (relX % 2 != 0) {
            return canvas.get(x - 1, y);
        }
        int lit;
        do {
            lit = 1 + random.nextInt(2);
        } while (lit == wall);
        return lit;
    }

    /** The canvas as lines of colored spaces, each but the last ending in a newline, followed by the caption. */
    static byte[] render(Canvas canvas, String caption) {
        StringBuilder text = new StringBuilder(canvas.width * canvas.height * 17 + caption.length());
        for (int y = 0; y < canvas.height; y++) {
            for (int x = 0; x < canvas.width; x++) {
                text.append("\033[").append(COLOR_ESCAPES[canvas.get(x, y)]).append(" \033[0m");
            }
            if (y != canvas.height - 1) {
                text.append('\n');
            }
        }
        return text.append(caption).toString().getBytes(StandardCharsets.US_ASCII);
    }
}

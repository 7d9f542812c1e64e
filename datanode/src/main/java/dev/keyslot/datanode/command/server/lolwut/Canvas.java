package dev.keyslot.datanode.command.server.lolwut;

import java.util.Arrays;

/**
 * A pixel canvas for LOLWUT's drawings, packed into as few bits per pixel as its colors need: Schotter's
 * canvas may reach 2000 x 400,000 pixels at its argument limits, as it does in Redis.
 */
final class Canvas {
    final int width;
    final int height;
    private final int bitsPerPixel;
    private final int mask;
    private final long[] words;

    private Canvas(int width, int height, int bitsPerPixel, int background) {
        this.width = width;
        this.height = height;
        this.bitsPerPixel = bitsPerPixel;
        this.mask = (1 << bitsPerPixel) - 1;
        int pixelsPerWord = Long.SIZE / bitsPerPixel;
        this.words = new long[(int) (((long) width * height + pixelsPerWord - 1) / pixelsPerWord)];
        long filled = 0;
        for (int shift = 0; shift < Long.SIZE; shift += bitsPerPixel) {
            filled |= (long) background << shift;
        }
        Arrays.fill(words, filled);
    }

    /** Pixels of colors 0 (background) and 1, all 0 at first. */
    static Canvas monochrome(int width, int height) {
        return new Canvas(width, height, 1, 0);
    }

    /** Pixels of colors 0 to 3, all of the given one at first. */
    static Canvas fourColors(int width, int height, int background) {
        return new Canvas(width, height, 2, background);
    }

    /** Colors a pixel; pixels off the canvas are ignored. */
    void set(int x, int y, int color) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            return;
        }
        long bit = ((long) y * width + x) * bitsPerPixel;
        int word = (int) (bit >>> 6);
        int shift = (int) (bit & 63);
        words[word] = (words[word] & ~((long) mask << shift)) | ((long) color << shift);
    }

    /** The color of a pixel, 0 off the canvas. */
    int get(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            return 0;
        }
        long bit = ((long) y * width + x) * bitsPerPixel;
        return (int) (words[(int) (bit >>> 6)] >>> (bit & 63)) & mask;
    }

    /** A line between two points, both included (Bresenham). */
    void line(int x1, int y1, int x2, int y2, int color) {
        int dx = Math.abs(x2 - x1);
        int dy = Math.abs(y2 - y1);
        int sx = x1 < x2 ? 1 : -1;
        int sy = y1 < y2 ? 1 : -1;
        int err = dx - dy;
        while (true) {
            set(x1, y1, color);
            if (x1 == x2 && y1 == y2) {
                return;
            }
            int e2 = err * 2;
            if (e2 > -dy) {
                err -= dy;
                x1 += sx;
            }
            if (e2 < dx) {
                err += dx;
                y1 += sy;
            }
        }
    }
}

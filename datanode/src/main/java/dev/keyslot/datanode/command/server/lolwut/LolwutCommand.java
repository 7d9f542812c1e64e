package dev.keyslot.datanode.command.server.lolwut;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.config.ConfigLoader;
import dev.keyslot.datanode.server.Client;

import java.util.concurrent.ThreadLocalRandom;

/**
 * LOLWUT [VERSION version] [art arguments...]: the computer art of a Redis version and the server's version. A
 * 7.0 server has no art of its own and answers with its version line; VERSION 5 draws Schotter and VERSION 6 a
 * skyline, each taking optional integer sizes that are clamped to bounds that keep the reply affordable.
 * Arguments the chosen art does not take are ignored.
 */
public final class LolwutCommand implements CommandGroup {
    private static final String VERSION_LINE = "Redis ver. " + ConfigLoader.REDIS_VERSION + "\n";
    private static final int MAX_COLUMNS = 1000;
    private static final int MAX_SQUARES = 200;
    private static final int MAX_ROWS = 1000;

    @Override
    public void register(CommandTable t) {
        t.add("lolwut", -1, "readonly fast", "", this::lolwut);
    }

    private void lolwut(Client c, byte[][] argv) {
        int version = 0;
        int artArgs = 1;
        if (argv.length >= 3 && Args.is(argv[1], "version")) {
            // Redis formats the version as an unsigned int, so only its low 32 bits count.
            version = (int) Args.toLong(argv[2]);
            artArgs = 3;
        }
        switch (version) {
            case 5 -> schotter(c, argv, artArgs);
            case 6 -> skyline(c, argv, artArgs);
            default -> c.reply().verbatim(VERSION_LINE);
        }
    }

    private static void schotter(Client c, byte[][] argv, int from) {
        long cols = optionalLong(argv, from, 66);
        long squaresPerRow = optionalLong(argv, from + 1, 8);
        long squaresPerCol = optionalLong(argv, from + 2, 12);
        Canvas canvas = Schotter.draw(clamp(cols, MAX_COLUMNS), clamp(squaresPerRow, MAX_SQUARES),
                clamp(squaresPerCol, MAX_SQUARES), ThreadLocalRandom.current());
        c.reply().verbatim(Schotter.render(canvas,
                "\nGeorg Nees - schotter, plotter on paper, 1968. " + VERSION_LINE));
    }

    private static void skyline(Client c, byte[][] argv, int from) {
        long cols = optionalLong(argv, from, 80);
        long rows = optionalLong(argv, from + 1, 20);
        Canvas canvas = Skyline.draw(clamp(cols, MAX_COLUMNS), clamp(rows, MAX_ROWS), ThreadLocalRandom.current());
        c.reply().verbatim(Skyline.render(canvas, "\nDedicated to the 8 bit game developers of past and present.\n"
                + "Original 8 bit image from Plaguemon by hikikomori. " + VERSION_LINE));
    }

    /** Every argument is parsed before any is clamped, so a later non-integer fails the whole command. */
    private static long optionalLong(byte[][] argv, int index, long absent) {
        return index < argv.length ? Args.toLong(argv[index]) : absent;
    }

    private static int clamp(long value, int max) {
        return (int) Math.max(1, Math.min(max, value));
    }
}

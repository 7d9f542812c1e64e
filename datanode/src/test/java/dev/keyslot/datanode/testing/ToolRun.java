package dev.keyslot.datanode.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs a command-line tool (redis-cli, redis-cli --cluster, redis-benchmark) to its end and returns what it printed
 * on stdout and stderr. The output goes to a file, not a pipe, so a tool that hangs is killed at the timeout
 * instead of blocking the test on a read.
 */
public final class ToolRun {
    private ToolRun() {
    }

    /** Runs command, which must exit with status 0 within timeoutSeconds. */
    public static String succeeding(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Finished run = run(command, timeoutSeconds);
        assertThat(run.status).as("%s exit status; output:%n%s", String.join(" ", command), run.output).isZero();
        return run.output;
    }

    /** Runs command, which must end within timeoutSeconds whatever its status (redis-cli --cluster check exits 1). */
    public static String finishing(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        return run(command, timeoutSeconds).output;
    }

    private static Finished run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        File output = File.createTempFile("tool-run", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("%s did not finish in %d s; output:%n%s", String.join(" ", command), timeoutSeconds,
                        read(output));
            }
            return new Finished(p.exitValue(), read(output));
        } finally {
            Files.deleteIfExists(output.toPath());
        }
    }

    private static String read(File output) throws IOException {
        return new String(Files.readAllBytes(output.toPath()), StandardCharsets.UTF_8);
    }

    private record Finished(int status, String output) {
    }
}

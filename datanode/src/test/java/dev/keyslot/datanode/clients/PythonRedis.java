package dev.keyslot.datanode.clients;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Debian's Python with its redis-py package (python3-redis): the interpreter to run client scripts with. */
final class PythonRedis {
    private static final String INTERPRETER = "/usr/bin/python3";

    private PythonRedis() {
    }

    /** The interpreter's path; skips the test when redis-py is missing, and fails it in CI (CI=true). */
    static String interpreter() {
        if (new File(INTERPRETER).canExecute() && importsRedis()) {
            return INTERPRETER;
        }
        String message = "redis-py not found: install Debian's python3-redis package (apt-get install -y python3-redis)"
                + " to run the Python client tests";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: interop tests may not be skipped)");
        }
        Assumptions.abort(message);
        return null;
    }

    private static boolean importsRedis() {
        try {
            Process p = new ProcessBuilder(INTERPRETER, "-c", "import redis.cluster")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

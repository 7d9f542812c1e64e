package dev.keyslot.datanode.clients;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An interpreter with a Redis client library from Debian's packages, unchanged, that runs the client scripts under
 * src/test/resources/clients.
 */
enum ClientRuntime {
    REDIS_PY("redis-py", "python3-redis", "/usr/bin/python3", List.of("-c", "import redis.cluster"), Map.of()),
    NODE_REDIS("node-redis", "node-redis", "/usr/bin/node", List.of("-e", "require('redis').createCluster"),
            Map.of("NODE_PATH", "/usr/share/nodejs"));

    private final String library;
    private final String debianPackage;
    private final String interpreter;
    private final List<String> probe;
    private final Map<String, String> environment;

    ClientRuntime(String library, String debianPackage, String interpreter, List<String> probe, Map<String, String> environment) {
        this.library = library;
        this.debianPackage = debianPackage;
        this.interpreter = interpreter;
        this.probe = probe;
        this.environment = environment;
    }

    /** The process that runs a script with these arguments (after {@link #require}). */
    ProcessBuilder script(String scriptPath, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(interpreter, scriptPath));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder;
    }

    /** Skips the test when the library is missing, and fails it in CI (CI=true), where interop tests may not be skipped. */
    void require() {
        if (new File(interpreter).canExecute() && loadsLibrary()) {
            return;
        }
        String message = library + " not found: install Debian's " + debianPackage + " package (apt-get install -y "
                + debianPackage + ") to run the " + library + " client tests";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: interop tests may not be skipped)");
        }
        Assumptions.abort(message);
    }

    private boolean loadsLibrary() {
        List<String> command = new ArrayList<>(List.of(interpreter));
        command.addAll(probe);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(environment);
            Process p = builder.start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

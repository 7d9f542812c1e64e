package dev.keyslot.operator.local;

import dev.keyslot.operator.OperatorRunner;
import dev.keyslot.operator.simulator.AddressPool;
import dev.keyslot.operator.simulator.MockApiServer;
import dev.keyslot.operator.simulator.PodSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Everything in one process: the mock API server, the pod simulator running real node processes on
 * 127.0.10.x, and the operator. Applies a RedisCluster file, re-applies it whenever it changes, and prints
 * the node endpoints and the status as they change.
 */
public final class LocalMode implements AutoCloseable {
    static final String ADDRESS_PREFIX = "127.0.10.";

    private final MockApiServer api;
    private final PodSimulator simulator;
    private final Operator operator;
    private final ResourceFileApplier applier;
    private final StatusPrinter printer;
    private boolean closed;

    private LocalMode(Path file, String namespace, PrintStream out) throws IOException {
        api = MockApiServer.start(0);
        KubernetesClient client = api.client();
        Path work = Files.createTempDirectory("keyslot-local");
        simulator = new PodSimulator(client, namespace, new AddressPool(ADDRESS_PREFIX, 1, 254), work).start();
        operator = OperatorRunner.start(client, Set.of(namespace));
        applier = new ResourceFileApplier(client, file, out);
        printer = new StatusPrinter(client, namespace, out);
        out.println("Keyslot local mode: API server " + api.url() + ", node data under " + work);
    }

    public static void run(Path file) throws IOException, InterruptedException {
        String namespace = ResourceFileApplier.read(file).getMetadata().getNamespace();
        try (LocalMode local = new LocalMode(file, namespace == null ? "default" : namespace, System.out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(local::close));
            while (!Thread.currentThread().isInterrupted()) {
                local.applier.applyIfChanged();
                local.printer.printChanges();
                Thread.sleep(1000);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        operator.stop();
        simulator.close();
        api.close();
    }
}

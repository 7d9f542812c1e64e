package dev.keyslot.operator.simulator;

import dev.keyslot.operator.crd.CrdGeneration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** fabric8's Kubernetes mock API server in CRUD mode, with the RedisCluster CRD installed. */
public final class MockApiServer implements AutoCloseable {
    private static final Logger REQUEST_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockApiServer(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    /** @param port 0 for any free port */
    public static MockApiServer start(int port) {
        // The mock server logs every request through java.util.logging at INFO.
        REQUEST_LOG.setLevel(Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), port);
        MockApiServer api = new MockApiServer(server);
        // createOr: on a loaded machine the client may retry a POST that timed out after the server created it.
        api.client.resource(committedCrd()).createOr(NonDeletingOperation::update);
        return api;
    }

    static CustomResourceDefinition committedCrd() {
        try (InputStream in = MockApiServer.class.getResourceAsStream("/crds/" + CrdGeneration.FILE_NAME)) {
            if (in == null) {
                throw new IllegalStateException("CRD " + CrdGeneration.FILE_NAME + " missing from the classpath");
            }
            return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public String url() {
        return client.getMasterUrl().toString();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}

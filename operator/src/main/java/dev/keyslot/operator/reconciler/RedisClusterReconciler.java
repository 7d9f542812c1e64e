package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ConnectionPool;
import dev.keyslot.operator.admin.Credentials;
import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.OperatorAcl;
import dev.keyslot.operator.admin.OperatorUserProvisioning;
import dev.keyslot.operator.crd.CertificateStatus;
import dev.keyslot.operator.crd.ForcedFailoverStatus;
import dev.keyslot.operator.crd.PasswordRotationStatus;
import dev.keyslot.operator.admin.TlsTrust;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.metrics.ClusterMeters;
import dev.keyslot.operator.metrics.OperatorMetrics;
import dev.keyslot.operator.topology.DesiredTopology;
import dev.keyslot.operator.topology.Plan;
import dev.keyslot.operator.topology.Planner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reconciles a RedisCluster: applies its Kubernetes objects, observes the nodes, asks the planner for the next
 * safe actions, carries them out within a time budget and writes what it saw into the status. It requeues
 * quickly while work remains and slowly once the cluster matches the spec.
 */
@ControllerConfiguration(name = "rediscluster")
public final class RedisClusterReconciler implements Reconciler<RedisCluster>, Cleaner<RedisCluster> {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterReconciler.class);
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WORK_BUDGET = Duration.ofSeconds(5);
    private static final Duration BUSY_REQUEUE = Duration.ofMillis(300);
    /** How soon a cluster that matches its spec is looked at again: what notices failures, and Secrets changed. */
    public static final Duration IDLE_REQUEUE = Duration.ofSeconds(10);
    /**
     * A failing master's replica is forced over after this many node timeouts: well past the failure detection
     * (one node timeout) and a few of Redis's own election attempts (each retried after two node timeouts).
     */
    private static final int FORCE_FAILOVER_NODE_TIMEOUTS = 5;
    /** How long a manual failover may take before a node abandons it (Redis's CLUSTER_MF_TIMEOUT). */
    private static final Duration MANUAL_FAILOVER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TLS_WAIT_REQUEUE = Duration.ofSeconds(2);
    /**
     * The longest two members are left to gossip before they are met directly: gossip introduces them within a few
     * rounds, and a node timeout, capped so, is ample for that.
     */
    private static final Duration MEET_STRANGERS_AFTER_AT_MOST = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final ClusterObserver observer;
    private final Map<String, ConnectionPool> pools = new ConcurrentHashMap<>();
    private final Map<String, FailureClock> failureClocks = new ConcurrentHashMap<>();
    private final Map<String, StrangerClock> strangerClocks = new ConcurrentHashMap<>();
    private final Map<String, MigrationPace> migrationPaces = new ConcurrentHashMap<>();
    private final Map<String, TrustedCa> trust = new ConcurrentHashMap<>();
    private final OperatorMetrics metrics;
    private final Duration idleRequeue;
    private volatile boolean halted;

    /** @param idleRequeue {@link #IDLE_REQUEUE}, or shorter in tests that wait on what it notices */
    public RedisClusterReconciler(KubernetesClient client, OperatorMetrics metrics, Duration idleRequeue) {
        this.client = client;
        this.observer = new ClusterObserver(client);
        this.metrics = metrics;
        this.idleRequeue = idleRequeue;
    }

    @Override
    public UpdateControl<RedisCluster> reconcile(RedisCluster cluster, Context<RedisCluster> context) {
        if (halted) {
            return UpdateControl.noUpdate();
        }
        String namespace = cluster.getMetadata().getNamespace();
        String name = cluster.getMetadata().getName();
        EventRecorder events = new EventRecorder(client, cluster);
        ClusterMeters meters = metrics.of(cluster.getMetadata().getUid(), namespace, name);
        StatusPublisher publisher = new StatusPublisher(cluster, context);
        ResourceApplier applier = new ResourceApplier(client, cluster);
        if (cluster.getSpec().isPaused()) {
            ConnectionPool pool = pool(cluster, applier.existingOperatorPassword(), applier.existingPassword());
            if (ClusterTls.enabled(cluster.getSpec())) {
                new TlsProvisioning(client, cluster, events).secret().ifPresent(tls -> pool.setTls(trust(cluster, tls,
                        new ServedTlsSecret(client, cluster).existing().orElse(ServedTls.of(tls)))));
            }
            ClusterObserver.Observation observation = observer.observe(namespace, name, pool);
            publisher.publish(StatusBuilder.build(cluster, observation, Plan.DONE, null));
            return UpdateControl.<RedisCluster>noUpdate().rescheduleAfter(idleRequeue);
        }
        List<String> problems = SpecValidator.problems(cluster.getSpec());
        if (!problems.isEmpty()) {
            events.warning("InvalidSpec", String.join("; ", problems));
            publisher.publish(StatusBuilder.invalid(cluster, String.join("; ", problems)));
            return UpdateControl.<RedisCluster>noUpdate().rescheduleAfter(idleRequeue);
        }
        Optional<TlsSecret> tls = Optional.empty();
        if (ClusterTls.enabled(cluster.getSpec())) {
            TlsProvisioning provisioning = new TlsProvisioning(client, cluster, events);
            tls = provisioning.applyCertificate() ? provisioning.secret() : Optional.empty();
            if (tls.isEmpty()) {
                publisher.publish(StatusBuilder.waiting(cluster, "WaitingForTlsSecret", "waiting for Secret "
                        + ClusterTls.secretName(cluster) + " with " + ClusterTls.CERT_FILE + ", " + ClusterTls.KEY_FILE
                        + " and " + ClusterTls.CA_FILE));
                return UpdateControl.<RedisCluster>noUpdate().rescheduleAfter(TLS_WAIT_REQUEUE);
            }
        }
        ServedTlsSecret servedTls = new ServedTlsSecret(client, cluster);
        // Before the pods: they mount the served files.
        Optional<ServedTls> served = tls.map(servedTls::ensure);
        ResourceApplier.Passwords passwords = applier.apply();
        ConnectionPool pool = pool(cluster, passwords.operator(), passwords.application());
        tls.ifPresent(secret -> pool.setTls(trust(cluster, secret, served.orElseThrow())));
        ClusterObserver.Observation observation = observer.observe(namespace, name, pool);
        int desiredNodes = cluster.getSpec().getMasters() * (1 + cluster.getSpec().getReplicasPerMaster());
        CertificateStatus certificate = tls.map(secret -> new TlsRollout(pool, servedTls, events).advance(
                cluster.getStatus() == null ? null : cluster.getStatus().getCertificate(), secret, served.orElseThrow(),
                observation.reports(), desiredNodes, Instant.now())).orElse(null);
        for (NodeAddress node : OperatorUserProvisioning.ensure(pool, passwords.operator())) {
            events.normal("OperatorUserCreated", "ACL user " + OperatorAcl.USER + " set on the node at " + node.host()
                    + ", which refused it (started before it existed or with an older operator password)");
        }
        PasswordRotationStatus rotation = new PasswordRotation(client, cluster, events)
                .advance(passwords.application(), observation, pool);
        new LiveConfig(pool, events).apply(cluster.getSpec().getConfig(), observation.reports());
        DesiredTopology desired = new DesiredTopology(cluster.getSpec().getMasters(), cluster.getSpec().getReplicasPerMaster());
        FailureClock failures = failureClocks.computeIfAbsent(cluster.getMetadata().getUid(), uid -> new FailureClock());
        Duration nodeTimeout = Duration.ofMillis(cluster.getSpec().getNodeTimeoutMillis());
        StrangerClock strangers = strangerClocks.computeIfAbsent(cluster.getMetadata().getUid(), uid -> new StrangerClock());
        Planner planner = new Planner(nodeTimeout.multipliedBy(FORCE_FAILOVER_NODE_TIMEOUTS), forceRetryAfter(nodeTimeout),
                meetStrangersAfter(nodeTimeout));
        Map<String, Duration> failingFor = failures.observe(observation.reports(), nodeTimeout);
        Instant now = Instant.now();
        Plan plan = planner.plan(desired, observation.toObservedCluster(failingFor, ForceAttempts.of(cluster.getStatus(), now),
                strangers.observe(observation.nodes())));
        List<ForcedFailoverStatus> forceAttempts = ForceAttempts.after(cluster.getStatus(), plan, failingFor.keySet(), now);
        AtomicReference<MigrationProgress> migration = new AtomicReference<>();
        if (!plan.isDone() && !plan.isWait()) {
            LOG.debug("{}/{} plan: {}", namespace, name, plan.actions());
            if (ForceAttempts.forces(plan)) {
                // Recorded before it is sent, into the last published status (what this reconcile observed is compared
                // with that below): an operator killed right after sending must not send it again at once.
                RedisClusterStatus recorded = Optional.ofNullable(cluster.getStatus()).orElseGet(RedisClusterStatus::new);
                recorded.setForcedFailovers(forceAttempts);
                publisher.publish(recorded);
            }
            strangers.meeting(plan.actions());
            MigrationPace pace = migrationPaces.computeIfAbsent(cluster.getMetadata().getUid(), uid -> new MigrationPace());
            try {
                new ActionExecutor(pool, observation.reports(), applier, events, meters, WORK_BUDGET, pace, () -> halted).execute(plan.actions(), progress -> {
                    migration.set(progress);
                    publisher.publish(StatusBuilder.build(cluster, observation, plan, progress));
                });
            } catch (RuntimeException e) {
                events.warning("ActionFailed", e.getMessage());
            }
        }
        RedisClusterStatus observed = StatusBuilder.build(cluster, observation, plan, migration.get());
        if (rotation != null) {
            observed.setPasswordRotation(rotation);
        }
        observed.setCertificate(certificate);
        observed.setForcedFailovers(forceAttempts);
        reportFailovers(cluster.getStatus(), observed, events, meters);
        boolean becameReady = "Ready".equals(observed.getPhase())
                && (cluster.getStatus() == null || !"Ready".equals(cluster.getStatus().getPhase()));
        if (becameReady) {
            events.normal("ClusterReady", observed.getMessage());
        }
        publisher.publish(observed);
        Duration requeue = "Ready".equals(observed.getPhase()) ? idleRequeue : BUSY_REQUEUE;
        // A forced failover comes due at a known moment: act then, not at the next periodic reconcile.
        Duration next = planner.untilForcedFailoverStep(failingFor).filter(d -> d.compareTo(requeue) < 0).orElse(requeue);
        return UpdateControl.<RedisCluster>noUpdate().rescheduleAfter(next);
    }

    /**
     * A forced replica not promoted after this long has failed its attempt and is told again: by then it abandoned
     * the manual failover and its election expired (after two node timeouts, at least 2 s, in Redis).
     */
    private static Duration forceRetryAfter(Duration nodeTimeout) {
        Duration election = nodeTimeout.multipliedBy(2);
        return election.compareTo(MANUAL_FAILOVER_TIMEOUT) > 0 ? election : MANUAL_FAILOVER_TIMEOUT;
    }

    private static Duration meetStrangersAfter(Duration nodeTimeout) {
        return nodeTimeout.compareTo(MEET_STRANGERS_AFTER_AT_MOST) < 0 ? nodeTimeout : MEET_STRANGERS_AFTER_AT_MOST;
    }

    /**
     * Stops starting actions, at once: what an operator killed mid-reconcile leaves behind, minus the
     * in-flight command. Used to stop an operator as abruptly as a crash would.
     */
    public void halt() {
        halted = true;
    }

    /** A node that was a replica and is now a master took over from its master. */
    private static void reportFailovers(RedisClusterStatus previous, RedisClusterStatus current, EventRecorder events,
                                        ClusterMeters meters) {
        if (previous == null) {
            return;
        }
        Map<String, String> previousRoles = new HashMap<>();
        previous.getNodes().forEach(n -> previousRoles.put(n.getNodeId(), n.getRole()));
        current.getNodes().stream()
                .filter(n -> "master".equals(n.getRole()) && "replica".equals(previousRoles.get(n.getNodeId())))
                .forEach(n -> {
                    meters.failoverObserved();
                    events.warning("FailoverObserved", n.getPod() + " (" + n.getNodeId() + ") was promoted to master");
                });
    }

    /**
     * Trust in the CAs of the TLS Secret and of the served files, made again only when they change: during a CA
     * change nodes serve certificates of either.
     */
    private SSLSocketFactory trust(RedisCluster cluster, TlsSecret source, ServedTls served) {
        String bundle = served.ca() + "\n" + source.ca();
        return trust.compute(cluster.getMetadata().getUid(), (uid, known) ->
                known != null && known.bundle().equals(bundle) ? known : new TrustedCa(bundle, TlsTrust.trusting(bundle))).factory();
    }

    private record TrustedCa(String bundle, SSLSocketFactory factory) {
    }

    /**
     * The cluster's admin connections, as the operator's ACL user; nodes started before that user existed are
     * reached as the default user with the application password.
     */
    private ConnectionPool pool(RedisCluster cluster, String operatorPassword, String applicationPassword) {
        Credentials credentials = operatorPassword == null
                ? Credentials.defaultUser(applicationPassword) : new Credentials(OperatorAcl.USER, operatorPassword);
        ConnectionPool pool = pools.computeIfAbsent(cluster.getMetadata().getUid(), uid -> new ConnectionPool(NODE_TIMEOUT, credentials));
        if (!Objects.equals(pool.credentials(), credentials)) {
            pool.setCredentials(credentials);
        }
        pool.setFallback(Credentials.defaultUser(applicationPassword));
        return pool;
    }

    @Override
    public DeleteControl cleanup(RedisCluster cluster, Context<RedisCluster> context) {
        failureClocks.remove(cluster.getMetadata().getUid());
        strangerClocks.remove(cluster.getMetadata().getUid());
        migrationPaces.remove(cluster.getMetadata().getUid());
        trust.remove(cluster.getMetadata().getUid());
        metrics.remove(cluster.getMetadata().getUid());
        ConnectionPool pool = pools.remove(cluster.getMetadata().getUid());
        if (pool != null) {
            pool.close();
        }
        return DeleteControl.defaultDelete();
    }
}

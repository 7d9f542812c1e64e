package dev.keyslot.operator.topology;

import dev.keyslot.operator.topology.Action.AssignSlots;
import dev.keyslot.operator.topology.Action.DeleteShard;
import dev.keyslot.operator.topology.Action.Failover;
import dev.keyslot.operator.topology.Action.FixOpenSlots;
import dev.keyslot.operator.topology.Action.ForgetNode;
import dev.keyslot.operator.topology.Action.MeetNode;
import dev.keyslot.operator.topology.Action.MigrateSlots;
import dev.keyslot.operator.topology.Action.ReplicateTo;
import dev.keyslot.operator.topology.Action.ShrinkShard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The pure brain of the operator: from the desired topology and one observation of the cluster, the next safe
 * actions. It keeps no state, so observing the result of an action yields the next step, and an operator that
 * restarts anywhere simply plans again. The stages run in order and the first that has work returns it:
 * forced failovers (first: a shard without a serving master is an outage, whatever else is pending), pods, open
 * slots, membership, addresses, convergence, stale nodes, agreement, coverage, replication, balance, removal,
 * rolling restarts.
 *
 * <p>Safety rules: slots only move by migration or go to nobody-owned slots, so a covered slot stays covered;
 * only slotless nodes are forgotten, except a node whose pod, replicas and volumes are all gone (its data is
 * lost, see {@link StaleNodes}); shards are deleted only when all their nodes are forgotten; a master with
 * replicas hands over before its pod restarts.
 */
public final class Planner {
    private static final Comparator<NodeObservation> POD_ORDER =
            Comparator.comparingInt((NodeObservation n) -> n.pod().shard()).thenComparingInt(n -> n.pod().ordinal());
    private static final Duration DEFAULT_FORCE_FAILOVER_AFTER = Duration.ofMinutes(1);

    private static final Duration DEFAULT_FORCE_RETRY_AFTER = Duration.ofSeconds(10);
    private static final Duration DEFAULT_MEET_STRANGERS_AFTER = Duration.ofSeconds(5);
    /** How many pairs of strangers a wait message names: a cluster being formed has one for every two members. */
    private static final int SHOWN_STRANGERS = 3;

    private final Duration forceFailoverAfter;
    private final Duration forceRetryAfter;
    private final Duration meetStrangersAfter;

    public Planner() {
        this(DEFAULT_FORCE_FAILOVER_AFTER, DEFAULT_FORCE_RETRY_AFTER);
    }

    public Planner(Duration forceFailoverAfter, Duration forceRetryAfter) {
        this(forceFailoverAfter, forceRetryAfter, DEFAULT_MEET_STRANGERS_AFTER);
    }

    /**
     * @param forceFailoverAfter how long a master may fail with a replica present before the replica is forced over
     * @param forceRetryAfter    how long a forced replica is given to win its election before it is forced again
     * @param meetStrangersAfter how long two members may stay strangers before they are met directly instead of
     *                           leaving it to gossip
     */
    public Planner(Duration forceFailoverAfter, Duration forceRetryAfter, Duration meetStrangersAfter) {
        this.forceFailoverAfter = forceFailoverAfter;
        this.forceRetryAfter = forceRetryAfter;
        this.meetStrangersAfter = meetStrangersAfter;
    }

    /** How long until a node failing for the given durations reaches the next step of the forced-failover rule. */
    public Optional<Duration> untilForcedFailoverStep(Map<String, Duration> failingFor) {
        return ForcedFailover.untilNextStep(failingFor, forceFailoverAfter);
    }

    public Plan plan(DesiredTopology desired, ObservedCluster observed) {
        List<NodeObservation> nodes = observed.nodes().stream().sorted(POD_ORDER).toList();
        Optional<Plan> next = ForcedFailover.plan(nodes, observed, forceFailoverAfter, forceRetryAfter)
                .or(() -> waitForPods(desired, observed, nodes));
        if (next.isPresent()) {
            return next.get();
        }
        Map<String, NodeObservation> byId = nodes.stream()
                .collect(Collectors.toMap(NodeObservation::id, n -> n, (a, b) -> a, LinkedHashMap::new));
        Optional<FixOpenSlots> fix = OpenSlots.fix(nodes, byId);
        if (fix.isPresent()) {
            return new Plan(List.of(fix.get()));
        }
        NodeObservation seed = seed(desired, nodes);
        Optional<Plan> joins = joinSeed(desired, seed, nodes, observed.strangersFor());
        if (joins.isPresent()) {
            return joins.get();
        }
        List<Action> moved = addressRepairs(nodes);
        if (!moved.isEmpty()) {
            return new Plan(moved);
        }
        List<NodeObservation> members = nodes.stream().filter(n -> seed.knows(n.id())).toList();
        return meetStrangers(members, observed.strangersFor())
                .or(() -> StaleNodes.plan(members, byId, observed.unreadyPods()))
                .or(() -> waitForAgreement(members))
                .orElseGet(() -> new ShardPlanner(desired, members, nodes, observed).plan());
    }

    private static Optional<Plan> waitForPods(DesiredTopology desired, ObservedCluster observed, List<NodeObservation> nodes) {
        Set<String> missing = new TreeSet<>();
        for (int shard = 0; shard < desired.masters(); shard++) {
            for (int ordinal = 0; ordinal <= desired.replicasPerMaster(); ordinal++) {
                int s = shard;
                int o = ordinal;
                if (nodes.stream().noneMatch(n -> n.pod().shard() == s && n.pod().ordinal() == o)) {
                    missing.add(observed.unreadyPods().stream()
                            .filter(p -> p.shard() == s && p.ordinal() == o).map(PodIdentity::name)
                            .findFirst().orElse("shard " + s + " pod " + o));
                }
            }
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(Plan.waitFor("waiting for pods to be ready: " + missing));
    }

    /** The node whose view defines membership: the one holding most slots, else the first wanted pod. */
    private static NodeObservation seed(DesiredTopology desired, List<NodeObservation> nodes) {
        return nodes.stream()
                .max(Comparator.comparingInt((NodeObservation n) -> n.self().slots().size())
                        .thenComparing(n -> desired.wantsPod(n.pod()))
                        .thenComparingInt(n -> n.view().size())
                        .thenComparing(POD_ORDER.reversed()))
                .orElseThrow();
    }

    /**
     * Wanted nodes the seed does not know are met through the seed: at once when they are new to the cluster, but one
     * the seed has lost while others still know both (a handshake of the seed's that timed out) is a pair of strangers
     * like any other, left to gossip for a while first.
     */
    private Optional<Plan> joinSeed(DesiredTopology desired, NodeObservation seed, List<NodeObservation> nodes,
                                    Map<StrangerPair, Duration> strangersFor) {
        List<Action> meets = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (NodeObservation node : nodes) {
            if (!desired.wantsPod(node.pod()) || seed.knows(node.id())) {
                continue;
            }
            Duration strangers = strangersFor.get(new StrangerPair(seed.id(), node.id()));
            if (strangers == null || strangers.compareTo(meetStrangersAfter) >= 0) {
                meets.add(new MeetNode(node.id(), node.address(), seed.id()));
            } else {
                waiting.add(node.pod().name());
            }
        }
        if (!meets.isEmpty()) {
            return Optional.of(new Plan(meets));
        }
        return waiting.isEmpty() ? Optional.empty()
                : Optional.of(Plan.waitFor("waiting for gossip to introduce " + String.join(", ", waiting) + " to "
                + seed.pod().name() + " again"));
    }

    /**
     * Members the seed knows that do not know each other yet: gossip usually introduces them within a few rounds, but
     * a gossip-started handshake that times out (a node slow to answer under load) is not retried until the peer
     * happens to be gossiped again, which left a member unknown to another for minutes. Pairs strangers for longer
     * than gossip normally needs are met directly, with one MEET per pair (the handshake introduces both ways); the
     * others are left to gossip, which a MEET sent at once would only race.
     */
    private Optional<Plan> meetStrangers(List<NodeObservation> members, Map<StrangerPair, Duration> strangersFor) {
        List<Action> meets = new ArrayList<>();
        Set<StrangerPair> met = new HashSet<>();
        List<String> waiting = new ArrayList<>();
        for (NodeObservation a : members) {
            for (NodeObservation b : members) {
                StrangerPair pair = new StrangerPair(a.id(), b.id());
                if (a.knows(b.id()) || met.contains(pair.reversed())) {
                    continue;
                }
                if (strangersFor.getOrDefault(pair, Duration.ZERO).compareTo(meetStrangersAfter) >= 0) {
                    met.add(pair);
                    meets.add(new MeetNode(b.id(), b.address(), a.id()));
                } else {
                    waiting.add(a.pod().name() + " to " + b.pod().name());
                }
            }
        }
        if (!meets.isEmpty()) {
            return Optional.of(new Plan(meets));
        }
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        String shown = String.join(", ", waiting.subList(0, Math.min(waiting.size(), SHOWN_STRANGERS)));
        return Optional.of(Plan.waitFor("waiting for gossip to introduce " + shown
                + (waiting.size() > SHOWN_STRANGERS ? " and " + (waiting.size() - SHOWN_STRANGERS) + " more" : "")));
    }

    /**
     * A node restarted on a new IP keeps its id (nodes.conf on its volume), but the others know its old address
     * and learn the new one only when it happens to reach them first, never when all nodes moved at once: MEET it
     * again at its pod IP through every node that remembers it elsewhere, which makes them update the address.
     */
    private static List<Action> addressRepairs(List<NodeObservation> nodes) {
        List<Action> meets = new ArrayList<>();
        for (NodeObservation viewer : nodes) {
            for (NodeObservation node : nodes) {
                ClusterNode seen = viewer.view().get(node.id());
                if (node != viewer && seen != null && !node.address().equals(seen.address())) {
                    meets.add(new MeetNode(node.id(), node.address(), viewer.id()));
                }
            }
        }
        return meets;
    }

    private static Optional<Plan> waitForAgreement(List<NodeObservation> members) {
        for (NodeObservation a : members) {
            for (NodeObservation b : members) {
                ClusterNode seen = a.view().get(b.id());
                ClusterNode actual = b.self();
                if (seen.failing()) {
                    return Optional.of(Plan.waitFor(a.pod().name() + " sees " + b.pod().name() + " failing"));
                }
                if (!seen.slots().equals(actual.slots()) || seen.master() != actual.master()
                        || !Objects.equals(seen.masterId(), actual.masterId())) {
                    return Optional.of(Plan.waitFor("configuration propagating: " + a.pod().name()
                            + " has an outdated view of " + b.pod().name()));
                }
            }
        }
        return Optional.empty();
    }

    /** The stages that need a converged, agreeing membership: coverage, replication, balance, removal. */
    private static final class ShardPlanner {
        private final DesiredTopology desired;
        private final List<NodeObservation> members;
        private final List<NodeObservation> nodes;
        private final List<PodIdentity> unready;
        private final Set<String> outdated;

        ShardPlanner(DesiredTopology desired, List<NodeObservation> members, List<NodeObservation> nodes,
                     ObservedCluster observed) {
            this.desired = desired;
            this.members = members;
            this.nodes = nodes;
            this.unready = observed.unreadyPods();
            this.outdated = observed.outdatedPods();
        }

        Plan plan() {
            Map<Integer, NodeObservation> primaries = new LinkedHashMap<>();
            for (int shard = 0; shard < desired.masters(); shard++) {
                Optional<NodeObservation> primary = primary(shard);
                if (primary.isEmpty()) {
                    return Plan.waitFor("shard " + shard + " has no master");
                }
                primaries.put(shard, primary.get());
            }
            return firstNonEmpty(
                    () -> coverageAndReplication(primaries),
                    () -> balance(primaries),
                    () -> removals(primaries),
                    this::statefulSetChanges,
                    () -> RollingRestart.next(desired, members, primaries, outdated));
        }

        @SafeVarargs
        private static Plan firstNonEmpty(Supplier<List<Action>>... stages) {
            for (var stage : stages) {
                List<Action> actions = stage.get();
                if (!actions.isEmpty()) {
                    return new Plan(actions);
                }
            }
            return Plan.DONE;
        }

        /** The master of a shard: its member master holding most slots, the lowest ordinal on a tie. */
        private Optional<NodeObservation> primary(int shard) {
            return members.stream()
                    .filter(n -> n.pod().shard() == shard && n.self().master())
                    .max(Comparator.comparingInt((NodeObservation n) -> n.self().slots().size())
                            .thenComparing(POD_ORDER.reversed()));
        }

        /**
         * Unassigned slots go to the masters and slotless members follow their shard's master in the same step: where
         * the slots are does not change which master a replica follows, and one wait for the views to agree instead of
         * two shortens a bootstrap by a gossip round.
         */
        private List<Action> coverageAndReplication(Map<Integer, NodeObservation> primaries) {
            List<Action> actions = new ArrayList<>(coverage(primaries));
            actions.addAll(replication(primaries));
            return actions;
        }

        private List<Action> coverage(Map<Integer, NodeObservation> primaries) {
            SlotSet owned = members.stream().map(n -> n.self().slots()).reduce(SlotSet.EMPTY, SlotSet::union);
            SlotSet unassigned = SlotSet.all().minus(owned);
            if (unassigned.isEmpty()) {
                return List.of();
            }
            List<Action> assigns = new ArrayList<>();
            for (SlotBalancer.Transfer t : SlotBalancer.transfers(slotsOf(primaries), Map.of(), unassigned)) {
                if (t.sourceId() == null) {
                    assigns.add(new AssignSlots(t.targetId(), t.slots()));
                }
            }
            return assigns;
        }

        private List<Action> replication(Map<Integer, NodeObservation> primaries) {
            List<Action> replicates = new ArrayList<>();
            for (NodeObservation n : members) {
                NodeObservation primary = primaries.get(n.pod().shard());
                if (primary == null || n == primary || !n.self().slots().isEmpty()) {
                    continue;
                }
                boolean follows = !n.self().master() && primary.id().equals(n.self().masterId());
                // A replica whose master moved may keep dialling the old address: its node table learned the new
                // one from gossip, which does not re-point replication. Replicating the same master again does.
                boolean staleLink = follows && n.replicatingFrom() != null && !n.replicatingFrom().equals(primary.address());
                if ((!follows || staleLink) && desired.wantsPod(n.pod())) {
                    replicates.add(new ReplicateTo(n.id(), primary.id()));
                }
            }
            return replicates;
        }

        private List<Action> balance(Map<Integer, NodeObservation> primaries) {
            Set<String> primaryIds = primaries.values().stream().map(NodeObservation::id).collect(Collectors.toSet());
            Map<String, SlotSet> others = new LinkedHashMap<>();
            members.stream().filter(n -> !primaryIds.contains(n.id()) && !n.self().slots().isEmpty())
                    .forEach(n -> others.put(n.id(), n.self().slots()));
            return SlotBalancer.transfers(slotsOf(primaries), others, SlotSet.EMPTY).stream()
                    .map(t -> (Action) new MigrateSlots(t.sourceId(), t.targetId(), t.slots()))
                    .toList();
        }

        /** Unwanted nodes are forgotten once slotless; an unwanted primary first hands over to a wanted replica. */
        private List<Action> removals(Map<Integer, NodeObservation> primaries) {
            List<Action> removals = new ArrayList<>();
            for (NodeObservation n : members) {
                if (desired.wantsPod(n.pod())) {
                    continue;
                }
                if (n.self().slots().isEmpty()) {
                    removals.add(new ForgetNode(n.id()));
                } else if (primaries.get(n.pod().shard()) == n) {
                    members.stream()
                            .filter(r -> desired.wantsPod(r.pod()) && n.id().equals(r.self().masterId()))
                            .findFirst()
                            .ifPresent(r -> removals.add(new Failover(r.id())));
                }
            }
            return removals;
        }

        /** StatefulSets shrink or go once none of the pods they would remove is known to the cluster. */
        private List<Action> statefulSetChanges() {
            Set<String> known = members.stream().flatMap(m -> m.view().keySet().stream()).collect(Collectors.toSet());
            List<PodIdentity> pods = new ArrayList<>(unready);
            nodes.stream().filter(n -> !known.contains(n.id())).forEach(n -> pods.add(n.pod()));
            Set<Integer> blocked = members.stream().filter(n -> !desired.wantsPod(n.pod()))
                    .map(n -> n.pod().shard()).collect(Collectors.toSet());
            Set<Integer> deleted = new TreeSet<>();
            Set<Integer> shrunk = new TreeSet<>();
            for (PodIdentity pod : pods) {
                if (blocked.contains(pod.shard())) {
                    continue;
                }
                if (!desired.wantsShard(pod.shard())) {
                    deleted.add(pod.shard());
                } else if (pod.ordinal() > desired.replicasPerMaster()) {
                    shrunk.add(pod.shard());
                }
            }
            List<Action> changes = new ArrayList<>();
            deleted.forEach(shard -> changes.add(new DeleteShard(shard)));
            shrunk.forEach(shard -> changes.add(new ShrinkShard(shard, desired.replicasPerMaster() + 1)));
            return changes;
        }

        private static Map<String, SlotSet> slotsOf(Map<Integer, NodeObservation> primaries) {
            Map<String, SlotSet> slots = new LinkedHashMap<>();
            primaries.values().forEach(p -> slots.put(p.id(), p.self().slots()));
            return slots;
        }
    }
}

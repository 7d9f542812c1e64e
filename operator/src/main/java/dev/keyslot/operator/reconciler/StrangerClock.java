package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.topology.Action;
import dev.keyslot.operator.topology.Action.MeetNode;
import dev.keyslot.operator.topology.NodeObservation;
import dev.keyslot.operator.topology.StrangerPair;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Remembers, across reconciles of one cluster, since when each pair of member nodes has been strangers without a
 * break, or since the operator last sent them a MEET: the planner stays pure and is handed the durations. A MEET
 * restarts the pair's clock, so a pair whose handshake is still under way is not met again at every reconcile.
 *
 * <p>Kept in memory only: an operator that restarts dates the strangers it finds from its first observation, which
 * delays a direct MEET by at most one wait and never sends one early.
 */
final class StrangerClock {
    private final LongSupplier nanoTime;
    private final Map<StrangerPair, Long> since = new HashMap<>();

    StrangerClock() {
        this(System::nanoTime);
    }

    StrangerClock(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Takes in one observation; returns for how long each pair of strangers in it has been strangers. */
    synchronized Map<StrangerPair, Duration> observe(List<NodeObservation> nodes) {
        long now = nanoTime.getAsLong();
        Set<StrangerPair> pairs = new HashSet<>(StrangerPair.among(nodes));
        since.keySet().retainAll(pairs);
        Map<StrangerPair, Duration> durations = new HashMap<>();
        for (StrangerPair pair : pairs) {
            durations.put(pair, Duration.ofNanos(now - since.computeIfAbsent(pair, p -> now)));
        }
        return durations;
    }

    /** The MEETs about to be sent: both directions of each pair they introduce start over. */
    synchronized void meeting(List<Action> actions) {
        long now = nanoTime.getAsLong();
        for (Action action : actions) {
            if (action instanceof MeetNode meet) {
                StrangerPair pair = new StrangerPair(meet.viaNodeId(), meet.nodeId());
                since.computeIfPresent(pair, (p, t) -> now);
                since.computeIfPresent(pair.reversed(), (p, t) -> now);
            }
        }
    }
}

package dev.keyslot.operator.simulator;

/**
 * A pod's Ready condition as a kubelet keeps it from its readiness probe: Ready at the first answered probe, not
 * Ready once the container exits or after {@value #FAILURE_THRESHOLD} failed probes in a row (Kubernetes' default
 * failureThreshold), so a node slow to answer once, as a JVM warming up on a loaded machine is, stays Ready.
 */
record Readiness(boolean ready, int failedProbes) {
    static final int FAILURE_THRESHOLD = 3;
    static final Readiness STARTING = new Readiness(false, 0);

    Readiness probed(boolean answered, boolean running) {
        if (answered) {
            return new Readiness(true, 0);
        }
        int failed = failedProbes + 1;
        return new Readiness(ready && running && failed < FAILURE_THRESHOLD, failed);
    }
}

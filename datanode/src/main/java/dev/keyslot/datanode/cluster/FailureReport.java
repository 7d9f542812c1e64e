package dev.keyslot.datanode.cluster;

/** A master's report that some node looks down, valid for twice the node timeout. */
final class FailureReport {
    final ClusterNode reporter;
    long time;

    FailureReport(ClusterNode reporter, long time) {
        this.reporter = reporter;
        this.time = time;
    }
}

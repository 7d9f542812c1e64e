package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.server.Server;

import java.util.Locale;

/** INFO replication, with Redis 7.0's fields, order and meanings. */
final class ReplicationInfo {
    private ReplicationInfo() {
    }

    static void append(Server server, Replication r, StringBuilder out) {
        long now = System.currentTimeMillis();
        field(out, "role", r.isReplica() ? "slave" : "master");
        if (r.isReplica()) {
            MasterLink link = r.link();
            boolean up = r.linkUp();
            field(out, "master_host", r.masterHost());
            field(out, "master_port", r.masterPort());
            field(out, "master_link_status", up ? "up" : "down");
            field(out, "master_last_io_seconds_ago", up ? (now - link.lastIoMillis) / 1000 : -1);
            boolean transfer = link != null && link.state == MasterLink.State.TRANSFER;
            field(out, "master_sync_in_progress", transfer ? 1 : 0);
            field(out, "slave_read_repl_offset", r.readOffset());
            field(out, "slave_repl_offset", r.offset());
            if (transfer) {
                field(out, "master_sync_total_bytes", link.transferSize);
                field(out, "master_sync_read_bytes", link.transferRead);
                field(out, "master_sync_left_bytes", link.transferSize - link.transferRead);
                double perc = link.transferSize > 0 ? (double) link.transferRead / link.transferSize * 100 : 0;
                field(out, "master_sync_perc", String.format(Locale.ROOT, "%.2f", perc));
                field(out, "master_sync_last_io_seconds_ago", (now - link.lastIoMillis) / 1000);
            }
            if (!up) {
                long since = r.linkDownSinceMillis();
                field(out, "master_link_down_since_seconds", since == 0 ? -1 : (now - since) / 1000);
            }
            field(out, "slave_priority", server.config().getLong("replica-priority"));
            field(out, "slave_read_only", server.config().getBool("replica-read-only") ? 1 : 0);
            field(out, "replica_announced", server.config().getBool("replica-announced") ? 1 : 0);
        }
        ReplicaSet replicas = r.replicaSet();
        field(out, "connected_slaves", replicas.replicas().size());
        if (server.config().getLong("min-replicas-to-write") > 0 && server.config().getLong("min-replicas-max-lag") > 0) {
            field(out, "min_slaves_good_slaves", replicas.goodReplicas());
        }
        int id = 0;
        for (ReplicaStatus s : r.replicas()) {
            out.append("slave").append(id++).append(":ip=").append(s.ip()).append(",port=").append(s.port())
                    .append(",state=").append(s.state()).append(",offset=").append(s.ackOffset())
                    .append(",lag=").append(s.lagSeconds()).append("\r\n");
        }
        ReplicationBuffer backlog = replicas.backlog();
        field(out, "master_failover_state", r.failover().state().infoName);
        field(out, "master_replid", r.replid());
        field(out, "master_replid2", r.replid2());
        field(out, "master_repl_offset", r.offset());
        field(out, "second_repl_offset", r.secondOffset());
        field(out, "repl_backlog_active", backlog != null ? 1 : 0);
        field(out, "repl_backlog_size", server.config().getLong("repl-backlog-size"));
        field(out, "repl_backlog_first_byte_offset", backlog != null ? backlog.firstByteOffset() : 0);
        field(out, "repl_backlog_histlen", backlog != null ? backlog.histlen() : 0);
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }
}

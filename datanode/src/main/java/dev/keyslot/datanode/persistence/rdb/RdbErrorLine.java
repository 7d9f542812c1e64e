package dev.keyslot.datanode.persistence.rdb;

/** The log line Redis's rdbReportError starts with, which operators and Redis's tests search logs for. */
public final class RdbErrorLine {
    private RdbErrorLine() {
    }

    public static String of(RdbFormatException e) {
        return of(e.getMessage());
    }

    public static String of(String reason) {
        return "Internal error in RDB reading: " + reason;
    }
}

package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.MigrationStatus;

/** The running migration, shared between the executor moving keys and the status it reports. */
final class MigrationProgress {
    private final String source;
    private final String target;
    private final int slotsTotal;
    private int slotsDone;
    private long keysMoved;

    MigrationProgress(String source, String target, int slotsTotal) {
        this.source = source;
        this.target = target;
        this.slotsTotal = slotsTotal;
    }

    synchronized void slotsDone(int slots) {
        slotsDone += slots;
    }

    synchronized void keysMoved(long keys) {
        keysMoved += keys;
    }

    synchronized MigrationStatus toStatus() {
        MigrationStatus status = new MigrationStatus();
        status.setSource(source);
        status.setTarget(target);
        status.setSlotsDone(slotsDone);
        status.setSlotsTotal(slotsTotal);
        status.setKeysMoved(keysMoved);
        return status;
    }
}

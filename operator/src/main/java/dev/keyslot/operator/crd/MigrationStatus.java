package dev.keyslot.operator.crd;

/** The slot migration in progress. */
public class MigrationStatus {
    private String source;
    private String target;
    private Integer slotsDone;
    private Integer slotsTotal;
    private Long keysMoved;

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public Integer getSlotsDone() {
        return slotsDone;
    }

    public void setSlotsDone(Integer slotsDone) {
        this.slotsDone = slotsDone;
    }

    public Integer getSlotsTotal() {
        return slotsTotal;
    }

    public void setSlotsTotal(Integer slotsTotal) {
        this.slotsTotal = slotsTotal;
    }

    public Long getKeysMoved() {
        return keysMoved;
    }

    public void setKeysMoved(Long keysMoved) {
        this.keysMoved = keysMoved;
    }
}

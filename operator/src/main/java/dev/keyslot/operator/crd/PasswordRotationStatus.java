package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where the roll-out of a password changed in the Secret stands. */
public class PasswordRotationStatus {
    public static final String ADDING = "AddingNewPassword";
    public static final String BOTH_ACCEPTED = "BothAccepted";
    public static final String COMPLETE = "Complete";

    @JsonPropertyDescription("AddingNewPassword (not every node accepts the new password yet), BothAccepted (every node"
            + " accepts the old and the new password: switch clients now) or Complete (only the new password is accepted).")
    private String state;
    @JsonPropertyDescription("When the current state began.")
    private String since;
    @JsonPropertyDescription("While BothAccepted: the old password is removed after this time.")
    private String oldPasswordRemovedAfter;
    private String message;

    public PasswordRotationStatus() {
    }

    public PasswordRotationStatus(String state, String since, String oldPasswordRemovedAfter, String message) {
        this.state = state;
        this.since = since;
        this.oldPasswordRemovedAfter = oldPasswordRemovedAfter;
        this.message = message;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getSince() {
        return since;
    }

    public void setSince(String since) {
        this.since = since;
    }

    public String getOldPasswordRemovedAfter() {
        return oldPasswordRemovedAfter;
    }

    public void setOldPasswordRemovedAfter(String oldPasswordRemovedAfter) {
        this.oldPasswordRemovedAfter = oldPasswordRemovedAfter;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}

package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Where the node password comes from, and how a change of it is rolled out. */
public class AuthSpec {
    @JsonPropertyDescription("Secret (key 'password') holding the node password; generated as <name>-auth when absent.")
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    private String secretName;

    @JsonPropertyDescription("After a password change in the Secret, how long every node accepts both the old and the new"
            + " password, for clients to switch, before the old one is removed.")
    @Default("300")
    @Min(0)
    @Max(86400)
    private long rotationGracePeriodSeconds = 300;

    public long getRotationGracePeriodSeconds() {
        return rotationGracePeriodSeconds;
    }

    public void setRotationGracePeriodSeconds(long rotationGracePeriodSeconds) {
        this.rotationGracePeriodSeconds = rotationGracePeriodSeconds;
    }

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }
}

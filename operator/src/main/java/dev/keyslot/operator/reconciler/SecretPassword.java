package dev.keyslot.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The node password in a Secret, whether the API server stored it under data (base64) or stringData. */
public final class SecretPassword {
    private SecretPassword() {
    }

    public static Optional<String> of(Secret secret) {
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.getData() != null && secret.getData().containsKey(ClusterNames.PASSWORD_KEY)) {
            return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(ClusterNames.PASSWORD_KEY)),
                    StandardCharsets.UTF_8));
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(ClusterNames.PASSWORD_KEY)) {
            return Optional.of(secret.getStringData().get(ClusterNames.PASSWORD_KEY));
        }
        return Optional.empty();
    }
}

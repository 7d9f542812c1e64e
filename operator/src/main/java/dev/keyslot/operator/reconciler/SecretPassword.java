package dev.keyslot.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** A password in a Secret, whether the API server stored it under data (base64) or stringData. */
public final class SecretPassword {
    private SecretPassword() {
    }

    /** The value of the key 'password'. */
    public static Optional<String> of(Secret secret) {
        return of(secret, ClusterNames.PASSWORD_KEY);
    }

    public static Optional<String> of(Secret secret, String key) {
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return Optional.of(secret.getStringData().get(key));
        }
        return Optional.empty();
    }
}

package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.ConfigDirectives;
import dev.keyslot.operator.crd.RedisClusterSpec;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of what a running node cannot take without a restart: the pod spec (image, resources, scheduling)
 * and the config directives CONFIG SET refuses. Everything else in spec.config is applied live.
 */
final class TemplateHash {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private TemplateHash() {
    }

    static String of(PodSpec pod, RedisClusterSpec spec) {
        Map<String, String> restartOnly = new TreeMap<>();
        spec.getConfig().forEach((directive, value) -> {
            if (ConfigDirectives.RESTART_REQUIRED.contains(directive)) {
                restartOnly.put(directive, value);
            }
        });
        String text = JSON.asJson(pod) + "\n" + restartOnly;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

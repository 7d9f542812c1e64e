package dev.keyslot.e2e.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of Kubernetes' strategic merge patch that kustomize patches of this repository use: maps merge
 * key by key, lists of objects with a {@code name} (containers, env, ports, volumes) merge element by name,
 * and any other value or list is replaced by the patch's.
 */
final class StrategicMerge {
    private StrategicMerge() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> merged = new LinkedHashMap<>(target);
        patch.forEach((key, value) -> {
            Object current = merged.get(key);
            if (current instanceof Map && value instanceof Map) {
                merged.put(key, merge((Map<String, Object>) current, (Map<String, Object>) value));
            } else if (current instanceof List && value instanceof List && namedObjects((List<?>) value)) {
                merged.put(key, mergeByName((List<Object>) current, (List<Object>) value));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static boolean namedObjects(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(e -> e instanceof Map<?, ?> m && m.get("name") != null);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mergeByName(List<Object> current, List<Object> patch) {
        List<Object> merged = new ArrayList<>(current);
        for (Object element : patch) {
            Map<String, Object> patchElement = (Map<String, Object>) element;
            int index = indexOfName(merged, patchElement.get("name"));
            if (index < 0) {
                merged.add(patchElement);
            } else {
                merged.set(index, merge((Map<String, Object>) merged.get(index), patchElement));
            }
        }
        return merged;
    }

    private static int indexOfName(List<Object> list, Object name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> m && Objects.equals(m.get("name"), name)) {
                return i;
            }
        }
        return -1;
    }
}

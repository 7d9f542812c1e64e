package dev.keyslot.e2e.gitops;

import dev.keyslot.e2e.Repository;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

import java.util.List;
import java.util.Map;

/** Runs deploy/gitops/argocd/health.lua on an object as Argo CD does: the object is the global {@code obj}. */
final class ArgoHealthCheck {
    static final String SCRIPT = "deploy/gitops/argocd/health.lua";

    record Health(String status, String message) {
    }

    private ArgoHealthCheck() {
    }

    @SuppressWarnings("unchecked")
    static Health of(String objectYaml) {
        Map<String, Object> object = new KubernetesSerialization().unmarshal(objectYaml, Map.class);
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", lua(object));
        LuaValue result = globals.load(Repository.read(SCRIPT), "health.lua").call();
        return new Health(result.get("status").tojstring(), result.get("message").tojstring());
    }

    /** JSON-like Java values as Lua values, the way Argo CD converts an unstructured object. */
    private static LuaValue lua(Object value) {
        if (value == null) {
            return LuaValue.NIL;
        }
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            map.forEach((k, v) -> table.set(k.toString(), lua(v)));
            return table;
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                table.set(i + 1, lua(list.get(i)));
            }
            return table;
        }
        if (value instanceof Number number) {
            return LuaValue.valueOf(number.doubleValue());
        }
        if (value instanceof Boolean bool) {
            return LuaValue.valueOf(bool);
        }
        return LuaValue.valueOf(value.toString());
    }
}

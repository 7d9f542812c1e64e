package dev.keyslot.operator.admin;

import java.util.ArrayList;
import java.util.List;

/** An ACL user and its password; a null user means the default user (plain AUTH password). */
public record Credentials(String user, String password) {
    public static Credentials defaultUser(String password) {
        return new Credentials(null, password);
    }

    public boolean isEmpty() {
        return password == null || password.isEmpty();
    }

    /** AUTH password, or AUTH user password. */
    Object[] authCommand() {
        return user == null ? new Object[]{"AUTH", password} : new Object[]{"AUTH", user, password};
    }

    /** MIGRATE's options for these credentials: AUTH password or AUTH2 user password; none when empty. */
    List<Object> migrateOptions() {
        List<Object> options = new ArrayList<>();
        if (isEmpty()) {
            return options;
        }
        if (user == null) {
            options.add("AUTH");
        } else {
            options.add("AUTH2");
            options.add(user);
        }
        options.add(password);
        return options;
    }

    @Override
    public String toString() {
        return "Credentials[user=" + (user == null ? "default" : user) + "]";
    }
}

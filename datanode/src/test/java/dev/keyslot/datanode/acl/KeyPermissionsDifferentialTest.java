package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which keys %R~ and %W~ patterns let a user touch, compared with redis-server 7.0 through ACL DRYRUN: the
 * permission each key needs follows its key spec flags, so every request of COMMAND GETKEYS's request list is
 * tried with its arguments (keys among them) renamed to match read-only, write-only and full patterns.
 */
class KeyPermissionsDifferentialTest {
    private static final String REQUESTS = "/dev/keyslot/datanode/command/server/getkeys-requests.txt";
    private static final String[][] USERS = {
        {"reader", "%R~*"},
        {"writer", "%W~*"},
        {"mixed", "%R~r*", "%W~w*", "~rw*"},
        {"keyless", "resetkeys"},
    };
    private static final String[] KEY_PREFIXES = {"", "r", "w", "rw"};

    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();
    /** Commands whose second argument names a subcommand, which keeps its name. */
    private static final Set<String> containers = new HashSet<>();

    @BeforeAll
    static void start() {
        for (Object name : (List<?>) RespParser.parse(diff.nodeConnection().call("COMMAND", "LIST"))) {
            if (name.toString().contains("|")) {
                containers.add(name.toString().substring(0, name.toString().indexOf('|')));
            }
        }
        for (String[] user : USERS) {
            List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", user[0], "on", "nopass", "+@all"));
            command.addAll(List.of(user).subList(1, user.length));
            diff.check(command.toArray(new String[0]));
        }
    }

    @TestFactory
    Stream<DynamicTest> keysNeedThePermissionsTheirFlagsSay() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String request : requests()) {
            tests.add(DynamicTest.dynamicTest("ACL DRYRUN " + request, () -> {
                String[] args = request.split(" ");
                for (String prefix : KEY_PREFIXES) {
                    for (String[] user : USERS) {
                        List<String> command = new ArrayList<>(List.of("ACL", "DRYRUN", user[0], args[0]));
                        int firstArgument = containers.contains(args[0]) ? 2 : 1;
                        command.addAll(List.of(args).subList(1, Math.min(firstArgument, args.length)));
                        for (int i = firstArgument; i < args.length; i++) {
                            command.add(prefix + (args[i].equals("\"\"") ? "" : args[i]));
                        }
                        diff.check(command.toArray(new String[0]));
                    }
                }
            }));
        }
        return tests.stream();
    }

    private static List<String> requests() throws IOException {
        List<String> requests = new ArrayList<>();
        try (InputStream in = KeyPermissionsDifferentialTest.class.getResourceAsStream(REQUESTS)) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    requests.add(line);
                }
            }
        }
        return requests;
    }
}

package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aclfile against redis-server 7.0: users loaded at startup, ACL LOAD (all or nothing, with Redis's
 * error list) and ACL SAVE. Both servers use the same file, one after the other.
 */
class AclFileDifferentialTest {
    private static final String INITIAL = "user alice on #2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b"
            + " ~cache:* resetchannels &news -@all +get\nuser default on nopass ~* &* +@all\n";
    private static Path dir;
    private static Path aclFile;
    private static Differential diff;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("aclfile");
        aclFile = dir.resolve("users.acl");
        Files.writeString(aclFile, INITIAL);
        diff = new Differential("--aclfile", aclFile.toString());
    }

    @AfterAll
    static void stop() throws IOException {
        diff.close();
        Files.deleteIfExists(aclFile);
        Files.deleteIfExists(dir);
    }

    @BeforeEach
    void reset() throws IOException {
        Files.writeString(aclFile, INITIAL);
        diff.reset();
        diff.checkAll("ACL LOAD");
    }

    private static void write(String text) {
        try {
            Files.writeString(aclFile, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read() {
        try {
            return Files.readString(aclFile, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void usersComeFromTheFile() {
        diff.checkAll("ACL LIST", "ACL USERS", "AUTH alice secret", "ACL WHOAMI", "GET cache:x", "GET other", "SET cache:x v");
    }

    @Test
    void aRelativeAclfileIsFoundInTheConfiguredDir() {
        try (Differential relative = new Differential("--dir", dir.toString(), "--aclfile", "users.acl")) {
            relative.checkAll("ACL LIST", "ACL SETUSER zed on", "ACL SAVE", "ACL LOAD", "ACL USERS");
        }
        assertThat(read()).contains("user zed on");
    }

    @Test
    void loadReplacesUsersOrReportsEveryError() {
        write("user bob on nopass +@all ~*\n\n  user carol off  \n");
        diff.checkAll("ACL LOAD", "ACL LIST");
        write("user bob on nopass +@all ~*\nuser bob off\nbogus line\nuser\nuser dave +nosuch +@nosuch\n"
                + "user erin %X~k ~a ~b >x #bad\nuser frank (~x +get\n");
        diff.checkAll("ACL LOAD", "ACL LIST");
    }

    @Test
    void saveWritesEveryUser() {
        diff.checkAll("ACL SETUSER zed on >zedpw ~z* &z* -@all +@read", "ACL SETUSER bob off");
        diff.redisConnection().call("ACL", "SAVE");
        String byRedis = read();
        write(INITIAL);
        diff.checkAll("ACL SAVE");
        assertThat(read()).isEqualTo(byRedis);
        diff.checkAll("ACL LOAD", "ACL LIST", "ACL DELUSER zed bob", "ACL SAVE");
    }

    @Test
    void loadingDisconnectsClientsOfReplacedUsers() {
        diff.checkAll("AUTH alice secret", "GET cache:a");
        diff.reconnect();
        var redisAlice = new dev.keyslot.datanode.testing.RawConnection(diff.redis().host(), diff.redis().port());
        var nodeAlice = new dev.keyslot.datanode.testing.RawConnection(diff.node().host(), diff.node().port());
        redisAlice.call("AUTH", "alice", "secret");
        nodeAlice.call("AUTH", "alice", "secret");
        diff.checkAll("ACL LOAD");
        assertThat(redisAlice.isClosedByPeer(2000)).isTrue();
        assertThat(nodeAlice.isClosedByPeer(2000)).isTrue();
        redisAlice.close();
        nodeAlice.close();
    }
}

package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `user` lines of the configuration, and requirepass as the default user's password at startup. */
class ConfiguredUsersTest {
    @Test
    void userLinesCreateUsersAndMayRedefineDefault() {
        try (Differential diff = new Differential("--requirepass", "ignored", "--user", "alice", "on", ">pw", "~*",
                "+@all", "--user", "default", "on", "nopass", "~*", "&*", "-@all", "+ping")) {
            diff.checkAll("PING", "ACL LIST", "GET x", "AUTH alice pw", "GET x", "ACL WHOAMI", "ACL LIST");
        }
    }

    @Test
    void aDefaultUserLineWithAPasswordRequiresAuthentication() {
        try (Differential diff = new Differential("--user", "default", "on", ">pw", "~*", "&*", "+@all")) {
            diff.checkAll("PING", "AUTH nope", "AUTH pw", "PING", "ACL WHOAMI");
        }
    }

    @Test
    void requirepassAtStartupProtectsTheDefaultUser() {
        try (Differential diff = new Differential("--requirepass", "s3cret")) {
            diff.checkAll("PING", "AUTH nope", "AUTH s3cret", "ACL LIST", "ACL GETUSER default");
        }
    }

    @Test
    void unknownCommandsInUserLinesOrUsersInBothPlacesStopTheStartup() {
        assertThatThrownBy(() -> EmbeddedDataNode.start("--user", "x", "on", "+nosuchcommand"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EmbeddedDataNode.start("--user", "x", "on", "--aclfile", "/tmp/keyslot-none.acl"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EmbeddedDataNode.start("--aclfile", "/nonexistent-dir/users.acl"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void configCheckReportsLikeRedis() {
        assertThat(ConfiguredUsers.check(java.util.List.of("user", "bob", "on", "+nosuchcommand"), java.util.List.of()))
                .isNull();
        assertThat(ConfiguredUsers.check(java.util.List.of("user", "bob", "on", "(~x"), java.util.List.of()))
                .isEqualTo("Error in user declaration '(~x': Syntax error");
    }
}

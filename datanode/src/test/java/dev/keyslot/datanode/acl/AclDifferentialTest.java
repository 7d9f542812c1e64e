package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** ACL SETUSER/GETUSER/LIST/DELUSER, rule errors and AUTH, compared byte for byte with redis-server 7.0. */
class AclDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @AfterEach
    void dropUsers() {
        diff.reconnect();
        for (var conn : new dev.keyslot.datanode.testing.RawConnection[] {diff.redisConnection(), diff.nodeConnection()}) {
            // Tests may leave a password on the default user: authenticate with it before cleaning up.
            conn.call("AUTH", "hunter2");
            conn.call("ACL", "SETUSER", "default", "reset", "on", "nopass", "~*", "&*", "+@all");
            for (String user : new String[] {"alice", "bob", "carol", "dave", "sel", "newbie"}) {
                conn.call("ACL", "DELUSER", user);
            }
            conn.call("ACL", "LOG", "RESET");
            conn.call("CONFIG", "SET", "requirepass", "");
        }
    }

    @Test
    void defaultUserAndNewUsers() {
        diff.checkAll("ACL LIST", "ACL USERS", "ACL WHOAMI", "ACL GETUSER default", "ACL GETUSER nobody");
        diff.checkAll("ACL SETUSER newbie", "ACL LIST", "ACL GETUSER newbie");
        diff.checkAll("ACL SETUSER bob reset", "ACL LIST", "ACL USERS");
        diff.checkAll("ACL SETUSER alice on >secret ~cached:* &chan +get", "ACL GETUSER alice", "ACL LIST");
    }

    @Test
    void sortByAndGetPatternsNeedReadAccessToEveryKey() {
        diff.checkAll("SET v1 1", "RPUSH mylist 1", "ACL SETUSER sel on nopass (+sort +sort_ro ~mylist)");
        try (ConnectionPair sel = ConnectionPair.open(diff)) {
            sel.check("AUTH", "sel", "x");
            String[][] sorts = {{"SORT", "mylist", "BY", "v*"}, {"SORT", "mylist", "GET", "v*"},
                    {"SORT_RO", "mylist", "BY", "v*"}, {"SORT", "mylist", "BY", "nostar"}, {"SORT", "mylist"}};
            for (String rules : new String[] {"(+sort +sort_ro ~mylist ~v*)", "(+sort +sort_ro ~mylist %W~*)",
                    "(+sort +sort_ro ~mylist %R~*)", "(+sort ~*)"}) {
                diff.check("ACL", "SETUSER", "sel", "resetkeys", "-@all", "clearselectors", rules);
                for (String[] sort : sorts) {
                    sel.check(sort);
                }
            }
        }
        diff.checkAll("DEL v1 mylist");
    }

    @Test
    void passwordRules() {
        diff.checkAll("ACL SETUSER alice on >p1 >p2 >p1", "ACL GETUSER alice",
                "ACL SETUSER alice <p1", "ACL GETUSER alice",
                "ACL SETUSER alice <nothere", "ACL SETUSER alice #abc",
                "ACL SETUSER alice #5E884898DA28047151D0E56F8DC6292773603D0D6AABBDD62A11EF721D1542D8",
                "ACL SETUSER alice #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
                "ACL GETUSER alice", "ACL SETUSER alice !5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
                "ACL SETUSER alice !5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
                "ACL SETUSER alice nopass", "ACL GETUSER alice", "ACL SETUSER alice resetpass", "ACL LIST");
    }

    @Test
    void commandRulesAndErrors() {
        diff.checkAll("ACL SETUSER alice +@all -@dangerous", "ACL GETUSER alice",
                "ACL SETUSER bob -@all +@read", "ACL GETUSER bob",
                "ACL SETUSER carol +@all -get", "ACL GETUSER carol",
                "ACL SETUSER dave +config|get", "ACL GETUSER dave",
                "ACL SETUSER newbie +select|0 +select|1", "ACL GETUSER newbie",
                "ACL SETUSER dave +nosuchcommand", "ACL SETUSER dave +@nosuchcategory",
                "ACL SETUSER dave -select|0", "ACL SETUSER dave +config|get|x", "ACL SETUSER dave +select|",
                "ACL SETUSER dave +config|nosuch", "ACL SETUSER dave bogus", "ACL SETUSER dave allcommands",
                "ACL GETUSER dave", "ACL SETUSER dave nocommands", "ACL GETUSER dave");
    }

    @Test
    void keyAndChannelRules() {
        diff.checkAll("ACL SETUSER alice ~a* %R~r* %W~w* %RW~rw* %R~a*", "ACL GETUSER alice", "ACL LIST",
                "ACL SETUSER alice allkeys", "ACL SETUSER alice ~x", "ACL SETUSER alice resetkeys ~x",
                "ACL GETUSER alice", "ACL SETUSER alice %X~x", "ACL SETUSER alice &a &b &a", "ACL GETUSER alice",
                "ACL SETUSER alice allchannels", "ACL SETUSER alice &c", "ACL GETUSER alice",
                "ACL SETUSER alice resetchannels", "ACL LIST");
    }

    @Test
    void selectors() {
        diff.checkAll("ACL SETUSER sel on nopass (~w* +@write) (+@read ~r*)", "ACL GETUSER sel", "ACL LIST",
                "ACL SETUSER sel (~a* +get", "ACL SETUSER sel clearselectors", "ACL GETUSER sel",
                "ACL SETUSER sel (this-is-invalid)", "ACL SETUSER sel )", "ACL SETUSER sel reset ()",
                "ACL GETUSER sel");
        diff.check("ACL", "SETUSER", "sel", "(~key1 +get )", "( ~key2 +get )", "( ~key3 +get)");
        diff.checkAll("ACL GETUSER sel");
        diff.check("ACL", "SETUSER", "sel", " () ");
    }

    @Test
    void authFlows() {
        diff.checkAll("AUTH foo", "AUTH default foo", "ACL SETUSER alice on >pw +@all ~*", "AUTH alice bad",
                "AUTH alice pw", "ACL WHOAMI", "AUTH default x", "ACL WHOAMI", "AUTH a b c",
                "ACL SETUSER alice off", "AUTH alice pw", "HELLO 2 AUTH alice pw", "ACL SETUSER alice on",
                "AUTH default x", "HELLO 2 AUTH alice bad SETNAME x", "HELLO 2 AUTH alice pw BOGUS", "ACL WHOAMI");
        diff.redisConnection().call("HELLO", "2", "AUTH", "alice", "pw", "SETNAME", "x");
        diff.nodeConnection().call("HELLO", "2", "AUTH", "alice", "pw", "SETNAME", "x");
        diff.checkAll("CLIENT GETNAME", "ACL WHOAMI");
        diff.checkAll("CONFIG SET requirepass hunter2", "ACL GETUSER default", "ACL LIST");
        diff.reconnect();
        diff.checkAll("PING", "ACL WHOAMI", "HELLO 3", "AUTH wrong", "AUTH hunter2", "PING", "AUTH default hunter2");
    }

    @Test
    void permissionsAreEnforced() {
        diff.checkAll("ACL SETUSER alice on nopass -@all +get +set ~k* &news.* +publish +subscribe +psubscribe",
                "AUTH alice x", "GET kx", "GET other", "SET kx v", "INCR kx", "PING", "CONFIG GET maxmemory",
                "MGET kx other", "PUBLISH news.a hi", "PUBLISH other hi", "PSUBSCRIBE news.*");
        diff.check("PSUBSCRIBE", "news.x*");
        diff.reconnect();
        diff.checkAll("ACL SETUSER bob on nopass +@all %R~r* %W~w*", "AUTH bob x", "SET wkey v", "SET wkey v GET",
                "GET wkey", "GET rkey", "SET rkey v", "LPUSH wlist a", "COPY rkey wkey", "COPY wkey rkey",
                "EXISTS anything", "DEL wkey", "DEL rkey");
    }

    @Test
    void multiAndExecRecheck() {
        diff.checkAll("ACL SETUSER alice on nopass +@all -set ~*", "AUTH alice x", "MULTI", "GET k", "SET k v",
                "EXEC");
        diff.checkAll("MULTI", "GET k", "INCR k");
        try (ConnectionPair admin = ConnectionPair.open(diff)) {
            admin.check("ACL", "SETUSER", "alice", "-incr");
        }
        diff.checkAll("EXEC");
    }

    @Test
    void dryrun() {
        diff.checkAll("ACL SETUSER alice on nopass +get ~k* &c*", "ACL DRYRUN alice GET k1", "ACL DRYRUN alice GET x",
                "ACL DRYRUN alice SET k1 v", "ACL DRYRUN nobody GET k", "ACL DRYRUN alice NOSUCH k",
                "ACL DRYRUN alice GET", "ACL DRYRUN alice CONFIG", "ACL DRYRUN alice CONFIG GET x",
                "ACL SETUSER alice +publish", "ACL DRYRUN alice PUBLISH c1 m", "ACL DRYRUN alice PUBLISH x m");
    }

    @Test
    void miscSubcommands() {
        diff.checkAll("ACL CAT", "ACL CAT nosuch", "ACL CAT a b", "ACL HELP", "ACL LOG", "ACL LOG 0", "ACL LOG x",
                "ACL LOG RESET", "ACL LOG 1 2", "ACL GENPASS 0", "ACL GENPASS 5000", "ACL GENPASS x", "ACL SAVE",
                "ACL LOAD", "ACL DELUSER default", "ACL DELUSER nobody", "ACL GETUSER", "ACL NOSUCH",
                "CLIENT KILL USER nobody");
        assertThat(diff.nodeConnection().callString("ACL", "GENPASS")).matches("\\$64\r\n[0-9a-f]{64}\r\n");
        assertThat(diff.nodeConnection().callString("ACL", "GENPASS", "5")).matches("\\$2\r\n[0-9a-f]{2}\r\n");
    }

    @Test
    void deletedUsersClientsAreDisconnected() {
        diff.checkAll("ACL SETUSER alice on nopass +@all ~*", "AUTH alice x");
        try (ConnectionPair admin = ConnectionPair.open(diff)) {
            admin.check("ACL", "DELUSER", "alice");
        }
        assertThat(diff.redisConnection().isClosedByPeer(2000)).isTrue();
        assertThat(diff.nodeConnection().isClosedByPeer(2000)).isTrue();
        diff.reconnect();
        diff.checkAll("ACL SETUSER alice on nopass +@all ~*", "AUTH alice x", "ACL DELUSER alice");
        assertThat(diff.redisConnection().isClosedByPeer(2000)).isTrue();
        assertThat(diff.nodeConnection().isClosedByPeer(2000)).isTrue();
    }

    @Test
    void subscribersLosingAChannelAreDisconnected() {
        diff.checkAll("ACL SETUSER alice on nopass +@all ~* resetchannels &news.* &sport");
        try (ConnectionPair alice = ConnectionPair.open(diff)) {
            alice.check("AUTH", "alice", "x");
            alice.check("SUBSCRIBE", "news.a");
            alice.check("PSUBSCRIBE", "news.*");
            diff.checkAll("ACL SETUSER alice &extra", "ACL SETUSER alice resetchannels &news.* &extra");
            alice.check("PING");
            diff.checkAll("ACL SETUSER alice resetchannels &other");
            assertThat(alice.redis().isClosedByPeer(2000)).isTrue();
            assertThat(alice.node().isClosedByPeer(2000)).isTrue();
        }
    }

    @Test
    void clientListShowsAndKillSelectsTheUser() {
        diff.checkAll("ACL SETUSER alice on nopass +@all ~*");
        try (ConnectionPair alice = ConnectionPair.open(diff)) {
            alice.check("AUTH", "alice", "x");
            alice.check("CLIENT", "SETNAME", "a1");
            String line = diff.nodeConnection().callString("CLIENT", "LIST");
            assertThat(line).contains("name=a1 ").contains(" user=alice ").contains(" user=default ");
            assertThat(new String(diff.nodeConnection().call("CLIENT", "INFO"))).contains(" user=default ");
            diff.checkAll("CLIENT KILL USER alice", "CLIENT KILL USER nobody", "CLIENT KILL USER alice");
            assertThat(alice.redis().isClosedByPeer(2000)).isTrue();
            assertThat(alice.node().isClosedByPeer(2000)).isTrue();
        }
    }

    @Test
    void subcommandRulesAndTheirDescription() {
        diff.checkAll("ACL SETUSER alice on nopass ~* +@all -client|kill", "ACL GETUSER alice",
                "ACL SETUSER bob +memory|doctor", "ACL GETUSER bob", "ACL SETUSER bob +memory", "ACL GETUSER bob",
                "ACL SETUSER bob +@all +client|id", "ACL GETUSER bob", "ACL SETUSER carol +@all -memory",
                "ACL GETUSER carol", "ACL SETUSER carol +@all +config|get", "ACL SETUSER carol +get|key1|key2",
                "ACL SETUSER carol -get|key1|key2", "ACL SETUSER carol -config|asdf", "ACL GETUSER carol",
                "ACL SETUSER dave on nopass -@all +acl +select|0 ~*", "AUTH alice x", "CLIENT GETNAME",
                "CLIENT KILL TYPE master", "AUTH dave x", "SELECT 0", "SELECT 1", "ACL WHOAMI", "PING");
    }

    @Test
    void transactionsRefuseUnauthorizedChannels() {
        diff.checkAll("ACL SETUSER alice on nopass ~* +multi +discard +publish +subscribe +psubscribe &allowed*",
                "AUTH alice x", "MULTI", "PUBLISH notexists hello", "SUBSCRIBE allowed1 foo:1", "PSUBSCRIBE allowed* bar:*",
                "PUBLISH allowed2 hi", "DISCARD");
    }

    @Test
    void defaultUserOffOrWithoutCommands() {
        diff.checkAll("ACL SETUSER alice on >pw ~* +@all", "ACL SETUSER default off");
        diff.reconnect();
        diff.checkAll("PING", "AUTH default x", "AUTH alice pw", "ACL SETUSER default on -@all");
        diff.reconnect();
        diff.checkAll("PING", "HELLO 2 AUTH alice wrong", "ACL WHOAMI");
        diff.redisConnection().call("HELLO", "2", "AUTH", "alice", "pw");
        diff.nodeConnection().call("HELLO", "2", "AUTH", "alice", "pw");
        diff.checkAll("ACL WHOAMI", "ACL SETUSER default on +@all");
    }
}

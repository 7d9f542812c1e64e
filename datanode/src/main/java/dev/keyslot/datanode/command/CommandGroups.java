package dev.keyslot.datanode.command;

import dev.keyslot.datanode.acl.AclCommands;
import dev.keyslot.datanode.command.cluster.ClusterCommands;
import dev.keyslot.datanode.command.connection.ConnectionCommands;
import dev.keyslot.datanode.command.generic.DumpRestoreCommands;
import dev.keyslot.datanode.command.generic.ExpireCommands;
import dev.keyslot.datanode.command.generic.KeyCommands;
import dev.keyslot.datanode.command.generic.ObjectCommand;
import dev.keyslot.datanode.command.generic.RenameCommands;
import dev.keyslot.datanode.command.generic.ScanCommand;
import dev.keyslot.datanode.command.generic.SortCommand;
import dev.keyslot.datanode.command.server.ServerCommands;
import dev.keyslot.datanode.command.string.StringFamily;
import dev.keyslot.datanode.command.geo.GeoCommands;
import dev.keyslot.datanode.command.geo.GeoSearchCommands;
import dev.keyslot.datanode.command.hash.HashCommands;
import dev.keyslot.datanode.command.hll.HyperLogLogCommands;
import dev.keyslot.datanode.command.set.SetCommands;
import dev.keyslot.datanode.command.list.BlockingListCommands;
import dev.keyslot.datanode.command.list.ListCommands;
import dev.keyslot.datanode.command.zset.ZSetAlgebraCommands;
import dev.keyslot.datanode.command.zset.ZSetCommands;
import dev.keyslot.datanode.command.zset.ZSetPopCommands;
import dev.keyslot.datanode.command.zset.ZSetRandomCommands;
import dev.keyslot.datanode.command.zset.ZSetRangeCommands;
import dev.keyslot.datanode.command.zset.ZSetScanCommand;
import dev.keyslot.datanode.command.migrate.MigrateCommand;
import dev.keyslot.datanode.command.persistence.AofCommands;
import dev.keyslot.datanode.command.persistence.PersistenceCommands;
import dev.keyslot.datanode.command.pubsub.PubSubCommands;
import dev.keyslot.datanode.command.scripting.EvalCommands;
import dev.keyslot.datanode.command.scripting.FunctionCommands;
import dev.keyslot.datanode.command.tracking.TrackingCommands;
import dev.keyslot.datanode.command.transaction.TransactionCommands;
import dev.keyslot.datanode.replication.FailoverCommand;
import dev.keyslot.datanode.replication.ReplicationCommands;
import dev.keyslot.datanode.command.stream.StreamFamily;
import dev.keyslot.datanode.server.Server;

import java.util.List;

/** Every command family of the data node; the command table is the union of their registrations. */
public final class CommandGroups {
    private CommandGroups() {
    }

    public static void registerAll(Server server, CommandTable table) {
        List<CommandGroup> groups = List.of(
                new ConnectionCommands(server),
                new ServerCommands(server),
                new KeyCommands(server),
                new RenameCommands(server),
                new ExpireCommands(server),
                new ScanCommand(server),
                new ObjectCommand(server),
                new SortCommand(server),
                new DumpRestoreCommands(server),
                new ClusterCommands(server, server::cluster),
                new MigrateCommand(server),
                new StringFamily(server),
                new HashCommands(server),
                new SetCommands(server),
                new ListCommands(server),
                new BlockingListCommands(server),
                new ZSetCommands(server),
                new ZSetRangeCommands(server),
                new ZSetAlgebraCommands(server),
                new ZSetPopCommands(server),
                new ZSetRandomCommands(server),
                new ZSetScanCommand(server),
                new HyperLogLogCommands(server),
                new GeoCommands(server),
                new GeoSearchCommands(server),
                new StreamFamily(server),
                new TransactionCommands(server),
                new PersistenceCommands(server),
                new PubSubCommands(server),
                new ReplicationCommands(server),
                new FailoverCommand(server),
                new EvalCommands(server),
                new FunctionCommands(server),
                new AofCommands(server),
                // Adds CLIENT subcommands: after every group that may create the CLIENT container.
                new TrackingCommands(server),
                new AclCommands(server));
        for (CommandGroup g : groups) {
            g.register(table);
        }
    }
}

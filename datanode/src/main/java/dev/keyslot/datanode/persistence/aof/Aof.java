package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.config.ConfigException;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.persistence.StepwiseLoad;
import dev.keyslot.datanode.propagation.PropagationTarget;
import dev.keyslot.datanode.server.Log;
import dev.keyslot.datanode.server.LoggedStartupFailure;
import dev.keyslot.datanode.server.Server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The append-only file, as Redis 7.0's multi-part AOF: a base file (RDB or commands) plus incr files listed
 * in a manifest inside appenddirname. Consumes the write stream (a {@link PropagationTarget}), loads the
 * files at startup, rewrites the base in the background (BGREWRITEAOF, auto-aof-rewrite-*, CONFIG SET
 * appendonly yes) and answers INFO persistence's aof_* fields. Runs on the command thread.
 */
public final class Aof implements PropagationTarget {
    /** Redis's aof_state. */
    private enum State { OFF, ON, WAIT_REWRITE }

    /** After this many consecutive failures automatic rewrites are delayed (AOF_REWRITE_LIMITE_THRESHOLD). */
    private static final int LIMIT_THRESHOLD = 3;
    private static final int LIMIT_MAX_MINUTES = 60;

    private final Server server;
    private final ServerConfig config;
    private final Log log;
    private final RdbBridge rdb;
    private final BackgroundFsync backgroundFsync;
    private final AofWriter writer;
    private final SyncRestart syncRestart;
    private State state;
    /** While the AOF is replayed its commands must not be appended to it again. */
    private boolean loading;
    private AofManifest manifest = new AofManifest();

    private AofRewriteJob rewrite;
    private boolean rewriteScheduled;
    private long rewriteBaseSize;
    private long lastRewriteSeconds = -1;
    private long lastRewriteMillis = -1;
    private boolean lastRewriteOk = true;
    private long rewrites;
    private long consecutiveFailures;
    private long lastCowSize;
    private int limitDelayMinutes;
    private long limitUntilSeconds;

    Aof(Server server, RdbBridge rdb) {
        this.server = server;
        this.config = server.config();
        this.log = server.log();
        this.rdb = rdb;
        this.backgroundFsync = new BackgroundFsync(log);
        this.writer = new AofWriter(log, server.latencyMonitor(), backgroundFsync, rdb::snapshotRunning);
        this.syncRestart = new SyncRestart(server, () -> state == State.OFF && config.getBool("appendonly"),
                this::turnOnAfterSync);
        this.state = config.getBool("appendonly") ? State.ON : State.OFF;
        refreshSettings();
        config.onChange((name, value) -> refreshSettings());
        config.onApply("appendonly", value -> {
            if (value.equals("yes")) {
                start();
            } else {
                stop();
            }
        });
        server.propagator().addTarget(this);
        server.replyBarrier().addSettler(() -> {
            if (state != State.OFF) {
                writer.flush(false);
            }
        });
        server.addCronTask(this::cron);
    }

    /** The server's AOF, using RDB persistence for snapshots and RDB images. */
    public static Aof install(Server server) {
        return new Aof(server, new PersistenceBridge(server));
    }

    private void refreshSettings() {
        writer.fsyncPolicy = config.get("appendfsync");
        writer.noFsyncOnRewrite = config.getBool("no-appendfsync-on-rewrite");
        writer.timestamps = config.getBool("aof-timestamp-enabled");
    }

    private AofDirectory directory() {
        return new AofDirectory(Path.of(config.get("dir")).resolve(config.get("appenddirname")),
                config.get("appendfilename"), log);
    }

    /** DEBUG AOF-FLUSH-SLEEP: microseconds to stall before each write of the AOF buffer, 0 for none. */
    public void setFlushSleepMicros(long micros) {
        writer.flushSleepMicros = micros;
    }

    // ---- the write stream ----

    @Override
    public boolean active() {
        return !loading && (state == State.ON || (state == State.WAIT_REWRITE && rewrite != null));
    }

    @Override
    public void feed(int db, byte[][] argv) {
        writer.feed(db, argv);
        server.replyBarrier().arm();
    }

    /** INFO mem_aof_buffer: the write stream waiting to be written to the file. */
    public long bufferBytes() {
        return writer.bufferedBytes();
    }

    /** Writes are refused (MISCONF) while the AOF cannot be written; this is why, or null. */
    public String writeError() {
        if (state == State.OFF) {
            return null;
        }
        return writer.lastWriteError() != null ? writer.lastWriteError() : backgroundFsync.lastError();
    }

    // ---- startup ----

    /**
     * Loads the dataset from the AOF when appendonly is yes (Redis's loadDataFromDisk), then opens it for
     * appending (see {@link #openAtStartup}); returns false when the AOF is off, so the RDB is loaded
     * instead. With the listeners open: the files are replayed a slice at a time on the command thread and
     * clients get -LOADING meanwhile. A manifest or file that cannot be loaded is fatal.
     */
    public boolean loadAtStartup() {
        if (state != State.ON) {
            return false;
        }
        long start = System.nanoTime();
        CompletableFuture<AofLoadResult> done = new CompletableFuture<>();
        server.eventLoop().execute(() -> {
            try {
                startLoad(done);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        AofLoadResult result;
        try {
            result = done.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            throw cause instanceof RuntimeException failure ? failure
                    : new IllegalStateException(cause.getMessage(), cause);
        }
        if (result == AofLoadResult.FAILED || result == AofLoadResult.OPEN_ERR) {
            throw new LoggedStartupFailure("the append only file could not be loaded", null);
        }
        if (result != AofLoadResult.NOT_EXIST) {
            log.notice(String.format(Locale.ROOT, "DB loaded from append only file: %.3f seconds",
                    (System.nanoTime() - start) / 1e9));
        }
        return true;
    }

    /** On the command thread: reads the manifest and replays the files; done completes with the outcome. */
    private void startLoad(CompletableFuture<AofLoadResult> done) {
        AofDirectory dir = directory();
        manifest = loadManifest(dir);
        FilesLoad plan = planLoad(dir);
        if (plan.nothingToReplay() != null) {
            if (plan.nothingToReplay() != AofLoadResult.FAILED) {
                openAtStartup();
            }
            done.complete(plan.nothingToReplay());
            return;
        }
        AofFilesLoad load = plan.load();
        server.keyspace().setLoading(true);
        loading = true;
        StepwiseLoad.start(server.eventLoop(), load).whenComplete((ignored, e) -> {
            loading = false;
            server.keyspace().setLoading(false);
            try {
                if (e != null) {
                    done.completeExceptionally(e);
                    return;
                }
                AofLoadResult result = load.result();
                if (result != AofLoadResult.FAILED) {
                    loaded(dir, plan.totalBytes());
                    // Before the clients' writes are let in: they must reach the opened file.
                    openAtStartup();
                }
                done.complete(result);
            } catch (RuntimeException failure) {
                done.completeExceptionally(failure);
            } finally {
                server.persistence().endLoading();
            }
        });
    }

    /**
     * DEBUG LOADAOF: the buffer written out, the dataset emptied and replaced by what the AOF files on disk
     * hold, read to the end before returning (Redis's debug.c). The manifest is read again and its history
     * files deleted first. Nothing replayed reaches the write stream. False when the files could not be loaded
     * (missing, unreadable, or truncated: Redis exits then).
     */
    public boolean reloadFromDisk() {
        FilesLoad plan = planReload();
        if (plan.nothingToReplay() != null) {
            return loadedWell(plan.nothingToReplay());
        }
        beginReplay();
        try {
            plan.load().runToEnd();
        } finally {
            endReplay();
        }
        return loadedWell(replayed(plan));
    }

    /**
     * DEBUG LOADAOF as {@link #reloadFromDisk}, replayed a slice at a time on the command thread (the caller
     * must be on it) so that other clients are answered -LOADING meanwhile, as Redis answers them between its
     * slices and while a slow script from the AOF runs; done receives whether the files loaded.
     */
    public void reloadFromDiskStepwise(Consumer<Boolean> done) {
        FilesLoad plan = planReload();
        if (plan.nothingToReplay() != null) {
            done.accept(loadedWell(plan.nothingToReplay()));
            return;
        }
        beginReplay();
        // Replayed once the DEBUG LOADAOF command has returned: a slow script in the files may only leave
        // itself running (and the event loop serve -LOADING) from outside any command.
        server.eventLoop().execute(() -> StepwiseLoad.start(server.eventLoop(), plan.load())
                .whenComplete((ignored, e) -> {
                    endReplay();
                    done.accept(e == null && loadedWell(replayed(plan)));
                }));
    }

    private static boolean loadedWell(AofLoadResult result) {
        return result == AofLoadResult.OK || result == AofLoadResult.EMPTY;
    }

    private FilesLoad planReload() {
        if (state != State.OFF) {
            writer.flush(true);
        }
        server.emptyData();
        AofDirectory dir = directory();
        manifest = loadManifest(dir);
        deleteHistory(dir);
        return planLoad(dir);
    }

    private void beginReplay() {
        server.keyspace().setLoading(true);
        server.propagator().mute(true);
        loading = true;
    }

    private void endReplay() {
        loading = false;
        server.propagator().mute(false);
        server.keyspace().setLoading(false);
        server.persistence().endLoading();
    }

    private AofLoadResult replayed(FilesLoad plan) {
        AofLoadResult result = plan.load().result();
        if (result == AofLoadResult.OK || result == AofLoadResult.TRUNCATED) {
            loaded(directory(), plan.totalBytes());
        }
        return result;
    }

    /** A load of the manifest's files, or why there is nothing to replay (no files, a missing file, all empty). */
    private record FilesLoad(AofLoadResult nothingToReplay, AofFilesLoad load, long totalBytes) {
    }

    /**
     * Redis's loadAppendOnlyFiles up to the replay: an old single AOF moved in, then every file the manifest
     * lists found and sized; the load it returns has begun the loading progress (INFO's loading fields).
     */
    private FilesLoad planLoad(AofDirectory dir) {
        String legacyName = dir.aofFilename();
        upgradeLegacyIfNeeded(dir, legacyName);
        if (manifest.isEmpty()) {
            return new FilesLoad(AofLoadResult.NOT_EXIST, null, 0);
        }
        List<AofFileInfo> files = manifest.loadOrder();
        long total = 0;
        for (AofFileInfo f : files) {
            if (!Files.exists(dir.file(f.name()))) {
                log.warning("Unable to obtain the AOF file " + f.name() + " length. stat: No such file or directory");
                return new FilesLoad(AofLoadResult.FAILED, null, 0);
            }
            total += dir.size(f.name());
        }
        if (total == 0) {
            return new FilesLoad(AofLoadResult.EMPTY, null, 0);
        }
        AofLoader loader = new AofLoader(dir, log, new AofReplayer(server), rdb, config.getBool("aof-load-truncated"));
        return new FilesLoad(null, new AofFilesLoad(loader, files, legacyName,
                server.persistence().beginLoading(total, false), log), total);
    }

    /** After a load: the AOF's size, and the base's as the size the next automatic rewrite grows from. */
    private void loaded(AofDirectory dir, long totalBytes) {
        writer.currentSize = totalBytes;
        rewriteBaseSize = manifest.base() == null ? 0 : dir.size(manifest.base().name());
    }

    private AofManifest loadManifest(AofDirectory dir) {
        try {
            return dir.loadManifest();
        } catch (AofManifest.ManifestException e) {
            log.warning("\n*** FATAL AOF MANIFEST FILE ERROR ***\n");
            if (e.line() != null) {
                log.warning("Reading the manifest file, at line " + e.lineNumber() + "\n");
                log.warning(">>> '" + e.line() + "'\n");
            }
            log.warning(e.getMessage() + "\n");
            throw new LoggedStartupFailure(e.getMessage(), e);
        } catch (IOException e) {
            log.warning("Fatal error: can't open the AOF manifest file " + dir.manifestName() + " for reading: "
                    + e.getMessage());
            throw new LoggedStartupFailure(e.getMessage(), e);
        }
    }

    /** An old single appendonly.aof is moved into the AOF directory, as Redis's loadAppendOnlyFiles does. */
    private void upgradeLegacyIfNeeded(AofDirectory dir, String legacyName) {
        Path legacy = Path.of(config.get("dir")).resolve(legacyName);
        if (Files.exists(legacy) && (!dir.exists() || manifest.isEmpty()
                || (manifest.base() != null && manifest.incrs().isEmpty()
                && manifest.base().name().equals(legacyName) && !Files.exists(dir.file(legacyName))))) {
            upgradeLegacy(dir, legacy);
        }
    }

    /** Moves an old-style appendonly.aof into the AOF directory as its base, with a manifest (aofUpgradePrepare). */
    private void upgradeLegacy(AofDirectory dir, Path legacy) {
        try {
            dir.createIfMissing();
            manifest.setLegacyBase(dir.aofFilename());
            dir.persist(manifest);
            Files.move(legacy, dir.file(dir.aofFilename()));
        } catch (IOException e) {
            log.warning("Error trying to move the old AOF file " + dir.aofFilename() + " into dir "
                    + config.get("appenddirname") + ": " + e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
        log.notice("Successfully migrated an old-style AOF file (" + dir.aofFilename()
                + ") into the AOF directory (" + config.get("appenddirname") + ").");
    }

    /**
     * After loading (Redis's aofOpenIfNeededOnServerStart; {@link #loadAtStartup} calls it when it loaded): with an empty AOF a base file is written first;
     * then the last incr file is opened for appending (created when there is none) and the manifest saved.
     */
    public void openAtStartup() {
        if (state != State.ON) {
            return;
        }
        AofDirectory dir = directory();
        try {
            dir.createIfMissing();
        } catch (IOException e) {
            log.warning("Can't open or create append-only dir " + config.get("appenddirname") + ": " + e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
        boolean hadIncr = !manifest.incrs().isEmpty();
        if (manifest.isEmpty()) {
            String baseName = manifest.newBase(dir.aofFilename(), config.getBool("aof-use-rdb-preamble"));
            writeBaseNow(dir, baseName);
            log.notice("Creating AOF base file " + baseName + " on server start");
        }
        String incrName = manifest.lastIncrOrNew(dir.aofFilename());
        try {
            FileChannel ch = FileChannel.open(dir.file(incrName), StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, StandardOpenOption.CREATE);
            writer.switchTo(ch, ch.size());
            dir.persist(manifest);
        } catch (IOException e) {
            log.warning("Can't open the append-only file " + incrName + ": " + e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
        log.notice((hadIncr ? "Opening" : "Creating") + " AOF incr file " + incrName + " on server start");
        deleteHistory(dir);
    }

    /** Writes a base file on the calling thread (an empty dataset at startup). */
    private void writeBaseNow(AofDirectory dir, String baseName) {
        String temp = "temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof";
        AofRewriteJob job = newJob(dir, temp, false);
        job.runHere();
        if (job.error() != null) {
            log.warning("Write error writing append only file on disk: " + job.error());
            throw new IllegalStateException(job.error());
        }
        try {
            dir.rename(temp, baseName);
        } catch (IOException e) {
            log.warning("Error moving temp append only file on the final destination: " + e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void deleteHistory(AofDirectory dir) {
        if (config.getBool("aof-disable-auto-gc") || manifest.history().isEmpty()) {
            return;
        }
        for (AofFileInfo h : manifest.history()) {
            log.notice("Removing the history file " + h.name() + " in the background");
            dir.deleteQuietly(h.name());
        }
        manifest.clearHistory();
        try {
            dir.persist(manifest);
        } catch (IOException e) {
            log.warning("Can't persist the AOF manifest: " + e.getMessage());
        }
    }

    // ---- switching on and off at runtime ----

    /** CONFIG SET appendonly yes: the AOF starts with a rewrite (startAppendOnly). */
    private void start() throws ConfigException {
        if (state != State.OFF) {
            return;
        }
        state = State.WAIT_REWRITE;
        if (rdb.snapshotRunning() && rewrite == null) {
            rewriteScheduled = true;
            log.warning("AOF was enabled but there is already another background operation. An AOF background "
                    + "was scheduled to start when possible.");
        } else if (server.executor().currentClient() != null
                && server.executor().currentClient().multi().inMulti()) {
            rewriteScheduled = true;
            log.warning("AOF was enabled during a transaction. An AOF background was scheduled to start when possible.");
        } else {
            if (rewrite != null) {
                log.warning("AOF was enabled but there is already an AOF rewriting in background. Stopping "
                        + "background AOF and starting a rewrite now.");
                killRewrite();
            }
            if (!startRewrite()) {
                state = State.OFF;
                log.warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. "
                        + "Check the above logs for more info about the error.");
                throw new ConfigException("Unable to turn on AOF. Check server logs.");
            }
        }
        if (backgroundFsync.lastError() != null) {
            log.warning("AOF reopen, just ignore the AOF fsync error in bio job");
            backgroundFsync.clearError();
        }
        if (writer.lastWriteError() != null) {
            log.warning("AOF reopen, just ignore the last error.");
            writer.clearWriteError();
        }
    }

    /** CONFIG SET appendonly no (stopAppendOnly). */
    private void stop() {
        if (state == State.OFF) {
            return;
        }
        writer.close();
        state = State.OFF;
        rewriteScheduled = false;
        killRewrite();
    }

    /**
     * A replica is about to replace its dataset with its master's snapshot (Redis's stopAppendOnly before a
     * full sync loads): the AOF stops, so it never holds the old dataset followed by the new one.
     */
    public void stopForSync() {
        syncRestart.cancel();
        stop();
    }

    /**
     * The master's snapshot is loaded, or the replica was promoted: with appendonly yes the AOF starts again
     * with a rewrite of the dataset now held (Redis's restartAOFAfterSYNC).
     */
    public void restartAfterSync() {
        syncRestart.begin();
    }

    /** One attempt of {@link #restartAfterSync}; the reason of a failure is logged by start. */
    private boolean turnOnAfterSync() {
        try {
            start();
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    // ---- rewriting ----

    public boolean rewriteInProgress() {
        return rewrite != null;
    }

    /** True when a rewrite cannot start now (another snapshot is being written). */
    public boolean mustSchedule() {
        return rdb.snapshotRunning();
    }

    /** BGREWRITEAOF while busy: the rewrite starts from the cron when it can, without the failure back-off. */
    public void scheduleRewrite() {
        rewriteScheduled = true;
        consecutiveFailures = 0;
    }

    /** BGREWRITEAOF: starts a rewrite now; false when it could not start (logged). */
    public boolean rewriteNow() {
        return startRewrite();
    }

    /** rewriteAppendOnlyFileBackground: opens a new incr file, then writes the new base in the background. */
    private boolean startRewrite() {
        if (rdb.snapshotRunning()) {
            return false;
        }
        AofDirectory dir = directory();
        try {
            dir.createIfMissing();
        } catch (IOException e) {
            log.warning("Can't open or create append-only dir " + config.get("appenddirname") + ": " + e.getMessage());
            lastRewriteOk = false;
            return false;
        }
        writer.forgetSelectedDb();
        writer.flush(true);
        if (!openNewIncr(dir)) {
            lastRewriteOk = false;
            return false;
        }
        rewrites++;
        String temp = "temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof";
        rewrite = newJob(dir, temp, true);
        rewrite.start(server.eventLoop(), this::rewriteDone);
        log.notice("Background append only file rewriting started by pid " + ProcessHandle.current().pid());
        rewriteScheduled = false;
        return true;
    }

    private AofRewriteJob newJob(AofDirectory dir, String temp, boolean inBackground) {
        boolean rdbFormat = config.getBool("aof-use-rdb-preamble");
        boolean timestamps = config.getBool("aof-timestamp-enabled");
        List<byte[]> functions = rdb.functionLibraries();
        // Only the rewrite "child" is slowed down by rdb-key-save-delay, as in Redis.
        int keyDelay = inBackground ? config.getInt("rdb-key-save-delay") : 0;
        return new AofRewriteJob(dir, rdb.capture(inBackground), temp, config.getBool("aof-rewrite-incremental-fsync"),
                out -> DelayedBaseWriter.of(rdbFormat ? rdb.rdbBase(out, functions)
                        : new CommandBaseWriter(out, timestamps, functions), keyDelay));
    }

    /**
     * openNewIncrAofForAppend: while the AOF is on, a new incr file joins the manifest (saved before it is
     * used); while waiting for the first rewrite, writes go to a temp incr file named in the manifest only
     * once the rewrite succeeds.
     */
    private boolean openNewIncr(AofDirectory dir) {
        if (state == State.OFF) {
            return true;
        }
        AofManifest next = null;
        String name;
        if (state == State.WAIT_REWRITE) {
            name = dir.tempIncrName();
        } else {
            next = manifest.copy();
            name = next.newIncr(dir.aofFilename());
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(dir.file(name), StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            if (next != null) {
                dir.persist(next);
            }
        } catch (IOException e) {
            log.warning("Can't open the append-only file " + name + ": " + e.getMessage());
            closeQuietly(ch);
            return false;
        }
        log.notice("Creating AOF incr file " + name + " on background rewrite");
        writer.switchTo(ch, 0);
        if (next != null) {
            manifest = next;
        }
        return true;
    }

    /** backgroundRewriteDoneHandler: the new base and manifest replace the old ones atomically. */
    private void rewriteDone(AofRewriteJob job) {
        if (job != rewrite) {
            return;
        }
        rewrite = null;
        lastRewriteMillis = System.currentTimeMillis() - job.startedAtMillis();
        lastRewriteSeconds = lastRewriteMillis / 1000;
        lastCowSize = job.copiedBytes();
        AofDirectory dir = directory();
        if (job.error() != null) {
            lastRewriteOk = false;
            consecutiveFailures++;
            log.warning("Background AOF rewrite terminated with error");
            log.warning("Write error writing append only file on disk: " + job.error());
        } else {
            log.notice("Background AOF rewrite terminated with success");
            installRewrite(dir, job);
        }
        dir.deleteQuietly(job.tempName());
        if (state == State.WAIT_REWRITE) {
            writer.discardBuffer();
            log.notice("Removing the temp incr aof file " + dir.tempIncrName() + " in the background");
            dir.deleteQuietly(dir.tempIncrName());
            rewriteScheduled = true;
        }
    }

    private void installRewrite(AofDirectory dir, AofRewriteJob job) {
        AofManifest next = manifest.copy();
        String baseName = next.newBase(dir.aofFilename(), config.getBool("aof-use-rdb-preamble"));
        String incrName = null;
        try {
            dir.rename(job.tempName(), baseName);
        } catch (IOException e) {
            log.warning("Error trying to rename the temporary AOF base file " + job.tempName() + " into " + baseName
                    + ": " + e.getMessage());
            failed();
            return;
        }
        log.notice("Successfully renamed the temporary AOF base file " + job.tempName() + " into " + baseName);
        if (state == State.WAIT_REWRITE) {
            incrName = next.newIncr(dir.aofFilename());
            try {
                // The open file keeps being appended to under its new name.
                dir.rename(dir.tempIncrName(), incrName);
            } catch (IOException e) {
                log.warning("Error trying to rename the temporary AOF incr file " + dir.tempIncrName() + " into "
                        + incrName + ": " + e.getMessage());
                dir.deleteQuietly(baseName);
                failed();
                return;
            }
            log.notice("Successfully renamed the temporary AOF incr file " + dir.tempIncrName() + " into " + incrName);
        }
        next.markRewrittenIncrsAsHistory(state != State.OFF);
        try {
            dir.persist(next);
        } catch (IOException e) {
            dir.deleteQuietly(baseName);
            if (incrName != null) {
                dir.deleteQuietly(incrName);
            }
            failed();
            return;
        }
        manifest = next;
        if (state != State.OFF) {
            writer.currentSize = dir.size(baseName) + writer.lastIncrSize;
            rewriteBaseSize = writer.currentSize;
        }
        deleteHistory(dir);
        lastRewriteOk = true;
        consecutiveFailures = 0;
        log.notice("Background AOF rewrite finished successfully");
        if (state == State.WAIT_REWRITE) {
            state = State.ON;
        }
    }

    private void failed() {
        lastRewriteOk = false;
        consecutiveFailures++;
    }

    private void killRewrite() {
        if (rewrite == null) {
            return;
        }
        log.notice("Killing running AOF rewrite child: " + ProcessHandle.current().pid());
        AofRewriteJob job = rewrite;
        rewrite = null;
        job.kill();
        if (state == State.WAIT_REWRITE) {
            writer.discardBuffer();
            directory().deleteQuietly(directory().tempIncrName());
        }
    }

    /** aofRewriteLimited: after repeated failures automatic rewrites back off from 1 minute to an hour. */
    private boolean rewriteLimited(long now) {
        if (consecutiveFailures < LIMIT_THRESHOLD) {
            limitDelayMinutes = 0;
            limitUntilSeconds = 0;
            return false;
        }
        if (limitUntilSeconds != 0) {
            if (now < limitUntilSeconds) {
                return true;
            }
            limitUntilSeconds = 0;
            return false;
        }
        limitDelayMinutes = limitDelayMinutes == 0 ? 1 : Math.min(limitDelayMinutes * 2, LIMIT_MAX_MINUTES);
        limitUntilSeconds = now + limitDelayMinutes * 60L;
        log.warning("Background AOF rewrite has repeatedly failed and triggered the limit, will retry in "
                + limitDelayMinutes + " minutes");
        return true;
    }

    private void cron() {
        long now = System.currentTimeMillis() / 1000;
        boolean busy = rewrite != null || rdb.snapshotRunning();
        if (!busy && rewriteScheduled && !rewriteLimited(now)) {
            startRewrite();
        } else if (!busy && state == State.ON) {
            long percentage = config.getLong("auto-aof-rewrite-percentage");
            if (percentage > 0 && writer.currentSize > config.getLong("auto-aof-rewrite-min-size")) {
                long base = rewriteBaseSize == 0 ? 1 : rewriteBaseSize;
                long growth = writer.currentSize * 100 / base - 100;
                if (growth >= percentage && !rewriteLimited(now)) {
                    log.notice("Starting automatic rewriting of AOF on " + growth + "% growth");
                    startRewrite();
                }
            }
        }
        if (state != State.OFF) {
            // An everysec fsync is due even without new writes; postponed and failed writes are retried.
            writer.flush(false);
        }
    }

    // ---- shutdown ----

    /**
     * Before exiting: a rewrite is stopped, the buffer written and fsynced. False when the very first rewrite
     * is still running and the shutdown is not forced: exiting would lose the dataset.
     */
    public boolean beforeShutdown(boolean force) {
        if (rewrite != null) {
            if (state == State.WAIT_REWRITE) {
                if (!force) {
                    log.warning("Writing initial AOF, can't exit.");
                    return false;
                }
                log.warning("Writing initial AOF. Exit anyway.");
            }
            log.warning("There is a child rewriting the AOF. Killing it!");
            killRewrite();
        }
        if (state != State.OFF) {
            log.notice("Calling fsync() on the AOF file.");
            writer.flushAndSync();
        }
        backgroundFsync.awaitIdle();
        return true;
    }

    // ---- INFO ----

    /** The figures the metrics endpoint publishes, read on the command thread. */
    public record Figures(boolean enabled, boolean rewriteInProgress, long lastRewriteMillis, long rewrites,
                          long currentSize, boolean lastWriteOk) {
    }

    public Figures figures() {
        return new Figures(state != State.OFF, rewrite != null, lastRewriteMillis, rewrites,
                config.getBool("appendonly") ? writer.currentSize : 0,
                writer.lastWriteError() == null && backgroundFsync.lastError() == null);
    }

    public void info(StringBuilder out) {
        long now = System.currentTimeMillis();
        field(out, "aof_enabled", state != State.OFF ? 1 : 0);
        field(out, "aof_rewrite_in_progress", rewrite != null ? 1 : 0);
        field(out, "aof_rewrite_scheduled", rewriteScheduled ? 1 : 0);
        field(out, "aof_last_rewrite_time_sec", lastRewriteSeconds);
        field(out, "aof_current_rewrite_time_sec", rewrite == null ? -1 : (now - rewrite.startedAtMillis()) / 1000);
        field(out, "aof_last_bgrewrite_status", lastRewriteOk ? "ok" : "err");
        field(out, "aof_rewrites", rewrites);
        field(out, "aof_rewrites_consecutive_failures", consecutiveFailures);
        field(out, "aof_last_write_status",
                writer.lastWriteError() == null && backgroundFsync.lastError() == null ? "ok" : "err");
        field(out, "aof_last_cow_size", lastCowSize);
        field(out, "module_fork_in_progress", 0);
        field(out, "module_fork_last_cow_size", 0);
        if (config.getBool("appendonly")) {
            field(out, "aof_current_size", writer.currentSize);
            field(out, "aof_base_size", rewriteBaseSize);
            field(out, "aof_pending_rewrite", rewriteScheduled ? 1 : 0);
            field(out, "aof_buffer_length", writer.bufferedBytes());
            field(out, "aof_pending_bio_fsync", backgroundFsync.pending());
            field(out, "aof_delayed_fsync", writer.delayedFsyncs);
        }
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // Never written to: nothing to lose.
        }
    }
}

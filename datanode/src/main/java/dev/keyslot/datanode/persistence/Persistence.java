package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.persistence.rdb.RdbErrorLine;
import dev.keyslot.datanode.persistence.rdb.RdbFormatException;
import dev.keyslot.datanode.server.Log;
import dev.keyslot.datanode.server.LoggedStartupFailure;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.ServerStats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * RDB persistence of the server, on the command thread: SAVE, BGSAVE (also when a save point is reached),
 * the final save at shutdown, loading at startup, and the state INFO persistence reports.
 */
public final class Persistence {
    /** After a failed BGSAVE, save points wait this long before trying again (CONFIG_BGSAVE_RETRY_DELAY). */
    private static final long RETRY_DELAY_SECONDS = 5;
    /** Keys loaded at startup between two looks at the clients (Redis looks every 2 MB). */
    private static final int KEYS_PER_LOAD_STEP = 1000;

    private final Server server;
    private final Log log;
    private final ServerStats stats;
    private Supplier<SaveInfo.ReplicationMark> replicationMark = () -> null;

    private RdbSnapshot bgsave;
    private RdbFile bgsaveFile;
    private OutputStream bgsaveOut;
    private long dirtyBeforeBgsave;
    private boolean bgsaveScheduled;
    private boolean lastBgsaveOk = true;
    private long lastBgsaveTrySeconds;
    private long lastBgsaveDurationSeconds = -1;
    private long lastBgsaveMillis = -1;
    private long lastCopiedBytes;
    private boolean loading;
    /** From the listeners opening until the node is fully set up (its cluster too): no dataset to serve yet. */
    private volatile boolean startingUp;
    private boolean asyncLoading;
    /** How far the load in progress has read (null when none runs). */
    private LoadProgress progress;
    private long lastLoadKeysLoaded;
    private long lastLoadKeysExpired;

    public Persistence(Server server) {
        this.server = server;
        this.log = server.log();
        this.stats = server.stats();
        server.executor().addFilter(new LoadingFilter(this));
    }

    /** Replication supplies repl-stream-db, repl-id and repl-offset for the aux fields (null when none). */
    public void setReplicationMark(Supplier<SaveInfo.ReplicationMark> replicationMark) {
        this.replicationMark = replicationMark;
    }

    /** The aux field values of a save starting now. */
    public SaveInfo saveInfo(boolean aofBase) {
        return saveInfo(aofBase, server.scripting().functions().codes());
    }

    /** The same with the function libraries taken earlier (an AOF rewrite takes them on the command thread). */
    public SaveInfo saveInfo(boolean aofBase, List<byte[]> functionLibraries) {
        // An AOF base carries no replication position: Redis saves it without one.
        return new SaveInfo(server.memory().usedMemory(), aofBase ? null : replicationMark.get(), aofBase,
                functionLibraries, true);
    }

    /** The configured RDB file; background saves write through their own temporary file. */
    public RdbFile file(boolean background) {
        return new RdbFile(Path.of(server.config().get("dir")), server.config().get("dbfilename"), background);
    }

    public boolean bgsaveInProgress() {
        return bgsave != null;
    }

    /** True when any snapshot (BGSAVE, replication, AOF rewrite) is being written. */
    public boolean snapshotRunning() {
        return server.keyspace().copyOnWrite().active();
    }

    /** The SAVE command: counted in rdb_saves, unlike the saves of SHUTDOWN and FLUSHALL. */
    public boolean saveCommand() {
        stats.rdbSaves++;
        return save();
    }

    /** Writes the RDB file now on the command thread; false (and logged) when it failed. */
    public boolean save() {
        RdbFile file = file(false);
        OutputStream out;
        try {
            out = file.create();
        } catch (IOException e) {
            log.warning("Failed opening the temp RDB file " + RdbFile.tempName(false) + " (in server root dir "
                    + server.config().get("dir") + ") for saving: " + e.getMessage());
            return false;
        }
        RdbSnapshot.Result result = RdbSnapshot.writeNow(server, out, saveInfo(false));
        try {
            if (!result.success()) {
                throw new IOException(result.error());
            }
            file.commit(out);
        } catch (IOException e) {
            file.abort(out);
            log.warning("Write error saving DB on disk: " + e.getMessage());
            return false;
        }
        log.notice("DB saved on disk");
        stats.dirty = 0;
        stats.lastSaveUnixSeconds = nowSeconds();
        lastBgsaveOk = true;
        return true;
    }

    /**
     * Starts a BGSAVE to the RDB file; false only when another snapshot runs. Like a forked child that cannot
     * open its file, a save that cannot open the temp file counts as a failed background save.
     */
    public boolean startBgsave() {
        if (snapshotRunning()) {
            return false;
        }
        lastBgsaveTrySeconds = nowSeconds();
        stats.rdbSaves++;
        RdbFile file = file(true);
        OutputStream out;
        try {
            out = file.create();
        } catch (IOException e) {
            log.warning("Failed opening the temp RDB file " + RdbFile.tempName(true) + " (in server root dir "
                    + server.config().get("dir") + ") for saving: " + e.getMessage());
            log.warning("Background saving error");
            lastBgsaveOk = false;
            return true;
        }
        dirtyBeforeBgsave = stats.dirty;
        bgsaveFile = file;
        bgsaveOut = out;
        bgsave = RdbSnapshot.start(server, out, saveInfo(false), this::bgsaveDone);
        log.notice("Background saving started by pid " + ProcessHandle.current().pid());
        return true;
    }

    private void bgsaveDone(RdbSnapshot.Result result) {
        RdbFile file = bgsaveFile;
        OutputStream out = bgsaveOut;
        bgsave = null;
        bgsaveFile = null;
        bgsaveOut = null;
        lastCopiedBytes = result.copiedBytes();
        lastBgsaveDurationSeconds = result.millis() / 1000;
        lastBgsaveMillis = result.millis();
        if (result.cancelled()) {
            file.abort(out);
            // Like a child killed with SIGUSR1: not an error.
            log.warning("Background saving terminated by signal 10");
            return;
        }
        boolean ok = result.success();
        if (ok) {
            try {
                file.commit(out);
            } catch (IOException e) {
                log.warning("Write error saving DB on disk: " + e.getMessage());
                ok = false;
            }
        } else {
            log.warning("Write error saving DB on disk: " + result.error());
        }
        if (ok) {
            log.notice("Background saving terminated with success");
            stats.dirty -= dirtyBeforeBgsave;
            stats.lastSaveUnixSeconds = nowSeconds();
            lastBgsaveOk = true;
        } else {
            file.abort(out);
            log.warning("Background saving error");
            lastBgsaveOk = false;
        }
    }

    /** Stops a running BGSAVE (FLUSHALL, SHUTDOWN); its temp file is removed when its thread stops. */
    public void cancelBgsave() {
        if (bgsave != null) {
            bgsave.cancel();
        }
    }

    /** A BGSAVE that could not start now (another snapshot runs) starts from the cron when it can. */
    public void scheduleBgsave() {
        bgsaveScheduled = true;
    }

    /** Cron: a scheduled BGSAVE, else the save points ("save &lt;seconds&gt; &lt;changes&gt;"). */
    public void cron() {
        if (snapshotRunning()) {
            return;
        }
        long now = nowSeconds();
        if (bgsaveScheduled) {
            if (now - lastBgsaveTrySeconds > RETRY_DELAY_SECONDS || lastBgsaveOk) {
                bgsaveScheduled = false;
                startBgsave();
            }
            return;
        }
        String[] words = server.config().get("save").trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i += 2) {
            long seconds = Long.parseLong(words[i]);
            long changes = Long.parseLong(words[i + 1]);
            if (stats.dirty >= changes && now - stats.lastSaveUnixSeconds > seconds
                    && (now - lastBgsaveTrySeconds > RETRY_DELAY_SECONDS || lastBgsaveOk)) {
                log.notice(changes + " changes in " + seconds + " seconds. Saving...");
                startBgsave();
                return;
            }
        }
    }

    public boolean savePointsConfigured() {
        return !server.config().get("save").isBlank();
    }

    /** Writes are refused (MISCONF) after a failed background save, when stop-writes-on-bgsave-error says so. */
    public boolean writesDenied() {
        return !lastBgsaveOk && savePointsConfigured() && server.config().getBool("stop-writes-on-bgsave-error");
    }

    /**
     * Before exiting: stops a BGSAVE, then saves when asked. False when the save failed and force is off:
     * the server must keep running.
     */
    public boolean beforeShutdown(boolean save, boolean force) {
        if (bgsave != null) {
            log.warning("There is a child saving an .rdb. Killing it!");
            cancelBgsave();
            bgsaveFile.abort(bgsaveOut);
        }
        if (!save) {
            return true;
        }
        log.notice("Saving the final RDB snapshot before exiting.");
        if (save()) {
            return true;
        }
        if (force) {
            log.warning("Error trying to save the DB. Exit anyway.");
            return true;
        }
        log.warning("Error trying to save the DB, can't exit.");
        return false;
    }

    /**
     * Startup, with the listeners open: loads dir/dbfilename when it exists, with Redis's log lines, a few
     * keys at a time on the command thread so that clients get -LOADING meanwhile; returns once loaded. A bad
     * file is fatal. Returns the replication position the file was saved at (null when none, or no file).
     */
    public SaveInfo.ReplicationMark loadAtStartup(RdbLoader.Options options) {
        long start = System.nanoTime();
        RdbFile file = file(false);
        CompletableFuture<RdbLoader.Result> done = new CompletableFuture<>();
        server.eventLoop().execute(() -> {
            try {
                InputStream in = file.open();
                if (in == null) {
                    done.complete(null);
                    return;
                }
                loadStepwise(in, Files.size(file.path()), options).whenComplete((result, e) -> {
                    if (e == null) {
                        done.complete(result);
                    } else {
                        done.completeExceptionally(e);
                    }
                });
            } catch (IOException | UncheckedIOException | RdbFormatException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            RdbLoader.Result result = done.join();
            if (result == null) {
                return null;
            }
            log.notice(String.format(Locale.ROOT, "DB loaded from disk: %.3f seconds",
                    (System.nanoTime() - start) / 1e9));
            return result.replication();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof RdbFormatException corrupt) {
                log.warning(RdbErrorLine.of(corrupt));
                log.warning("Terminating server after rdb file reading failure.");
            } else {
                log.warning("Fatal error loading the DB: " + cause.getMessage() + ". Exiting.");
            }
            throw new LoggedStartupFailure("cannot load " + file.path() + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * Loads a whole RDB of totalBytes from in (which it closes) into the keyspace, a slice at a time on the
     * command thread (the caller must be on it) while clients get -LOADING; logs what it loaded.
     */
    public CompletableFuture<RdbLoader.Result> loadStepwise(InputStream in, long totalBytes, RdbLoader.Options options) {
        return loadStepwise(in, totalBytes, options, server.keyspace(), false);
    }

    /**
     * The same into target; async: clients keep being served (from another keyspace) instead of getting
     * -LOADING, and INFO says async_loading:1.
     */
    public CompletableFuture<RdbLoader.Result> loadStepwise(InputStream in, long totalBytes, RdbLoader.Options options,
                                                           Keyspace target,
                                                           boolean async) {
        LoadProgress p = beginLoading(totalBytes, async);
        RdbLoader.Loading load;
        try {
            load = new RdbLoader(server, target).open(p.counting(in), options);
        } catch (UncheckedIOException | RdbFormatException e) {
            return finishLoading(in, CompletableFuture.failedFuture(e), target, options);
        }
        p.reading(load);
        return finishLoading(in, StepwiseLoad.start(server.eventLoop(), () -> load.step(KEYS_PER_LOAD_STEP))
                .thenApply(done -> load), target, options);
    }

    /**
     * Loads an RDB from in while its bytes may still be arriving (a replica's diskless full sync): a parser
     * thread reads in (blocking until bytes come) and the keys are stored into target on the command thread
     * (the caller must be on it) between the clients' commands, which get -LOADING meanwhile (async: are
     * served from the old dataset). totalBytes is 0 when unknown (INFO then measures progress against the
     * image's used-mem, as Redis). trailer checks what follows the image. The future completes on the command
     * thread; in is closed once the load ended, which also stops a parser still reading it.
     */
    public CompletableFuture<RdbLoader.Result> loadStreamed(InputStream in, long totalBytes, RdbLoader.Options options,
                                                            Keyspace target, boolean async,
                                                            StreamedRdbLoad.Trailer trailer) {
        LoadProgress p = beginLoading(totalBytes, async);
        InputStream counted = p.counting(in);
        RdbLoader loader = new RdbLoader(server, target);
        StreamedRdbLoad.Opener opener = () -> {
            RdbLoader.Loading load = loader.open(counted, options);
            p.reading(load);
            return load;
        };
        return finishLoading(in, StreamedRdbLoad.start(server.eventLoop(), opener, counted, trailer), target, options);
    }

    /**
     * Once a load is over: closes its input, ends the loading state, reports what it loaded and, for a load into
     * the live dataset, installs its function libraries (a load aside leaves them to whoever swaps it in).
     */
    private CompletableFuture<RdbLoader.Result> finishLoading(InputStream in, CompletableFuture<RdbLoader.Loading> loading,
                                                              Keyspace target, RdbLoader.Options options) {
        CompletableFuture<RdbLoader.Result> out = new CompletableFuture<>();
        loading.whenComplete((load, e) -> {
            closeQuietly(in);
            endLoading();
            if (e != null) {
                // A stage after the load wraps its failure: callers get the failure itself.
                out.completeExceptionally(e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e);
                return;
            }
            RdbLoader.Result result = load.result();
            loaded(result);
            if (target == server.keyspace()) {
                try {
                    installFunctions(result, options.allowDuplicates());
                } catch (RdbFormatException failed) {
                    out.completeExceptionally(failed);
                    return;
                }
            }
            out.complete(result);
        });
        return out;
    }

    /**
     * Marks a load of totalBytes as started (loading:1, or async_loading:1 when async) and returns its
     * progress, for loaders that read other files (the AOF); {@link #endLoading} ends it.
     */
    public LoadProgress beginLoading(long totalBytes, boolean async) {
        progress = new LoadProgress(totalBytes);
        loading = !async;
        asyncLoading = async;
        return progress;
    }

    /**
     * An RDB image read as part of the load in progress (an AOF's base or preamble): its used-mem aux field
     * becomes loading_rdb_used_mem until the load ends, as Redis keeps it while the AOF tail replays.
     */
    public void readingImage(RdbLoader.Loading image) {
        if (progress != null) {
            progress.reading(image);
        }
    }

    public void endLoading() {
        loading = false;
        asyncLoading = false;
        progress = null;
    }

    private void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            log.warning("Closing the RDB file after loading: " + e.getMessage());
        }
    }

    /** Wall time of the last BGSAVE that ended, -1 before any (metrics; INFO has it in whole seconds). */
    public long lastBgsaveMillis() {
        return lastBgsaveMillis;
    }

    public boolean lastBgsaveOk() {
        return lastBgsaveOk;
    }

    /** rdb_last_cow_size. */
    public long lastCopiedBytes() {
        return lastCopiedBytes;
    }

    /**
     * True while a dataset is being loaded or the node is still starting: commands without the "loading" flag get
     * -LOADING.
     */
    public boolean loading() {
        return loading || startingUp;
    }

    /** True while a dataset is being loaded (a shutdown then neither waits for the cron nor saves over its file). */
    public boolean loadingDataset() {
        return loading;
    }

    /**
     * Brackets the server's startup: Redis serves no command before its dataset and cluster configuration are
     * in place, while this node's listeners open first, so until then it answers -LOADING.
     */
    public void startingUp(boolean starting) {
        startingUp = starting;
    }

    /** True while a dataset is loaded aside as the old one is still served (a replica's swapdb load). */
    public boolean asyncLoading() {
        return asyncLoading;
    }

    /**
     * Loads an RDB stream into the keyspace (on top of what is there), logging what it says about itself;
     * throws {@link RdbFormatException} for a corrupt, truncated or unsupported file.
     */
    public RdbLoader.Result load(InputStream in, RdbLoader.Options options) {
        loading = true;
        try {
            RdbLoader.Result result = new RdbLoader(server).load(in, options);
            loaded(result);
            installFunctions(result, options.allowDuplicates());
            return result;
        } finally {
            loading = false;
        }
    }

    /**
     * Adds the function libraries of an image loaded into the live dataset (Redis loads them with its keys),
     * replacing same-named ones when replace (a merging load). A library that does not compile or collides
     * with one present fails the load, as in Redis.
     */
    public void installFunctions(RdbLoader.Result result, boolean replace) {
        if (!result.functionLibraries().isEmpty()) {
            installFunctions(result.functionLibraries(), replace ? "replace" : "append");
        }
    }

    /** The same with a FUNCTION RESTORE policy: "flush" for a dataset swapped in whole. */
    public void installFunctions(List<byte[]> codes, String policy) {
        try {
            server.scripting().functions().restore(codes, policy);
        } catch (CommandError e) {
            throw new RdbFormatException("Failed loading library, " + e.getMessage().replaceFirst("^ERR ", ""));
        }
    }

    /** Logs what an RDB load said about itself and read; INFO's rdb_last_load_keys_* report it. */
    public void loaded(RdbLoader.Result result) {
        if (result.producedBy() != null) {
            log.notice("Loading RDB produced by version " + result.producedBy());
        }
        if (result.createdUnixSeconds() > 0) {
            log.notice("RDB age " + (nowSeconds() - result.createdUnixSeconds()) + " seconds");
        }
        if (result.usedMemory() >= 0) {
            log.notice(String.format(Locale.ROOT, "RDB memory usage when created %.2f Mb",
                    result.usedMemory() / 1024.0 / 1024.0));
        }
        if (result.emptyKeysSkipped() > 0) {
            log.warning("Done loading RDB, keys loaded: " + result.keysLoaded() + ", keys expired: "
                    + result.keysExpired() + ", empty keys skipped: " + result.emptyKeysSkipped() + ".");
        } else {
            log.notice("Done loading RDB, keys loaded: " + result.keysLoaded() + ", keys expired: "
                    + result.keysExpired() + ".");
        }
        lastLoadKeysLoaded = result.keysLoaded();
        lastLoadKeysExpired = result.keysExpired();
    }

    /**
     * DEBUG RELOAD: saves (unless told not to), empties the keyspace (unless told not to) and loads the file
     * back, existing keys replaced with merge. Returns the error to reply, or null.
     */
    public String reload(boolean save, boolean flush, boolean merge) {
        if (save && !save()) {
            return "ERR";
        }
        if (flush) {
            server.emptyData();
        }
        try (InputStream in = file(false).open()) {
            if (in == null) {
                log.warning("Fatal error loading the DB: No such file or directory. Exiting.");
                return "ERR Error trying to load the RDB dump";
            }
            // As at startup, only a master drops the keys found expired.
            load(in, new RdbLoader.Options(merge, server.replication().isReplica()));
        } catch (IOException | UncheckedIOException | RdbFormatException e) {
            log.warning("Error loading the RDB dump: " + e.getMessage());
            return "ERR Error trying to load the RDB dump";
        }
        log.warning("DB reloaded by DEBUG RELOAD");
        return null;
    }

    /** FLUSHALL: a running BGSAVE is stopped and, with save points configured, the empty dataset is saved. */
    public void afterFlushAll() {
        cancelBgsave();
        if (savePointsConfigured()) {
            save();
        }
    }

    /** INFO persistence's RDB fields. */
    public void info(StringBuilder out) {
        long now = nowSeconds();
        RdbSnapshot running = bgsave;
        field(out, "loading", loading ? 1 : 0);
        field(out, "async_loading", asyncLoading ? 1 : 0);
        field(out, "current_cow_peak", running == null ? 0 : server.keyspace().copyOnWrite().copiedBytes());
        field(out, "current_cow_size", running == null ? 0 : server.keyspace().copyOnWrite().copiedBytes());
        field(out, "current_cow_size_age", 0);
        field(out, "current_fork_perc", running == null || running.keysTotal() == 0 ? "0.00"
                : String.format(Locale.ROOT, "%.2f", running.keysWritten() * 100.0 / running.keysTotal()));
        field(out, "current_save_keys_processed", running == null ? 0 : running.keysWritten());
        field(out, "current_save_keys_total", running == null ? 0 : running.keysTotal());
        field(out, "rdb_changes_since_last_save", stats.dirty);
        field(out, "rdb_bgsave_in_progress", running != null || server.replication().syncSnapshotRunning() ? 1 : 0);
        field(out, "rdb_last_save_time", stats.lastSaveUnixSeconds);
        field(out, "rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err");
        field(out, "rdb_last_bgsave_time_sec", lastBgsaveDurationSeconds);
        field(out, "rdb_current_bgsave_time_sec", running == null ? -1 : now - running.startedAtMillis() / 1000);
        field(out, "rdb_saves", stats.rdbSaves);
        field(out, "rdb_last_cow_size", lastCopiedBytes);
        field(out, "rdb_last_load_keys_expired", lastLoadKeysExpired);
        field(out, "rdb_last_load_keys_loaded", lastLoadKeysLoaded);
    }

    /** INFO persistence's loading_* fields, last in the section, while a load runs. */
    public void loadingInfo(StringBuilder out) {
        LoadProgress p = progress;
        if (p == null) {
            return;
        }
        long usedMem = p.rdbUsedMemory();
        long loaded = p.loadedBytes();
        double perc = 0;
        long remaining = 1;
        if (p.totalBytes() != 0) {
            perc = loaded * 100.0 / p.totalBytes();
            remaining = p.totalBytes() - loaded;
        } else if (usedMem != 0) {
            // A payload of unknown size (diskless transfer): used-mem is Redis's estimate of it, capped.
            perc = Math.min(99.99, loaded * 100.0 / usedMem);
            remaining = Math.max(1, usedMem - loaded);
        }
        long elapsed = nowSeconds() - p.startSeconds();
        long eta = elapsed == 0 ? 1 : elapsed * remaining / (loaded + 1);
        field(out, "loading_start_time", p.startSeconds());
        field(out, "loading_total_bytes", p.totalBytes());
        field(out, "loading_rdb_used_mem", usedMem);
        field(out, "loading_loaded_bytes", loaded);
        field(out, "loading_loaded_perc", String.format(Locale.ROOT, "%.2f", perc));
        field(out, "loading_eta_seconds", eta);
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}

package dev.keyslot.datanode.command.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The warning MODULE LOAD logs for a path, worded as redis-server 7.0 on glibc words it: first Redis's own check
 * that an existing file is executable, then what dlopen says about a path that is no shared object (missing, a
 * directory, too short, not ELF). A real shared object would get past dlopen in Redis; this server cannot load
 * one and says so instead.
 */
final class ModuleLoadFailure {
    /** dlopen reads a whole ELF header (64 bytes on 64-bit) before looking at the magic number. */
    private static final int ELF_HEADER_SIZE = 64;
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
    private static final Set<PosixFilePermission> EXECUTE = Set.of(PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    private ModuleLoadFailure() {
    }

    /** @param workingDir what a relative path is resolved against (Redis runs in its configured dir) */
    static String logLine(Path workingDir, String path) {
        if (path.isEmpty()) {
            // dlopen("") opens the running program, which has no module entry point.
            return "Module  does not export RedisModule_OnLoad() symbol. Module not loaded.";
        }
        Path file = resolve(workingDir, path);
        if (file != null && Files.exists(file) && !executable(file)) {
            return "Module " + path + " failed to load: It does not have execute permissions.";
        }
        // A name without a slash is searched in the system library directories, never the working directory.
        if (file == null || path.indexOf('/') < 0 || !Files.exists(file)) {
            return failed(path, "cannot open shared object file: No such file or directory");
        }
        if (Files.isDirectory(file)) {
            return failed(path, "cannot read file data: Is a directory");
        }
        byte[] header = new byte[ELF_HEADER_SIZE];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            return failed(path, "cannot open shared object file: Permission denied");
        }
        if (n < ELF_HEADER_SIZE) {
            return failed(path, "file too short");
        }
        for (int i = 0; i < ELF_MAGIC.length; i++) {
            if (header[i] != ELF_MAGIC[i]) {
                return failed(path, "invalid ELF header");
            }
        }
        return "Module " + path + " failed to load: this server cannot load native modules.";
    }

    private static String failed(String path, String dlerror) {
        return "Module " + path + " failed to load: " + path + ": " + dlerror;
    }

    /** Null when the path cannot name a file (a NUL byte, say), as no file has such a name. */
    private static Path resolve(Path workingDir, String path) {
        try {
            return workingDir.resolve(path);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static boolean executable(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : EXECUTE) {
                if (permissions.contains(p)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            // Redis's check is best effort too: when the mode cannot be read, dlopen decides.
            return true;
        }
    }
}

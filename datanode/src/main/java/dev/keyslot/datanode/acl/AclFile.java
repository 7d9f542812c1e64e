package dev.keyslot.datanode.acl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/** The `aclfile`: ACL LOAD reads it (all or nothing), ACL SAVE writes every user, with Redis's error texts. */
final class AclFile {
    private final Acl acl;
    /** Redis opens a relative aclfile from its working directory, which is the configured dir. */
    private final Path dir;

    AclFile(Acl acl, Path dir) {
        this.acl = acl;
        this.dir = dir;
    }

    /** Loads the file and replaces the users; returns Redis's error text, or null when loaded. */
    String load(String filename) {
        String text;
        try {
            text = Files.readString(dir.resolve(filename), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "Error loading ACLs, opening file '" + filename + "': " + reason(e);
        }
        TreeMap<String, User> loaded = new TreeMap<>();
        StringBuilder errors = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            parseLine(filename, i + 1, trim(lines[i], " \t\r\n"), loaded, errors);
        }
        if (errors.length() > 0) {
            return errors.append("WARNING: ACL errors detected, no change to the previously active ACL rules was performed")
                    .toString();
        }
        acl.replaceUsers(loaded);
        return null;
    }

    private void parseLine(String filename, int lineNumber, String line, TreeMap<String, User> loaded,
                           StringBuilder errors) {
        if (line.isEmpty()) {
            return;
        }
        // Split on single spaces, as Redis does: no quoting, and runs of spaces give empty (no-op) rules.
        List<String> argv = Arrays.asList(line.split(" ", -1));
        if (!argv.get(0).equals("user") || argv.size() < 2) {
            errors.append(filename).append(':').append(lineNumber)
                    .append(" should start with user keyword followed by the username. ");
            return;
        }
        String name = argv.get(1);
        if (Selector.hasSpaces(name)) {
            errors.append("'").append(filename).append(':').append(lineNumber).append(": username '").append(name)
                    .append("' contains invalid characters. ");
            return;
        }
        if (loaded.containsKey(name)) {
            errors.append("WARNING: Duplicate user '").append(name).append("' found on line ").append(lineNumber)
                    .append(". ");
            return;
        }
        User u = acl.newUser(name);
        loaded.put(name, u);
        List<String> rules = SelectorArgs.merge(argv.subList(2, argv.size()));
        if (rules == null) {
            errors.append(filename).append(':').append(lineNumber).append(": Unmatched parenthesis in selector definition.");
            return;
        }
        boolean syntaxErrorReported = false;
        for (String raw : rules) {
            String rule = trim(raw, "\t\r\n");
            try {
                u.apply(rule, acl.catalog(), acl.allChannelsByDefault());
            } catch (AclRuleException e) {
                if (e.problem() == RuleProblem.UNKNOWN_NAME) {
                    errors.append(filename).append(':').append(lineNumber).append(": Error in applying operation '")
                            .append(rule).append("': ").append(e.getMessage()).append(". ");
                } else if (!syntaxErrorReported) {
                    errors.append(filename).append(':').append(lineNumber).append(": ").append(e.getMessage())
                            .append(". ");
                    syntaxErrorReported = true;
                }
            }
        }
    }

    /** Writes every user through a temporary file renamed over the old one; false on failure. */
    boolean save(String filename) {
        StringBuilder sb = new StringBuilder();
        for (String line : acl.userLines()) {
            sb.append(line).append('\n');
        }
        Path file = dir.resolve(filename);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + System.currentTimeMillis());
        try {
            Files.writeString(tmp, sb, StandardCharsets.ISO_8859_1);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            acl.logWarning("Writing ACL file for ACL SAVE: " + reason(e));
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Nothing more to do: the failure is already reported.
            }
            return false;
        }
    }

    /** strerror's text for the usual causes. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? "Input/output error" : e.getMessage();
    }

    private static String trim(String s, String chars) {
        int start = 0;
        int end = s.length();
        while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }
}

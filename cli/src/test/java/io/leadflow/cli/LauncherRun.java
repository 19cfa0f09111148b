package io.leadflow.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One run of the launcher's Java side in this JVM, with what it printed to standard output and
 * standard error. The commands print to {@code System.out} like any command-line tool, so the
 * streams are swapped for the run; tests that use this must not run in parallel with each other.
 */
public record LauncherRun(int exitCode, String out, String err) {

    /** Runs {@code leadflow args...} with the given environment instead of the process's own. */
    public static LauncherRun of(Map<String, String> env, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Leadflow.run(args, env);
            return new LauncherRun(
                    code,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}

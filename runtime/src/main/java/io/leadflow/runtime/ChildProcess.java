package io.leadflow.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A server started as a child process whose output goes to files. It is stopped politely first
 * (SIGTERM, so ClickHouse and Kafka flush and release their directory locks) and forcibly after a
 * grace period, and also when the parent JVM exits without closing it, so an interrupted demo does
 * not leave servers holding ports and work directories.
 */
final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    private final String name;
    private final Process process;
    private final Duration grace;
    private final Thread shutdownHook;
    private final List<LogMark> logs = new ArrayList<>();

    private ChildProcess(String name, Process process, Duration grace) {
        this.name = name;
        this.process = process;
        this.grace = grace;
        this.shutdownHook = new Thread(this::terminate, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code command} in {@code directory}, appending stdout and stderr to {@code output}.
     * The log files passed as {@code logs} are remembered with their current size, so that a
     * failure report shows only what this run wrote to them.
     */
    static ChildProcess start(
            String name,
            List<String> command,
            Path directory,
            Path output,
            Duration grace,
            List<Path> logs) {
        List<LogMark> marks = new ArrayList<>();
        marks.add(LogMark.at(output));
        logs.forEach(log -> marks.add(LogMark.at(log)));
        try {
            Files.createDirectories(output.getParent());
            Process process =
                    new ProcessBuilder(command)
                            .directory(directory.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .start();
            ChildProcess child = new ChildProcess(name, process, grace);
            child.logs.addAll(marks);
            LOG.debug("started {} (pid {}): {}", name, process.pid(), command);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the process to end; returns its exit code if it did. */
    OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Describes why the process is gone: its exit code and the last lines it wrote to its output
     * and logs during this run.
     */
    String failureReport(int maxLines) {
        StringBuilder report = new StringBuilder(name);
        if (process.isAlive()) {
            report.append(" is still running");
        } else {
            report.append(" exited with code ").append(process.exitValue());
        }
        for (LogMark mark : logs) {
            String tail = mark.tail(maxLines);
            if (!tail.isBlank()) {
                report.append("\n--- last lines of ").append(mark.file()).append(" ---\n");
                report.append(tail);
            }
        }
        return report.toString();
    }

    /** Tells whether this run's output or logs contain {@code text}. */
    boolean logged(String text) {
        return logs.stream().anyMatch(mark -> mark.tail(Integer.MAX_VALUE).contains(text));
    }

    /**
     * Kills the process at once (SIGKILL), as a crash or an out-of-memory killer would: no
     * shutdown, nothing flushed.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        terminate();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; it does the same work, nothing to undo.
        }
    }

    private void terminate() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} (pid {}) ignored SIGTERM for {}, killing it", name, pid(), grace);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A log file and its size when the process started. */
    private record LogMark(Path file, long offset) {

        static LogMark at(Path file) {
            try {
                return new LogMark(file, Files.isRegularFile(file) ? Files.size(file) : 0L);
            } catch (IOException e) {
                return new LogMark(file, 0L);
            }
        }

        String tail(int maxLines) {
            if (!Files.isRegularFile(file)) {
                return "";
            }
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                // A log rotated or truncated since the start has no old part to skip.
                long from = in.length() >= offset ? offset : 0L;
                // Bounded read: a crash loop can write megabytes of stack traces.
                from = Math.max(from, in.length() - 256 * 1024);
                byte[] bytes = new byte[(int) (in.length() - from)];
                in.seek(from);
                in.readFully(bytes);
                // Stack frames crowd out the error messages that say what went wrong.
                List<String> lines =
                        new String(bytes, StandardCharsets.UTF_8)
                                .lines()
                                .filter(line -> !line.matches("\\s+at .*|\\s*\\d+\\. .*"))
                                .toList();
                return String.join(
                        "\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
            } catch (IOException e) {
                return "(cannot read " + file + ": " + e.getMessage() + ")";
            }
        }
    }
}

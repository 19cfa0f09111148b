package io.leadflow.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a benchmark ran on, read from the JVM and /proc, for the figures to mean something. */
final class Machine {

    private Machine() {}

    static String describe() {
        return String.format(
                "%d cores, %s RAM, %s %s, Java %s (%s)",
                Runtime.getRuntime().availableProcessors(),
                procLine("/proc/meminfo", "MemTotal:"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
    }

    static String peakRss() {
        return procLine("/proc/self/status", "VmHWM:");
    }

    private static String procLine(String file, String prefix) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(prefix)) {
                    long kb =
                            Long.parseLong(
                                    line.substring(prefix.length()).replace("kB", "").trim());
                    return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: say so below
        }
        return "unknown";
    }
}

package io.leadflow.tools.cli;

import io.leadflow.jobs.config.DurationSyntax;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flags of one subcommand (what the shared configuration loader passed through), validated
 * against the flags the subcommand declares, with messages that name the command and the flag.
 */
public final class CommandFlags {

    private final String command;
    private final Map<String, String> values = new HashMap<>();

    private CommandFlags(String command) {
        this.command = command;
    }

    /**
     * @param withValue flags that take a value ({@code --rate 100} or {@code --rate=100})
     * @param switches flags that take none ({@code --clean})
     */
    public static CommandFlags parse(
            String command, List<String> args, Set<String> withValue, Set<String> switches) {
        CommandFlags flags = new CommandFlags(command);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw flags.problem("unexpected argument '" + arg + "'", withValue, switches);
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (switches.contains(name)) {
                flags.values.put(name, value == null ? "true" : value);
            } else if (withValue.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(
                                command + ": --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                flags.values.put(name, value);
            } else {
                throw flags.problem("unknown flag --" + name, withValue, switches);
            }
        }
        return flags;
    }

    private IllegalArgumentException problem(
            String what, Set<String> withValue, Set<String> switches) {
        Set<String> known = new TreeSet<>();
        withValue.forEach(f -> known.add("--" + f + " VALUE"));
        switches.forEach(f -> known.add("--" + f));
        return new IllegalArgumentException(
                command
                        + ": "
                        + what
                        + (known.isEmpty() ? "; it takes no flags" : "; known flags: " + known)
                        + " (plus the configuration flags, see jobs/leadflow.properties.example)");
    }

    public boolean has(String name) {
        return values.containsKey(name) && !"false".equals(values.get(name));
    }

    public Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return DurationSyntax.parse(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    command
                            + ": --"
                            + name
                            + " must be a duration like 90s, 5m or 2h (got '"
                            + v
                            + "')");
        }
    }

    public long positiveLong(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                command + ": --" + name + " must be a positive whole number (got '" + v + "')");
    }

    /** A whole number from 0 to {@code max}, or {@code fallback} when the flag is absent. */
    public long boundedLong(String name, long fallback, long max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                command
                        + ": --"
                        + name
                        + " must be a whole number from 0 to "
                        + max
                        + " (got '"
                        + v
                        + "')");
    }

    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }
}

package io.leadflow.jobs.config;

import io.leadflow.jobs.sla.SlaPolicyFile;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads {@link LeadflowConfig} from four layers, each overriding the one before: built-in defaults,
 * a properties file ({@code --config FILE} or {@code LEADFLOW_CONFIG}), {@code LEADFLOW_*}
 * environment variables, and command-line flags ({@code --key=value} or {@code --key value}). Flags
 * outside the leadflow namespaces are returned untouched for the launcher's subcommands; mistyped
 * keys inside them are errors with a suggestion. All problems are collected and thrown together as
 * one {@link ConfigException}, with secrets masked.
 */
public final class ConfigLoader {

    /** Prefix of every leadflow environment variable. */
    public static final String ENV_PREFIX = "LEADFLOW_";

    /** Environment variable naming the properties file; {@code --config} takes precedence. */
    public static final String CONFIG_ENV = "LEADFLOW_CONFIG";

    /** Flag naming the properties file. */
    public static final String CONFIG_FLAG = "--config";

    /**
     * {@code LEADFLOW_*} variables that belong to the launcher rather than to a setting; they are
     * ignored here without a warning.
     */
    public static final Set<String> LAUNCHER_ENV_VARS =
            Set.of(
                    CONFIG_ENV,
                    "LEADFLOW_HOME",
                    "LEADFLOW_DATA_DIR",
                    "LEADFLOW_LOG_LEVEL",
                    "LEADFLOW_JAVA_OPTS");

    /**
     * The result of loading: the configuration, the arguments not consumed (subcommands and their
     * own flags, in their original order), and warnings such as unknown {@code LEADFLOW_*}
     * environment variables.
     */
    public record Loaded(LeadflowConfig config, List<String> remainingArgs, List<String> warnings) {

        public Loaded {
            Objects.requireNonNull(config, "config");
            remainingArgs = List.copyOf(remainingArgs);
            warnings = List.copyOf(warnings);
        }
    }

    /** A setting's text and where it came from, before validation. */
    private record Raw(String text, String where) {}

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> remaining = new ArrayList<>();
    private final Map<Setting, Raw> values = new EnumMap<>(Setting.class);
    private final Map<Setting, Raw> flagValues = new EnumMap<>(Setting.class);
    private Raw configFile;

    private ConfigLoader() {}

    /**
     * Loads the configuration.
     *
     * @param args the command line, possibly containing subcommands and their flags
     * @param env the environment, normally {@link System#getenv()}
     * @throws ConfigException listing every problem found
     */
    public static Loaded load(String[] args, Map<String, String> env) {
        return load(Arrays.asList(args), env);
    }

    /** Loads the configuration; see {@link #load(String[], Map)}. */
    public static Loaded load(List<String> args, Map<String, String> env) {
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(env, "env");
        return new ConfigLoader().run(args, env);
    }

    private Loaded run(List<String> args, Map<String, String> env) {
        for (Setting setting : Setting.values()) {
            values.put(setting, new Raw(setting.defaultValue(), "default"));
        }
        // Flags are scanned first only to find --config; they are applied last.
        readFlags(args);
        String envConfig = env.get(CONFIG_ENV);
        if (configFile == null && envConfig != null && !envConfig.isBlank()) {
            configFile = new Raw(envConfig, "environment " + CONFIG_ENV);
        }
        if (configFile != null) {
            readFile(configFile);
        }
        readEnvironment(env);
        values.putAll(flagValues);

        Map<Setting, Object> parsed = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            Raw raw = values.get(setting);
            try {
                parsed.put(setting, setting.parse(raw.text()));
            } catch (IllegalArgumentException e) {
                problems.add(
                        new ConfigProblem(
                                raw.where(),
                                setting.key(),
                                e.getMessage(),
                                setting.display(raw.text())));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        LeadflowConfig config = LeadflowConfig.fromValues(parsed::get);
        // A rules file can be valid and still ask for something that cannot work yet.
        SlaPolicyFile rules = config.sla().policies();
        for (String warning : rules.rules().warnings(config.scoring().on())) {
            warnings.add(
                    values.get(Setting.SLA_POLICIES_FILE).where()
                            + ": "
                            + Setting.SLA_POLICIES_FILE.key()
                            + ": "
                            + rules.path()
                            + ": "
                            + warning);
        }
        return new Loaded(config, remaining, warnings);
    }

    private void readFlags(List<String> args) {
        Map<String, Setting> byFlagName = new HashMap<>(Setting.flagAliases());
        for (Setting setting : Setting.values()) {
            byFlagName.put(setting.key(), setting);
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                // Everything after "--" belongs to the subcommand, even if it looks like a setting.
                remaining.addAll(args.subList(i, args.size()));
                return;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                remaining.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            String flag = "--" + name;
            Setting setting = byFlagName.get(name);
            boolean isConfig = flag.equals(CONFIG_FLAG);
            if (setting == null && !isConfig) {
                if (!inLeadflowNamespace(name)) {
                    remaining.add(arg);
                    continue;
                }
                Set<String> known = new TreeSet<>(byFlagName.keySet());
                problems.add(
                        new ConfigProblem(
                                "flag " + flag,
                                name,
                                "unknown setting" + suggestion("--", name, known),
                                null));
                if (equals < 0 && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    i++; // its value, which must not leak into the subcommand's arguments
                }
                continue;
            }
            String key = isConfig ? "config" : setting.key();
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                problems.add(
                        new ConfigProblem(
                                "flag " + flag,
                                key,
                                "needs a value: " + flag + "=VALUE or " + flag + " VALUE",
                                null));
                continue;
            }
            if (isConfig) {
                configFile = new Raw(value, "flag " + flag);
            } else {
                flagValues.put(setting, new Raw(value, "flag " + flag));
            }
        }
    }

    private void readFile(Raw file) {
        Path path = Path.of(file.text());
        if (!Files.isRegularFile(path)) {
            String what = Files.exists(path) ? "is not a regular file" : "file not found";
            problems.add(new ConfigProblem(file.where(), "config", what, file.text()));
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(
                    new ConfigProblem(
                            file.where(), "config", "cannot be read as UTF-8: " + e, file.text()));
            return;
        }
        Map<Setting, Integer> seenAt = new EnumMap<>(Setting.class);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            // Gather a logical line (backslash continuations) and let java.util.Properties parse
            // it, so the full properties syntax applies while we keep its line number.
            int lineNumber = i + 1;
            StringBuilder logical = new StringBuilder(line);
            while (endsWithContinuation(lines.get(i)) && i + 1 < lines.size()) {
                logical.append('\n').append(lines.get(++i));
            }
            String where = file.text() + ":" + lineNumber;
            Properties entry = new Properties();
            try {
                entry.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(
                        new ConfigProblem(where, "?", "malformed line: " + e.getMessage(), null));
                continue;
            }
            for (String key : entry.stringPropertyNames()) {
                Optional<Setting> setting = Setting.byKey(key);
                if (setting.isEmpty()) {
                    problems.add(
                            new ConfigProblem(
                                    where,
                                    key,
                                    "unknown setting" + suggestion("", key, settingKeys()),
                                    null));
                    continue;
                }
                Integer earlier = seenAt.put(setting.get(), lineNumber);
                if (earlier != null) {
                    warnings.add(where + ": " + key + ": set again, overriding line " + earlier);
                }
                values.put(setting.get(), new Raw(entry.getProperty(key), where));
            }
        }
    }

    private void readEnvironment(Map<String, String> env) {
        Set<String> known = new TreeSet<>(LAUNCHER_ENV_VARS);
        for (Setting setting : Setting.values()) {
            known.add(setting.envName());
        }
        // Sorted, so that warnings come out in a stable order whatever the map.
        for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(ENV_PREFIX) || LAUNCHER_ENV_VARS.contains(name)) {
                continue;
            }
            Optional<Setting> setting = Setting.byEnvName(name);
            if (setting.isPresent()) {
                values.put(setting.get(), new Raw(variable.getValue(), "environment " + name));
            } else {
                warnings.add(
                        "environment "
                                + name
                                + ": not a leadflow setting, ignored"
                                + suggestion("", name, known));
            }
        }
    }

    private static boolean inLeadflowNamespace(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Setting.namespaces().stream().anyMatch(lower::startsWith);
    }

    private static List<String> settingKeys() {
        return Arrays.stream(Setting.values()).map(Setting::key).toList();
    }

    private static String suggestion(String prefix, String typed, Collection<String> known) {
        return KeySuggestion.closest(typed, known)
                .map(best -> "; did you mean " + prefix + best + "?")
                .orElse("");
    }

    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}

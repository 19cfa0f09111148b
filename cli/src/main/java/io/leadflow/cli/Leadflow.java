package io.leadflow.cli;

import io.leadflow.cli.stack.LaunchContext;
import io.leadflow.jobs.config.ConfigException;
import io.leadflow.jobs.config.ConfigLoader;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.config.Setting;
import io.leadflow.schema.clickhouse.ClickHouseException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The Java side of the {@code ./leadflow} launcher. The shared settings ({@code --key=value} flags,
 * {@code LEADFLOW_*} variables, {@code --config FILE}) are loaded and validated first by {@link
 * ConfigLoader}; what remains is the subcommand's own flags, parsed by picocli, which gives every
 * subcommand a {@code --help} with the defaults of the code and suggests the flag a typo meant.
 * Exit codes: 0 success, 1 failure, 2 bad configuration or flags.
 */
@Command(
        name = "leadflow",
        mixinStandardHelpOptions = true,
        version = "leadflow 0.1.0",
        synopsisSubcommandLabel = "COMMAND",
        description =
                "Stream analytics for marketing and sales lead funnels: Kafka -> Flink -> ClickHouse.",
        subcommands = {
            DemoCommand.class,
            BenchCommand.class,
            ReplayCommand.class,
            MigrateCommand.class,
            DashboardCommand.class,
            GenerateCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "  ./leadflow test [maven args]   runs the tests (mvn -B verify), from the shell script",
            "",
            "Settings: every key of jobs/leadflow.properties.example works after the command as"
                    + " --key=value, as a LEADFLOW_* environment variable (LEADFLOW_KAFKA_BOOTSTRAP),"
                    + " or in a --config FILE. A Kafka or ClickHouse named that way is used instead"
                    + " of a local one."
        })
public final class Leadflow implements Callable<Integer> {

    /** The flags that ask for help; they skip loading the configuration. */
    private static final Set<String> HELP = Set.of("-h", "--help", "help");

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    public static int run(String[] args, Map<String, String> env) {
        CommandLine cli = commandLine();
        if (args.length == 0
                || HELP.contains(args[0])
                || args[0].equals("-V")
                || args[0].equals("--version")) {
            return cli.execute(args.length == 0 ? new String[] {"--help"} : args);
        }
        if (!args[0].startsWith("-") && !cli.getSubcommands().containsKey(args[0])) {
            System.err.println(
                    "leadflow: unknown command '"
                            + args[0]
                            + "'; the commands are "
                            + String.join(", ", cli.getSubcommands().keySet())
                            + " (and test, which the shell script runs). See ./leadflow --help");
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.stream().anyMatch(a -> a.equals("-h") || a.equals("--help"))) {
            return cli.execute(withoutSettings(args));
        }
        ConfigLoader.Loaded loaded;
        try {
            loaded = LeadflowConfig.load(rest.toArray(String[]::new), env);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        loaded.warnings().forEach(w -> System.err.println("warning: " + w));
        LaunchContext context = new LaunchContext(loaded.config(), env, rest, dataDir(env));
        use(cli, context);
        List<String> remaining = new ArrayList<>();
        remaining.add(args[0]);
        remaining.addAll(loaded.remainingArgs());
        return cli.execute(remaining.toArray(String[]::new));
    }

    /**
     * The arguments without settings flags ({@code --kafka.bootstrap=...}, or with the value as the
     * next argument), which are not the subcommand's and would spoil a help request.
     */
    private static String[] withoutSettings(String[] args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean setting =
                    Setting.namespaces().stream().anyMatch(ns -> arg.startsWith("--" + ns))
                            || arg.equals("--config");
            if (!setting) {
                kept.add(arg);
            } else if (!arg.contains("=")) {
                i++;
            }
        }
        return kept.toArray(String[]::new);
    }

    /** Hands the context to every subcommand, however deeply nested. */
    private static void use(CommandLine cli, LaunchContext context) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommand() instanceof LeadflowCommand command) {
                command.use(context);
            }
            use(sub, context);
        }
    }

    /** The command line with its messages: what went wrong, a suggestion, and where help is. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Leadflow());
        cli.setParameterExceptionHandler(
                (ex, args) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    String name = ex.getCommandLine().getCommandName();
                    err.println(
                            "leadflow "
                                    + (name.equals("leadflow") ? "" : name + ": ")
                                    + ex.getMessage());
                    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
                    err.println(
                            "See ./leadflow "
                                    + (name.equals("leadflow") ? "" : name + " ")
                                    + "--help");
                    err.flush();
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (ex, command, parseResult) -> {
                    String name = command.getCommandName();
                    if (ex instanceof IllegalArgumentException) {
                        System.err.println("leadflow " + name + ": " + ex.getMessage());
                        return 2;
                    }
                    if (ex instanceof ClickHouseException) {
                        System.err.println("leadflow " + name + ": " + ex.getMessage());
                        return 1;
                    }
                    System.err.println("leadflow " + name + " failed: " + ex);
                    return 1;
                });
        return cli;
    }

    private static Path dataDir(Map<String, String> env) {
        return Path.of(
                        env.getOrDefault(
                                "LEADFLOW_DATA_DIR",
                                Path.of(env.getOrDefault("LEADFLOW_HOME", "."), ".leadflow")
                                        .toString()))
                .toAbsolutePath()
                .normalize();
    }
}

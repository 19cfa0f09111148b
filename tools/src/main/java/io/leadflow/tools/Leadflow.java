package io.leadflow.tools;

import io.leadflow.jobs.config.ConfigException;
import io.leadflow.jobs.config.ConfigLoader;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.schema.clickhouse.ClickHouseException;
import io.leadflow.tools.cli.BenchCommand;
import io.leadflow.tools.cli.DemoCommand;
import io.leadflow.tools.cli.MigrateCommand;
import io.leadflow.tools.cli.ReplayCommand;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Java side of the {@code ./leadflow} launcher: loads and validates the shared configuration,
 * then runs one subcommand. Exit codes: 0 success, 1 failure, 2 bad configuration or flags.
 */
public final class Leadflow {

    /** One subcommand. */
    public interface Command {
        int run(LeadflowConfig config, List<String> flags, Context context) throws Exception;
    }

    /** What every command gets besides its configuration. */
    public record Context(Map<String, String> env, List<String> rawArgs, Path dataDir) {}

    private Leadflow() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    public static int run(String[] args, Map<String, String> env) {
        if (args.length == 0) {
            System.err.println("usage: leadflow demo|bench|migrate|replay [flags]");
            return 2;
        }
        String name = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        Command command =
                switch (name) {
                    case "demo" -> new DemoCommand();
                    case "bench" -> new BenchCommand();
                    case "migrate" -> new MigrateCommand();
                    case "replay" -> new ReplayCommand();
                    default -> null;
                };
        if (command == null) {
            System.err.println("leadflow: unknown command '" + name + "'");
            return 2;
        }
        ConfigLoader.Loaded loaded;
        try {
            loaded = LeadflowConfig.load(rest.toArray(String[]::new), env);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        loaded.warnings().forEach(w -> System.err.println("warning: " + w));
        Path dataDir =
                Path.of(
                                env.getOrDefault(
                                        "LEADFLOW_DATA_DIR",
                                        Path.of(env.getOrDefault("LEADFLOW_HOME", "."), ".leadflow")
                                                .toString()))
                        .toAbsolutePath()
                        .normalize();
        try {
            return command.run(
                    loaded.config(), loaded.remainingArgs(), new Context(env, rest, dataDir));
        } catch (IllegalArgumentException e) {
            System.err.println("leadflow " + e.getMessage());
            return 2;
        } catch (ClickHouseException e) {
            System.err.println("leadflow " + name + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("leadflow " + name + " failed: " + e);
            return 1;
        }
    }
}

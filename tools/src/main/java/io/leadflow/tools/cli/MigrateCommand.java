package io.leadflow.tools.cli;

import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.schema.clickhouse.Migration;
import io.leadflow.tools.Leadflow;

import java.util.List;
import java.util.Set;

/**
 * {@code ./leadflow migrate}: applies pending ClickHouse migrations to the configured server (or
 * the local one under the data directory) and lists what it did. Safe to run again.
 */
public final class MigrateCommand implements Leadflow.Command {

    @Override
    public int run(LeadflowConfig config, List<String> flags, Leadflow.Context context) {
        CommandFlags.parse("migrate", flags, Set.of(), Set.of());
        Progress progress = new Progress();
        try (LocalStack stack =
                LocalStack.open(
                        config,
                        context.env(),
                        context.rawArgs(),
                        context.dataDir(),
                        false,
                        progress)) {
            var result = stack.migration();
            for (Migration m : result.applied()) {
                System.out.printf("applied  V%03d__%s%n", m.version(), m.name());
            }
            for (Migration m : result.skipped()) {
                System.out.printf("present  V%03d__%s%n", m.version(), m.name());
            }
            System.out.printf(
                    "database %s at %s is at version %d%n",
                    stack.config().clickHouse().database(),
                    stack.config().clickHouse().url(),
                    result.applied().isEmpty() && result.skipped().isEmpty()
                            ? 0
                            : Math.max(
                                    result.applied().stream()
                                            .mapToInt(Migration::version)
                                            .max()
                                            .orElse(0),
                                    result.skipped().stream()
                                            .mapToInt(Migration::version)
                                            .max()
                                            .orElse(0)));
        }
        return 0;
    }
}

package io.leadflow.cli;

import io.leadflow.cli.stack.LaunchContext;
import io.leadflow.cli.stack.LocalStack;
import io.leadflow.cli.stack.Progress;
import io.leadflow.schema.clickhouse.ClusterSchema;
import io.leadflow.schema.clickhouse.Migration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./leadflow migrate}: provisions what the job needs before it starts. It applies pending
 * ClickHouse migrations to the configured server (or the local one under the data directory) and
 * creates the job's Kafka topics that do not exist yet, then lists what it did. Safe to run again;
 * the job itself creates nothing.
 */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Provisions what the job needs: applies pending ClickHouse migrations and creates the"
                    + " job's Kafka topics that do not exist yet (two partitions each; the config"
                    + " topic gets one, so the latest rules win). Run it before the first start"
                    + " and after every upgrade; running it again changes nothing."
        })
final class MigrateCommand extends LeadflowCommand {

    @Option(
            names = "--no-topics",
            description =
                    "Only the ClickHouse schema; leave Kafka alone (e.g. topics are managed"
                            + " elsewhere).")
    boolean noTopics;

    @Option(
            names = "--cluster-ddl",
            paramLabel = "CLUSTER",
            description =
                    "After migrating, print the cluster variant of the schema for a ClickHouse"
                            + " cluster of that name (Replicated*MergeTree tables <name>_local,"
                            + " Distributed tables under the usual names, ON CLUSTER) instead of"
                            + " the report; apply it with clickhouse-client --multiquery on one"
                            + " node. Ignores Kafka.")
    String clusterDdl;

    @Override
    public Integer call() {
        LaunchContext context = context();
        Progress progress = new Progress();
        boolean topics = !noTopics && clusterDdl == null;
        try (LocalStack stack =
                context.open(context.config(), context.dataDir(), topics, progress)) {
            if (clusterDdl != null) {
                System.out.print(
                        ClusterSchema.script(
                                stack.clickHouse(),
                                stack.config().clickHouse().database(),
                                clusterDdl));
                return 0;
            }
            var result = stack.migration();
            for (Migration m : result.applied()) {
                System.out.printf("applied  V%03d__%s%n", m.version(), m.name());
            }
            for (Migration m : result.skipped()) {
                System.out.printf("present  V%03d__%s%n", m.version(), m.name());
            }
            int version =
                    Math.max(
                            result.applied().stream().mapToInt(Migration::version).max().orElse(0),
                            result.skipped().stream().mapToInt(Migration::version).max().orElse(0));
            System.out.printf(
                    "database %s at %s is at version %d%n",
                    stack.config().clickHouse().database(),
                    stack.config().clickHouse().url(),
                    version);
            for (String topic : stack.createdTopics()) {
                System.out.println("created  topic " + topic);
            }
            if (topics) {
                System.out.printf(
                        "topics   %s at %s are ready%n",
                        String.join(", ", io.leadflow.jobs.LeadflowJob.topics(stack.config())),
                        stack.config().kafka().bootstrap());
            }
        }
        return 0;
    }
}

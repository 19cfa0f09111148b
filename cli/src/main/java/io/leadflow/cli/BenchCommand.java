package io.leadflow.cli;

import io.leadflow.cli.bench.AlertLatenessBench;
import io.leadflow.cli.bench.LatencyBench;
import io.leadflow.cli.bench.QueryBench;
import io.leadflow.cli.bench.RescoreBench;
import io.leadflow.cli.bench.ThroughputBench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.List;

/**
 * {@code ./leadflow bench}: the benchmarks of BENCHMARKS.md, on this machine. Prints figures,
 * asserts nothing.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Measures this machine: end-to-end throughput (Kafka -> job -> ClickHouse) against"
                    + " the bare ceiling of the same run, validation cost, state per lead and"
                    + " memory; with --queries, dashboard queries on the aggregate tables against"
                    + " the per-lead views; with --alerts, how late SLA breaches are raised and"
                    + " read; with --rescore, how long a scoring model change takes to reach every"
                    + " lead."
                    + " Prints figures, asserts nothing; record them in BENCHMARKS.md."
        })
final class BenchCommand extends LeadflowCommand {

    @Option(names = "--quick", description = "30,000 leads (about 194,000 events).")
    boolean quick;

    @Option(
            names = "--queries",
            description =
                    "Dashboard queries: the aggregate tables against the per-lead views and"
                            + " windowFunnel over raw events, at 150,000 and 1,500,000 leads"
                            + " (or the sizes of --query-leads).")
    boolean queries;

    @Option(
            names = "--query-leads",
            paramLabel = "N,N",
            split = ",",
            description = "With --queries: the sizes, in leads. Default: 150000,1500000.")
    List<Integer> queryLeads;

    @Option(
            names = "--latency",
            description =
                    "Latency from an event's produce time to its effect in the aggregate tables, at"
                            + " half the maximum rate measured in the same run.")
    boolean latency;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "60",
            description = "With --latency: how long the paced load runs.")
    int seconds;

    @Option(
            names = "--checkpoint",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description =
                    "With --latency: checkpoint interval (aggregate rows become visible when their"
                            + " checkpoint completes).")
    java.time.Duration checkpoint;

    @Option(
            names = "--alerts",
            description = "SLA alert lateness: open leads become MQL and are never contacted.")
    boolean alerts;

    @Option(
            names = "--rescore",
            description =
                    "Rescoring after a model change: leads scored by the running job under the"
                            + " example model, then a shadow version published on the config"
                            + " topic; the time until every lead is queryable under it.")
    boolean rescore;

    @Option(
            names = "--leads",
            paramLabel = "N",
            description =
                    "Leads to generate. Default: 150,000 (about 1 M events); 30,000 with --quick;"
                            + " 100,000 with --alerts; 1,000,000 with --rescore (3 events each).")
    Integer leads;

    @Option(
            names = "--spread",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description =
                    "With --alerts: seconds over which the leads become MQL; 0 for one burst.")
    int spread;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (leads != null && leads < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--leads must be a positive whole number (got " + leads + ")");
        }
        if (spread < 0 || spread > 3_600) {
            throw new ParameterException(
                    spec.commandLine(), "--spread must be between 0 and 3600 (got " + spread + ")");
        }
        if (latency) {
            if (seconds < 5 || seconds > 3_600) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--seconds must be between 5 and 3600 (got " + seconds + ")");
            }
            return new LatencyBench().run(context(), seconds, checkpoint);
        }
        if (queries) {
            List<Integer> sizes = queryLeads == null ? List.of(150_000, 1_500_000) : queryLeads;
            for (int size : sizes) {
                if (size < 1) {
                    throw new ParameterException(
                            spec.commandLine(),
                            "--query-leads takes positive whole numbers (got " + size + ")");
                }
            }
            return new QueryBench().run(context(), sizes);
        }
        if (alerts) {
            return new AlertLatenessBench().run(context(), leads == null ? 100_000 : leads, spread);
        }
        if (rescore) {
            if (leads != null && leads > RescoreBench.MAX_LEADS) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--leads with --rescore is at most "
                                + RescoreBench.MAX_LEADS
                                + " (got "
                                + leads
                                + ")");
            }
            return new RescoreBench().run(context(), leads == null ? 1_000_000 : leads);
        }
        return new ThroughputBench()
                .run(
                        context(),
                        leads != null ? leads : quick ? 30_000 : 150_000,
                        "leadflow bench" + (quick ? " --quick" : ""));
    }
}

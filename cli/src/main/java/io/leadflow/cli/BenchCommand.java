package io.leadflow.cli;

import io.leadflow.cli.bench.AlertLatenessBench;
import io.leadflow.cli.bench.ThroughputBench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
                    + " memory; or, with --alerts, how late SLA breaches are raised and read."
                    + " Prints figures, asserts nothing; record them in BENCHMARKS.md."
        })
final class BenchCommand extends LeadflowCommand {

    @Option(names = "--quick", description = "30,000 leads (about 194,000 events).")
    boolean quick;

    @Option(
            names = "--alerts",
            description = "SLA alert lateness: open leads become MQL and are never contacted.")
    boolean alerts;

    @Option(
            names = "--leads",
            paramLabel = "N",
            description =
                    "Leads to generate. Default: 150,000 (about 1 M events); 30,000 with --quick;"
                            + " 100,000 with --alerts.")
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
        if (alerts) {
            return new AlertLatenessBench().run(context(), leads == null ? 100_000 : leads, spread);
        }
        return new ThroughputBench()
                .run(
                        context(),
                        leads != null ? leads : quick ? 30_000 : 150_000,
                        "leadflow bench" + (quick ? " --quick" : ""));
    }
}

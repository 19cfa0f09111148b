package io.leadflow.cli;

import io.leadflow.cli.replay.BoundedReplay;
import io.leadflow.cli.replay.ConversionBySource;
import io.leadflow.cli.replay.EventFile;
import io.leadflow.cli.replay.FunnelReach;
import io.leadflow.cli.replay.ScoreCalibration;
import io.leadflow.cli.stack.LaunchContext;
import io.leadflow.cli.stack.LocalStack;
import io.leadflow.cli.stack.Progress;
import io.leadflow.generator.replay.OlistFunnel;
import io.leadflow.generator.replay.OlistReplayPlan;
import io.leadflow.generator.replay.XEducationLeads;
import io.leadflow.generator.replay.XEducationReplayPlan;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.io.ClickHouseRowSinks;
import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code ./leadflow replay olist --dir DIR} and {@code ./leadflow replay x-education --file
 * Leads.csv}: converts a real public lead data set into leadflow events, produces them to the job's
 * input topics and runs the job, bounded, over exactly those records, then says where the results
 * are in ClickHouse and prints the conversion by lead source as leadflow computed it. Uses the
 * Kafka and ClickHouse named by configuration, or starts local ones under the data directory. The
 * events have deterministic ids, so running it again overwrites the same rows.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description =
                "Replays a real data set through the real pipeline (Kafka, the job, ClickHouse).",
        subcommands = {
            ReplayCommand.Olist.class,
            ReplayCommand.XEducation.class,
            ReplayCommand.Events.class
        })
final class ReplayCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(),
                "name what to replay: replay events --file FILE.jsonl, replay olist --dir DIR, or"
                        + " replay x-education --file Leads.csv");
    }

    @Command(
            name = "olist",
            mixinStandardHelpOptions = true,
            description =
                    "The Olist marketing funnel: 8,000 marketing qualified leads and the 842 deals"
                            + " closed from them (../shared/datasets/README.md).")
    static final class Olist extends LeadflowCommand {

        @Option(
                names = "--dir",
                required = true,
                paramLabel = "DIR",
                description =
                        "The directory holding "
                                + OlistFunnel.MQL_FILE
                                + " and "
                                + OlistFunnel.DEALS_FILE
                                + ".")
        Path dirFlag;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LaunchContext context = context();
            LeadflowConfig config = context.config();
            Path dir = dirFlag.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--dir " + dirFlag + ": no such directory (" + dir + ")");
            }
            List<String> missing = OlistFunnel.missingFiles(dir);
            if (!missing.isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--dir " + dirFlag + " lacks " + String.join(" and ", missing));
            }

            Progress progress = new Progress();
            progress.say("reading the Olist marketing funnel from " + dir);
            OlistReplayPlan plan = new OlistFunnel().read(dir);
            progress.say(
                    String.format(
                            "%d leads, %d won deals (%d unjoined), %d win(s) moved after the lead's"
                                    + " creation, %d events",
                            plan.leads(),
                            plan.deals(),
                            plan.unjoinedDeals(),
                            plan.clampedWins().size(),
                            plan.records().size()));

            Path dataDir = context.dataDir();
            Files.createDirectories(dataDir);
            try (LocalStack stack = context.open(config, dataDir, true, progress)) {
                LeadflowConfig effective = stack.config();
                StreamExecutionEnvironment env = localEnv(effective);
                BoundedReplay.Range range =
                        new BoundedReplay(effective)
                                .run(
                                        plan.kafkaRecords(
                                                effective.kafka().leadsTopic(),
                                                effective.kafka().activitiesTopic()),
                                        env,
                                        progress::say);
                progress.say("job finished; reading the results back from ClickHouse");
                ConversionBySource conversion =
                        ConversionBySource.query(stack.clickHouse(), OlistFunnel.SOURCE);
                print(effective, plan, range, conversion);
                if (stack.localClickHouse()) {
                    System.out.println(
                            "note        this local ClickHouse stops with the command; its data stays in "
                                    + dataDir.resolve("clickhouse")
                                    + " and is there again under ./leadflow demo (or replay into a"
                                    + " server named by LEADFLOW_CLICKHOUSE_URL)");
                }
                if (conversion.leads() != plan.leads()) {
                    System.out.println(
                            "WARNING: expected "
                                    + plan.leads()
                                    + " Olist leads in ClickHouse, found "
                                    + conversion.leads());
                    return 1;
                }
            }
            return 0;
        }
    }

    @Command(
            name = "x-education",
            mixinStandardHelpOptions = true,
            description =
                    "The X Education leads: 9,240 leads of an online course seller, their web"
                            + " engagement and whether they converted (3,561 did;"
                            + " ../shared/datasets/README.md). The file has no dates: lead i is"
                            + " created at 2024-01-01T00:00:00Z + i x 20 min.")
    static final class XEducation extends LeadflowCommand {

        @Option(
                names = "--file",
                required = true,
                paramLabel = "FILE",
                description = "The data set's " + XEducationLeads.FILE + " (UTF-8 CSV).")
        Path fileFlag;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LaunchContext context = context();
            LeadflowConfig config =
                    context.withExampleScoring(context.config(), "scoring-model.x-education.json");
            Path file = fileFlag.toAbsolutePath().normalize();
            if (Files.isDirectory(file)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--file "
                                + fileFlag
                                + ": is a directory ("
                                + file
                                + "); name the "
                                + XEducationLeads.FILE
                                + " in it");
            }
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(
                        spec.commandLine(), "--file " + fileFlag + ": no such file (" + file + ")");
            }
            if (!Files.isReadable(file)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--file "
                                + fileFlag
                                + ": cannot be read ("
                                + file
                                + "): permission denied");
            }

            Progress progress = new Progress();
            progress.say("reading the X Education leads from " + file);
            XEducationReplayPlan plan;
            try {
                plan = new XEducationLeads().read(file);
            } catch (CharacterCodingException e) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--file " + fileFlag + ": not UTF-8 text (" + file + ")");
            }
            progress.say(
                    String.format(
                            "%d leads, %d converted, %d activities, %d events",
                            plan.leads(),
                            plan.converted(),
                            plan.activities(),
                            plan.records().size()));

            Path dataDir = context.dataDir();
            Files.createDirectories(dataDir);
            try (LocalStack stack = context.open(config, dataDir, true, progress)) {
                LeadflowConfig effective = stack.config();
                BoundedReplay.Range range =
                        new BoundedReplay(effective)
                                .run(
                                        plan.kafkaRecords(
                                                effective.kafka().leadsTopic(),
                                                effective.kafka().activitiesTopic()),
                                        localEnv(effective),
                                        progress::say);
                progress.say("job finished; reading the results back from ClickHouse");
                FunnelReach reach = FunnelReach.query(stack.clickHouse(), XEducationLeads.SOURCE);
                ConversionBySource conversion =
                        ConversionBySource.query(stack.clickHouse(), XEducationLeads.SOURCE);
                print(effective, file, plan, range, reach, conversion);
                if (effective.scoring().on()) {
                    String version = effective.scoring().initial().active();
                    System.out.println();
                    System.out.printf(
                            "scoring     model %s (%s), as leadflow computed it: leads by"
                                    + " calibration_score (the highest score before SQL),"
                                    + " score_calibration and score_auc%n",
                            version, effective.scoring().path());
                    System.out.print(ScoreCalibration.query(stack.clickHouse(), version).format());
                }
                if (stack.localClickHouse()) {
                    System.out.println(
                            "note        this local ClickHouse stops with the command; its data stays in "
                                    + dataDir.resolve("clickhouse")
                                    + " and is there again under ./leadflow demo (or replay into a"
                                    + " server named by LEADFLOW_CLICKHOUSE_URL)");
                }
                if (reach.leads() != plan.leads()
                        || reach.reachedSql() != plan.converted()
                        || reach.won() != plan.converted()) {
                    System.out.printf(
                            "WARNING: expected %d X Education leads, %d of them at SQL and won, in"
                                    + " ClickHouse; found %d leads, %d reached SQL, %d won%n",
                            plan.leads(),
                            plan.converted(),
                            reach.leads(),
                            reach.reachedSql(),
                            reach.won());
                    return 1;
                }
            }
            return 0;
        }

        private static void print(
                LeadflowConfig config,
                Path file,
                XEducationReplayPlan plan,
                BoundedReplay.Range range,
                FunnelReach reach,
                ConversionBySource conversion) {
            String db = config.clickHouse().database();
            System.out.println();
            System.out.println("leadflow replay x-education");
            System.out.printf(
                    "input       %s: %d leads, %d converted -> %d events on %s and %s%n",
                    file,
                    plan.leads(),
                    plan.converted(),
                    range.size(),
                    config.kafka().leadsTopic(),
                    config.kafka().activitiesTopic());
            System.out.printf(
                    "time        the file has no dates: lead i (file order) is created at %s + i x"
                            + " %d min (last %s);%n"
                            + "            engagement within %d h after creation, SQL at +%d d,"
                            + " opportunity at +%d d, won 1 s later%n",
                    XEducationLeads.FIRST_LEAD_AT,
                    XEducationLeads.LEAD_SPACING.toMinutes(),
                    plan.lastCreatedAt(),
                    XEducationLeads.ENGAGEMENT_WINDOW.toHours(),
                    XEducationLeads.SQL_AFTER.toDays(),
                    XEducationLeads.OPPORTUNITY_AFTER.toDays());
            System.out.printf(
                    "activities  %d page views (%d lead(s) capped at %d), %d x %d min on the site"
                            + " (page_view, url %s; %d capped at %d), %d e-book downloads%n",
                    plan.pageViews(),
                    plan.pageViewsCapped().size(),
                    XEducationLeads.MAX_PAGE_VIEWS,
                    plan.siteTime(),
                    XEducationLeads.SITE_TIME_UNIT.toMinutes(),
                    XEducationLeads.SITE_TIME_URL,
                    plan.siteTimeCapped().size(),
                    XEducationLeads.MAX_SITE_TIME,
                    plan.downloads());
            System.out.printf(
                    "consent     %d lead(s) refused email or calls (lead.updated at +1 s)%n",
                    plan.consentChanges());
            System.out.printf(
                    "quirks      %d lead(s) without Lead Source; Country values that are no"
                            + " country, left out: %s%n",
                    plan.leadSources().getOrDefault("", 0L), plan.unmappedCountries());
            System.out.printf(
                    "results     ClickHouse %s, database %s: lead_state, lead_transitions and the"
                            + " funnel views (source = '%s')%n",
                    config.clickHouse().url(), db, XEducationLeads.SOURCE);
            System.out.println(
                    "example     " + oneLine(FunnelReach.sql(db, XEducationLeads.SOURCE)));
            System.out.println();
            System.out.printf(
                    "leads %d, reached SQL %d, won (converted) %d (%.1f %%); by lead source:%n",
                    reach.leads(), reach.reachedSql(), reach.won(), reach.wonPercent());
            System.out.print(conversion.format());
        }
    }

    @Command(
            name = "events",
            mixinStandardHelpOptions = true,
            description =
                    "Backfills an export: one event of the contract per line (JSON Lines), through"
                            + " the same pipeline. Bad lines become dead letters naming their line.")
    static final class Events extends LeadflowCommand {

        @Option(
                names = "--file",
                required = true,
                paramLabel = "FILE",
                description = "The export, one JSON event per line (UTF-8).")
        Path fileFlag;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LaunchContext context = context();
            LeadflowConfig config = context.config();
            Path file = fileFlag.toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(
                        spec.commandLine(), "--file " + fileFlag + ": no such file (" + file + ")");
            }
            Progress progress = new Progress();
            Path dataDir = context.dataDir();
            Files.createDirectories(dataDir);
            try (LocalStack stack = context.open(config, dataDir, true, progress)) {
                LeadflowConfig effective = stack.config();
                progress.say("reading " + file);
                long started = System.nanoTime();
                EventFile events =
                        EventFile.read(
                                file,
                                effective.kafka().leadsTopic(),
                                effective.kafka().activitiesTopic(),
                                lines -> progress.say(String.format("%,d lines read", lines)));
                progress.say(
                        String.format(
                                "%,d lines: %,d events, %,d bad (dead letters), %,d blank",
                                events.lines(),
                                events.records().size(),
                                events.deadLetters().size(),
                                events.blank()));
                if (!events.deadLetters().isEmpty()) {
                    writeDeadLetters(stack.clickHouse(), events.deadLetters());
                    progress.say(
                            events.deadLetters().size()
                                    + " dead letter(s) written to dead_letters (topic 'file:"
                                    + file
                                    + "', offset = line number)");
                }
                BoundedReplay.Range range = null;
                if (!events.records().isEmpty()) {
                    range =
                            new BoundedReplay(effective)
                                    .run(events.records(), localEnv(effective), progress::say);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                printSummary(effective, file, events, range, seconds);
                return events.deadLetters().isEmpty() ? 0 : 2;
            }
        }

        private static void writeDeadLetters(
                ClickHouseHttp clickHouse, List<DeadLetter> deadLetters) throws IOException {
            clickHouse.insert(
                    ClickHouseRowSinks.DEAD_LETTERS.name(),
                    ClickHouseRowSinks.DEAD_LETTERS.columnNames(),
                    ClickHouseRowSinks.DEAD_LETTERS.jsonEachRow(deadLetters));
        }

        private static void printSummary(
                LeadflowConfig config,
                Path file,
                EventFile events,
                BoundedReplay.Range range,
                double seconds) {
            System.out.println();
            System.out.println("leadflow replay events");
            System.out.printf(
                    "input       %s: %,d lines, %,d blank%n", file, events.lines(), events.blank());
            System.out.printf(
                    "events      %,d (%s), event time %s .. %s%n",
                    events.records().size(),
                    events.byType().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")),
                    events.records().isEmpty() ? "-" : Instant.ofEpochMilli(events.firstEventAt()),
                    events.records().isEmpty() ? "-" : Instant.ofEpochMilli(events.lastEventAt()));
            Map<String, Long> reasons = new java.util.TreeMap<>();
            events.deadLetters().forEach(d -> reasons.merge(d.reasonCode(), 1L, Long::sum));
            System.out.printf(
                    "bad lines   %,d %s%s%n",
                    events.deadLetters().size(),
                    reasons,
                    events.deadLetters().isEmpty()
                            ? ""
                            : ", first: " + events.deadLetters().get(0).reason());
            if (range != null) {
                System.out.printf(
                        "job         read %,d records from %s and %s%n",
                        range.size(),
                        config.kafka().leadsTopic(),
                        config.kafka().activitiesTopic());
            }
            System.out.printf(
                    "results     ClickHouse %s, database %s: lead_state, the aggregate tables,"
                            + " dead_letters (in %.1f s, %,.0f events/s)%n",
                    config.clickHouse().url(),
                    config.clickHouse().database(),
                    seconds,
                    events.records().size() / Math.max(seconds, 1e-3));
        }
    }

    private static void print(
            LeadflowConfig config,
            OlistReplayPlan plan,
            BoundedReplay.Range range,
            ConversionBySource conversion) {
        String db = config.clickHouse().database();
        System.out.println();
        System.out.println("leadflow replay olist");
        System.out.printf(
                "input       %d leads (MQLs), %d won deals -> %d events on %s and %s%n",
                plan.leads(),
                plan.deals(),
                range.size(),
                config.kafka().leadsTopic(),
                config.kafka().activitiesTopic());
        System.out.printf(
                "quirks      %d win(s) dated before the lead's first contact, moved to 1 s after"
                        + " its creation: %s%n",
                plan.clampedWins().size(), plan.clampedWins());
        System.out.printf(
                "            MQL first contacts run %s .. %s, wins up to %s (%d won after the last"
                        + " MQL day):%n"
                        + "            late cohorts had less time to convert, so their conversion"
                        + " is right-censored%n",
                plan.firstContactFrom(),
                plan.firstContactTo(),
                plan.lastWonAt(),
                plan.winsAfterLastContact());
        System.out.printf(
                "            origin: empty -> lead_source '%s' (%d), literal 'unknown' kept (%d)%n",
                OlistFunnel.UNSPECIFIED,
                plan.leadSources().getOrDefault(OlistFunnel.UNSPECIFIED, 0L),
                plan.leadSources().getOrDefault("unknown", 0L));
        System.out.printf(
                "results     ClickHouse %s, database %s: lead_state, lead_transitions and the"
                        + " funnel views (source = '%s')%n",
                config.clickHouse().url(), db, OlistFunnel.SOURCE);
        System.out.println(
                "example     " + oneLine(ConversionBySource.sql(db, OlistFunnel.SOURCE)));
        System.out.println();
        System.out.printf(
                "leads %d, won %d (%.1f %%); conversion by origin (lead_source):%n",
                conversion.leads(),
                conversion.won(),
                conversion.leads() == 0 ? 0.0 : 100.0 * conversion.won() / conversion.leads());
        System.out.print(conversion.format());
    }

    private static String oneLine(String sql) {
        return sql.replace('\n', ' ');
    }

    private static StreamExecutionEnvironment localEnv(LeadflowConfig config) {
        Configuration flink = LeadflowJob.flinkConfiguration(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        LeadflowJob.applyParallelism(env, config);
        return env;
    }
}

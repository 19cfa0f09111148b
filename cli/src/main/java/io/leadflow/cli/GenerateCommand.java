package io.leadflow.cli;

import io.leadflow.cli.stack.Progress;
import io.leadflow.generator.FeedProgress;
import io.leadflow.generator.GeneratorFeed;
import io.leadflow.generator.LiveFeedSettings;
import io.leadflow.generator.TopicRouting;
import io.leadflow.jobs.config.LeadflowConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./leadflow generate}: the demo's live lead generator alone, feeding the configured Kafka
 * (the generator service of the docker-compose stack). Runs until Ctrl-C or {@code --duration}.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Feeds live generated leads and activities into the Kafka named by kafka.bootstrap"
                    + " (LEADFLOW_KAFKA_BOOTSTRAP), on the job's input topics, until Ctrl-C or"
                    + " --duration."
        })
final class GenerateCommand extends LeadflowCommand {

    @Mixin LiveFeedOptions pace;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        LeadflowConfig config = context().config();
        pace.validate(spec);
        String bootstrap = config.kafka().bootstrap();
        if (!context().env().containsKey("LEADFLOW_KAFKA_BOOTSTRAP")
                && bootstrap.equals(LeadflowConfig.defaults().kafka().bootstrap())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "generate feeds a running Kafka: name it with --kafka.bootstrap=HOST:PORT or"
                            + " LEADFLOW_KAFKA_BOOTSTRAP (./leadflow demo starts one of its own)");
        }
        Progress progress = new Progress();
        LiveFeedSettings live =
                LiveFeedSettings.seededNow(
                        pace.leadsPerSecond,
                        pace.duration,
                        new TopicRouting(
                                config.kafka().leadsTopic(), config.kafka().activitiesTopic()),
                        "gen-");
        try (GeneratorFeed feed = new GeneratorFeed(bootstrap)) {
            Runtime.getRuntime().addShutdownHook(new Thread(feed::stop, "generate-stop"));
            progress.say(
                    "feeding "
                            + pace.leadsPerSecond
                            + " new leads/s into "
                            + bootstrap
                            + " ("
                            + config.kafka().leadsTopic()
                            + ", "
                            + config.kafka().activitiesTopic()
                            + ")");
            long[] lastSaid = {System.nanoTime()};
            FeedProgress done =
                    feed.runLive(
                            live,
                            p -> {
                                if (System.nanoTime() - lastSaid[0] > 30_000_000_000L) {
                                    lastSaid[0] = System.nanoTime();
                                    progress.say(String.format("%,d events sent", p.sent()));
                                }
                            });
            progress.say(String.format("stopped after %,d events", done.sent()));
        }
        return 0;
    }
}

package io.leadflow.cli.stack;

import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.scoring.ScoringModelFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a subcommand runs with: the configuration loaded from defaults, file, environment and flags,
 * the environment and arguments it came from (to tell which servers were named and so must not be
 * started locally), and the data directory of local servers and checkpoints ({@code .leadflow}
 * beside the launcher, or {@code LEADFLOW_DATA_DIR}).
 */
public record LaunchContext(
        LeadflowConfig config, Map<String, String> env, List<String> rawArgs, Path dataDir) {

    /** The same context with another configuration, e.g. one isolated for a benchmark. */
    public LaunchContext withConfig(LeadflowConfig other) {
        return new LaunchContext(other, env, rawArgs, dataDir);
    }

    /**
     * {@code config} with the scoring model of {@code $LEADFLOW_HOME/jobs/<exampleFile>}, unless
     * the configuration names one ({@code scoring.model-file}) or the file is not there.
     */
    public LeadflowConfig withExampleScoring(LeadflowConfig config, String exampleFile) {
        Path example =
                Path.of(env.getOrDefault("LEADFLOW_HOME", "."))
                        .resolve("jobs")
                        .resolve(exampleFile);
        if (config.scoring().on() || !Files.isRegularFile(example)) {
            return config;
        }
        return config.withScoring(ScoringModelFile.read(example.toString()));
    }

    /** The local servers and the configuration of this command, started where needed. */
    public LocalStack open(LeadflowConfig forThisRun, Path dir, boolean needKafka, Progress p) {
        return LocalStack.open(forThisRun, env, rawArgs, dir, needKafka, p);
    }
}

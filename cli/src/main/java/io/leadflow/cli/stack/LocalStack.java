package io.leadflow.cli.stack;

import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.ClickHouseSettings;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.runtime.LocalClickHouse;
import io.leadflow.runtime.LocalKafka;
import io.leadflow.schema.clickhouse.ClickHouseException;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.ConversionWindowsTable;
import io.leadflow.schema.clickhouse.SchemaMigrator;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kafka broker and ClickHouse server a command runs against: the ones named by configuration
 * ({@code LEADFLOW_KAFKA_BOOTSTRAP}, {@code LEADFLOW_CLICKHOUSE_URL}, flags or a config file), or
 * else local ones started under the data directory and stopped on close. Migrations are applied
 * either way, so every command sees the current schema, and the configured conversion windows are
 * written to the {@code conversion_windows} table.
 */
public final class LocalStack implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();
    private final LeadflowConfig config;
    private final ClickHouseHttp clickHouse;
    private final SchemaMigrator.Result migration;
    private final boolean localKafka;
    private final boolean localClickHouse;
    private final List<String> createdTopics;
    private final ClickHouseHttp reader;

    /** Partitions of each input and output topic the stack creates. */
    public static final int PARTITIONS = 2;

    private LocalStack(
            LeadflowConfig config,
            boolean needKafka,
            boolean localKafka,
            boolean localClickHouse,
            String analystPassword,
            List<AutoCloseable> started) {
        this.started.addAll(started);
        this.localKafka = localKafka;
        this.localClickHouse = localClickHouse;
        this.config = config;
        ClickHouseSettings ch = config.clickHouse();
        this.clickHouse =
                new ClickHouseHttp(URI.create(ch.url()), ch.database(), ch.user(), ch.password());
        // The local server has a read-only analyst; a named server is read with readonly=1 on
        // every query, whoever the configured user is.
        this.reader =
                analystPassword == null
                        ? clickHouse.readOnly()
                        : new ClickHouseHttp(
                                URI.create(ch.url()),
                                ch.database(),
                                LocalClickHouse.ANALYST_USER,
                                analystPassword);
        try {
            // A few seconds to say that the server is not there, before anything waits longer.
            clickHouse.checkReachable();
            this.migration = new SchemaMigrator(clickHouse, ch.database()).migrate();
            new ConversionWindowsTable(clickHouse)
                    .sync(config.lifecycle().conversionWindows().days());
        } catch (ClickHouseException e) {
            throw localClickHouse
                    ? new ClickHouseException(
                            e.getMessage()
                                    + " (this is the local server under .leadflow: --clean on"
                                    + " demo, or deleting .leadflow/clickhouse, starts afresh)",
                            e)
                    : e;
        }
        this.createdTopics = needKafka ? createTopics() : List.of();
    }

    /**
     * @param args the raw command-line arguments (to see whether a server was named by flag)
     * @param needKafka false for commands that only talk to ClickHouse
     */
    public static LocalStack open(
            LeadflowConfig config,
            Map<String, String> env,
            List<String> args,
            Path dataDir,
            boolean needKafka,
            Progress progress) {
        LeadflowConfig effective = config;
        List<AutoCloseable> started = new ArrayList<>();
        String analystPassword = null;
        boolean kafkaNamed =
                named(
                        env,
                        args,
                        "LEADFLOW_KAFKA_BOOTSTRAP",
                        "--kafka.bootstrap",
                        "--bootstrap",
                        config.kafka().bootstrap(),
                        LeadflowConfig.defaults().kafka().bootstrap());
        boolean clickHouseNamed =
                named(
                        env,
                        args,
                        "LEADFLOW_CLICKHOUSE_URL",
                        "--clickhouse.url",
                        "--clickhouse",
                        config.clickHouse().url(),
                        LeadflowConfig.defaults().clickHouse().url());
        if (clickHouseNamed) {
            // Seconds to say that a named server is not there, before anything is started.
            ClickHouseSettings ch = config.clickHouse();
            new ClickHouseHttp(URI.create(ch.url()), null, ch.user(), ch.password())
                    .checkReachable();
        }
        try {
            if (needKafka && !kafkaNamed) {
                progress.say(
                        "starting a local Kafka broker (KRaft) in " + dataDir.resolve("kafka"));
                LocalKafka kafka = LocalKafka.start(dataDir.resolve("kafka"));
                started.add(kafka);
                effective = effective.withKafkaBootstrap(kafka.bootstrapServers());
            }
            if (!clickHouseNamed) {
                LocalClickHouse.ensureInstalled(true);
                progress.say("starting a local ClickHouse in " + dataDir.resolve("clickhouse"));
                LocalClickHouse ch =
                        LocalClickHouse.start(
                                dataDir.resolve("clickhouse"), config.clickHouse().database());
                started.add(ch);
                analystPassword = ch.analystPassword();
                effective =
                        effective.withClickHouse(
                                effective
                                        .clickHouse()
                                        .withUrl(ch.httpUrl())
                                        .withCredentials(
                                                LocalClickHouse.WRITER_USER, ch.writerPassword()));
            }
            return new LocalStack(
                    effective,
                    needKafka,
                    needKafka && !kafkaNamed,
                    !clickHouseNamed,
                    analystPassword,
                    started);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    private static boolean named(
            Map<String, String> env,
            List<String> args,
            String envName,
            String flag,
            String alias,
            String value,
            String defaultValue) {
        boolean inArgs =
                args.stream()
                        .anyMatch(
                                a ->
                                        a.equals(flag)
                                                || a.startsWith(flag + "=")
                                                || a.equals(alias)
                                                || a.startsWith(alias + "="));
        return env.containsKey(envName) || inArgs || !value.equals(defaultValue);
    }

    /** Creates the job's topics that do not exist yet: the job itself creates none. */
    private List<String> createTopics() {
        List<String> topics = new ArrayList<>(LeadflowJob.topics(config));
        // The config topic keeps one partition: the latest published rules must win.
        topics.remove(config.kafka().configTopic());
        List<String> created = new ArrayList<>();
        created.addAll(
                LocalKafka.createTopics(
                        config.kafka().bootstrap(), PARTITIONS, topics.toArray(String[]::new)));
        created.addAll(
                LocalKafka.createTopics(
                        config.kafka().bootstrap(), 1, config.kafka().configTopic()));
        return created;
    }

    /** The topics this stack created, because they did not exist. */
    public List<String> createdTopics() {
        return createdTopics;
    }

    /** The configuration with the servers actually in use. */
    public LeadflowConfig config() {
        return config;
    }

    public ClickHouseHttp clickHouse() {
        return clickHouse;
    }

    /** ClickHouse as dashboards read it: the local analyst user, or readonly=1 queries. */
    public ClickHouseHttp reader() {
        return reader;
    }

    public SchemaMigrator.Result migration() {
        return migration;
    }

    public boolean localKafka() {
        return localKafka;
    }

    public boolean localClickHouse() {
        return localClickHouse;
    }

    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("leadflow: while stopping: " + e.getMessage());
            }
        }
    }
}

package io.leadflow.runtime;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one process) run as a child JVM from
 * this JVM's own classpath, so the demo launcher and the tests need neither Docker nor a Kafka
 * download. Its config, logs and data live in one work directory; a directory that was used before
 * is started again with its topics and records, on the same ports while they are free. It listens
 * on 127.0.0.1 only, creates no topics by itself, and gives new topics two partitions unless asked
 * otherwise.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path workDir;
    private final WorkDirLock lock;
    private final ChildProcess process;
    private final String bootstrapServers;

    private LocalKafka(
            Path workDir, WorkDirLock lock, ChildProcess process, String bootstrapServers) {
        this.workDir = workDir;
        this.lock = lock;
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker on {@code workDir}, formatting its storage on first use, and waits until an
     * admin client can describe the cluster.
     *
     * @throws IllegalStateException if formatting fails, or the broker exits or is not ready within
     *     60 s; the message then carries the end of its log
     */
    public static LocalKafka start(Path workDir) {
        Path dir = workDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka work directory " + dir, e);
        }
        WorkDirLock lock = WorkDirLock.acquire(dir, "Kafka broker");
        try {
            return startLocked(dir, lock);
        } catch (IOException e) {
            lock.close();
            throw new UncheckedIOException("cannot prepare Kafka work directory " + dir, e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static LocalKafka startLocked(Path dir, WorkDirLock lock) throws IOException {
        Path logs = dir.resolve("logs");
        Path data = dir.resolve("data");
        Files.createDirectories(logs);
        Files.createDirectories(data);
        Map<String, Integer> ports =
                new PortFile(dir.resolve("ports.properties"))
                        .assign(List.of("broker", "controller"), false);
        int brokerPort = ports.get("broker");
        Path serverProperties = dir.resolve("server.properties");
        writeServerProperties(serverProperties, data, brokerPort, ports.get("controller"));
        Path log4j = dir.resolve("log4j2.properties");
        writeLog4j(log4j, logs.resolve("broker.log"));

        long started = System.nanoTime();
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(dir, log4j, serverProperties, logs.resolve("format.log"));
        }
        ChildProcess child =
                ChildProcess.start(
                        "kafka-broker",
                        javaCommand(
                                dir.resolve("broker.args"),
                                log4j,
                                List.of("-Xmx1g", "-Xms256m", "-XX:+UseG1GC"),
                                "kafka.Kafka",
                                serverProperties.toString()),
                        dir,
                        logs.resolve("broker.out"),
                        STOP_GRACE,
                        List.of(logs.resolve("broker.log")));
        String bootstrap = "127.0.0.1:" + brokerPort;
        try {
            awaitReady(child, brokerPort, bootstrap);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
        LOG.info(
                "Kafka started in {} ms: {}, dir {}",
                (System.nanoTime() - started) / 1_000_000,
                bootstrap,
                dir);
        return new LocalKafka(dir, lock, child, bootstrap);
    }

    /** The {@code bootstrap.servers} value for clients, for example {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * Creates the topics that do not exist yet, each with {@code partitions} partitions and one
     * replica; topics that already exist are left as they are, whatever their partition count.
     */
    public List<String> createTopics(int partitions, String... names) {
        return createTopics(bootstrapServers, partitions, names);
    }

    /**
     * Creates the topics that do not exist yet on the cluster at {@code bootstrapServers}, each
     * with {@code partitions} partitions and one replica. Works against any cluster, not only a
     * local one, for callers that were given an existing broker.
     *
     * @return the topics it created; those that existed are left as they were
     */
    public static List<String> createTopics(
            String bootstrapServers, int partitions, String... names) {
        List<NewTopic> topics =
                Arrays.stream(names)
                        .map(name -> new NewTopic(name, partitions, (short) 1))
                        .toList();
        List<String> created = new java.util.ArrayList<>();
        try (Admin admin = admin(bootstrapServers)) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + result.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + bootstrapServers + " did not create topics in time", e);
        }
        LOG.debug("topics present: {}", String.join(", ", names));
        return created.stream().sorted().toList();
    }

    /** Stops the broker: SIGTERM, and a kill if it is still running after 15 s. */
    @Override
    public void close() {
        process.close();
        lock.close();
        LOG.info("Kafka on {} stopped", bootstrapServers);
    }

    private static void writeServerProperties(
            Path file, Path data, int brokerPort, int controllerPort) throws IOException {
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.setProperty(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty(
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", data.toString());
        props.setProperty("num.partitions", "2");
        // Topics are part of the schema: a typo in a topic name must fail, not create a topic.
        props.setProperty("auto.create.topics.enable", "false");
        // One node: the internal topics cannot have more replicas than brokers.
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "4");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "4");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Nobody else joins a local consumer group; waiting 3 s for them only slows tests.
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "Written by leadflow at every start; edits are overwritten.");
        }
    }

    private static void writeLog4j(Path file, Path brokerLog) throws IOException {
        // Kafka 4 logs through Log4j 2. Its INFO output is several thousand lines per start, so
        // only warnings are kept, in a file rather than on the console of the demo or the build.
        String config =
                """
                status = error
                appender.file.type = File
                appender.file.name = file
                appender.file.fileName = %s
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = [%%d] %%p %%m (%%c)%%n
                rootLogger.level = WARN
                rootLogger.appenderRef.file.ref = file
                """
                        .formatted(brokerLog.toString().replace("\\", "\\\\"));
        Files.writeString(file, config, StandardCharsets.UTF_8);
    }

    private static void format(Path dir, Path log4j, Path serverProperties, Path output) {
        List<String> command =
                javaCommand(
                        dir.resolve("format.args"),
                        log4j,
                        List.of("-Xmx256m"),
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        serverProperties.toString());
        try (ChildProcess formatter =
                ChildProcess.start(
                        "kafka-storage-format", command, dir, output, STOP_GRACE, List.of())) {
            OptionalInt exit = formatter.awaitExit(START_TIMEOUT);
            if (exit.isEmpty() || exit.getAsInt() != 0) {
                throw new IllegalStateException(
                        "formatting Kafka storage failed: " + formatter.failureReport(30));
            }
        }
    }

    /**
     * A command running {@code mainClass} in a JVM like this one, with this JVM's classpath. The
     * arguments go into an argument file because a Flink and Kafka classpath can exceed the length
     * the kernel allows for one command-line argument.
     */
    private static List<String> javaCommand(
            Path argFile, Path log4j, List<String> jvmOptions, String mainClass, String... args) {
        List<String> jvmArgs = new ArrayList<>(jvmOptions);
        jvmArgs.add("-Djava.awt.headless=true");
        jvmArgs.add("-Dlog4j2.configurationFile=" + log4j);
        jvmArgs.add("-cp");
        jvmArgs.add(System.getProperty("java.class.path"));
        jvmArgs.add(mainClass);
        jvmArgs.addAll(List.of(args));
        String content =
                jvmArgs.stream()
                        .map(arg -> '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                        .collect(Collectors.joining("\n", "", "\n"));
        try {
            Files.writeString(argFile, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + argFile, e);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(), "@" + argFile);
    }

    private static void awaitReady(ChildProcess child, int brokerPort, String bootstrap) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // Waiting for the port first keeps the admin client from logging a warning per refused
        // connection while the JVM starts.
        while (!accepts(brokerPort)) {
            checkAlive(child, deadline);
            sleep(Duration.ofMillis(100));
        }
        try (Admin admin = admin(bootstrap)) {
            while (true) {
                checkAlive(child, deadline);
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException notReadyYet) {
                    sleep(Duration.ofMillis(100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
        }
    }

    private static void checkAlive(ChildProcess child, long deadline) {
        if (!child.isAlive()) {
            throw new IllegalStateException(
                    "Kafka broker exited during start: " + child.failureReport(40));
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                    "Kafka broker not ready within "
                            + START_TIMEOUT.toSeconds()
                            + " s: "
                            + child.failureReport(40));
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(props);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }
}

package io.leadflow.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ClickHouse server run as a child process from the locally installed binary, with its config,
 * data and logs all inside one work directory, for the demo launcher and the tests. It listens on
 * 127.0.0.1 only, on ports chosen free at start (kept across restarts on the same directory while
 * they stay free), and has two users, both reachable from loopback only: {@code default}, the
 * pipeline's writer, and {@code analyst} for dashboards and ad-hoc reads. Each has a password
 * generated on first start and kept in the work directory (readable by its owner only). The analyst
 * is read-only in fact: {@code readonly=1} (no writes, no DDL, no settings changed, so its memory
 * and time limits stay as set; no table functions such as {@code url()} or {@code remote()}; it can
 * kill only its own queries) and access to one database. The config is written in the {@code
 * <yandex>} format that both the Debian 18.16 package and current servers read. Data written by one
 * run is there in the next run on the same directory.
 */
public final class LocalClickHouse implements AutoCloseable {

    /** The read-only user, as opposed to {@link #WRITER_USER}. */
    public static final String ANALYST_USER = "analyst";

    /** The user the pipeline writes as. */
    public static final String WRITER_USER = "default";

    /** The database the analyst may read unless another is named at start. */
    public static final String DEFAULT_DATABASE = "leadflow";

    /** What one analyst query may use; readonly=1 keeps the analyst from lifting them. */
    static final long ANALYST_MAX_MEMORY_BYTES = 4_000_000_000L;

    static final int ANALYST_MAX_EXECUTION_SECONDS = 120;

    private static final Logger LOG = LoggerFactory.getLogger(LocalClickHouse.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final List<String> SEARCH_FALLBACK =
            List.of("/usr/sbin", "/usr/bin", "/usr/local/bin");

    private final Path workDir;
    private final WorkDirLock lock;
    private final ChildProcess process;
    private final int httpPort;
    private final int tcpPort;
    private final String writerPassword;
    private final String analystPassword;

    private LocalClickHouse(
            Path workDir,
            WorkDirLock lock,
            ChildProcess process,
            int httpPort,
            int tcpPort,
            String writerPassword,
            String analystPassword) {
        this.workDir = workDir;
        this.lock = lock;
        this.process = process;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
        this.writerPassword = writerPassword;
        this.analystPassword = analystPassword;
    }

    /**
     * Starts a server on {@code workDir}, creating it if needed, whose analyst reads the {@code
     * leadflow} database.
     */
    public static LocalClickHouse start(Path workDir) {
        return start(workDir, DEFAULT_DATABASE);
    }

    /**
     * Starts a server on {@code workDir} whose analyst may read {@code analystDatabase} (and
     * nothing else but what 18.16 opens to every user, the {@code system} database), and waits
     * until it answers {@code /ping}. The passwords are the ones used last time on this directory,
     * or new random ones.
     *
     * @throws IllegalStateException if ClickHouse is not installed, or the server exits or does not
     *     answer within 30 s; the message then carries the end of its error log
     */
    public static LocalClickHouse start(Path workDir, String analystDatabase) {
        if (!analystDatabase.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "not a ClickHouse database name: '" + analystDatabase + "'");
        }
        Path binary = ensureInstalled(false);
        Path dir = workDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ClickHouse work directory " + dir, e);
        }
        WorkDirLock lock = WorkDirLock.acquire(dir, "ClickHouse server");
        try {
            return startLocked(binary, dir, lock, analystDatabase);
        } catch (IOException e) {
            lock.close();
            throw new UncheckedIOException("cannot prepare ClickHouse work directory " + dir, e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static LocalClickHouse startLocked(
            Path binary, Path dir, WorkDirLock lock, String analystDatabase) throws IOException {
        for (String sub : List.of("data", "tmp", "user_files", "format_schemas", "logs")) {
            Files.createDirectories(dir.resolve(sub));
        }
        String writerPassword = storedPassword(dir.resolve("writer.password"));
        String analystPassword = storedPassword(dir.resolve("analyst.password"));
        writeUsers(dir.resolve("users.xml"), writerPassword, analystPassword, analystDatabase);
        PortFile portFile = new PortFile(dir.resolve("ports.properties"));
        for (int attempt = 1; ; attempt++) {
            Map<String, Integer> ports = portFile.assign(List.of("http", "tcp"), attempt > 1);
            int http = ports.get("http");
            int tcp = ports.get("tcp");
            writeConfig(dir, http, tcp);
            long started = System.nanoTime();
            ChildProcess child = launch(binary, dir);
            try {
                awaitPing(child, http);
            } catch (RuntimeException e) {
                child.close();
                // Another process can grab a port between our probe and the server's bind.
                if (attempt < START_ATTEMPTS && child.logged("Address already in use")) {
                    LOG.info("ClickHouse port taken meanwhile, retrying with new ports");
                    continue;
                }
                throw e;
            }
            LOG.info(
                    "ClickHouse started in {} ms: http://127.0.0.1:{}, tcp {}, dir {}",
                    (System.nanoTime() - started) / 1_000_000,
                    http,
                    tcp,
                    dir);
            return new LocalClickHouse(
                    dir, lock, child, http, tcp, writerPassword, analystPassword);
        }
    }

    /** The HTTP interface, for example {@code http://127.0.0.1:8123}, without trailing slash. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The native protocol port, for {@code clickhouse-client --port}. */
    public int tcpPort() {
        return tcpPort;
    }

    /** The password of {@link #ANALYST_USER}. */
    public String analystPassword() {
        return analystPassword;
    }

    /** The password of {@link #WRITER_USER}, a secret: never print it. */
    public String writerPassword() {
        return writerPassword;
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * Kills the server with SIGKILL, as a crash would; {@link #start} on the same directory
     * recovers.
     */
    public void kill() {
        process.kill();
        lock.close();
        LOG.info("ClickHouse on port {} killed", httpPort);
    }

    /** Stops the server: SIGTERM, and a kill if it is still running after 10 s. */
    @Override
    public void close() {
        process.close();
        lock.close();
        LOG.info("ClickHouse on port {} stopped", httpPort);
    }

    /**
     * Looks for {@code clickhouse-server}, then the single {@code clickhouse} binary, on the PATH
     * and then in /usr/sbin, /usr/bin and /usr/local/bin: the Debian package puts the server in
     * /usr/sbin, which an ordinary user's PATH often lacks.
     */
    public static Optional<Path> findServerBinary() {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(SEARCH_FALLBACK);
        for (String name : List.of("clickhouse-server", "clickhouse")) {
            for (String dir : dirs) {
                if (dir.isBlank()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the server binary, installing the Debian packages first when it is missing, {@code
     * allowInstall} is set, this process runs as root and apt-get exists; apt's progress goes to
     * this process's stdout and stderr.
     *
     * @throws IllegalStateException when the binary is missing and cannot be installed here; the
     *     message says what to install, or how to use an existing server instead
     */
    public static Path ensureInstalled(boolean allowInstall) {
        Optional<Path> found = findServerBinary();
        if (found.isPresent()) {
            return found.get();
        }
        Optional<Path> aptGet = onPath("apt-get");
        if (allowInstall && aptGet.isPresent() && isRoot()) {
            LOG.info("ClickHouse not found, installing clickhouse-server with apt-get");
            runApt(aptGet.get(), "update");
            runApt(aptGet.get(), "install", "-y", "clickhouse-server", "clickhouse-client");
            return findServerBinary()
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "apt-get installed clickhouse-server but no"
                                                    + " clickhouse-server binary was found"));
        }
        String install =
                aptGet.isPresent()
                        ? "install it with: sudo apt-get install clickhouse-server"
                                + " clickhouse-client"
                        : "install ClickHouse (https://clickhouse.com/docs/en/install) so that"
                                + " clickhouse-server or clickhouse is on the PATH";
        throw new IllegalStateException(
                "ClickHouse server not found (looked for clickhouse-server and clickhouse on the"
                        + " PATH and in /usr/sbin, /usr/bin, /usr/local/bin). Either "
                        + install
                        + ", or use a running server by setting LEADFLOW_CLICKHOUSE_URL (e.g."
                        + " http://127.0.0.1:8123) and, if needed, LEADFLOW_CLICKHOUSE_USER and"
                        + " LEADFLOW_CLICKHOUSE_PASSWORD.");
    }

    private static ChildProcess launch(Path binary, Path dir) {
        String configArg = "--config-file=" + dir.resolve("config.xml");
        List<String> command =
                binary.getFileName().toString().equals("clickhouse")
                        ? List.of(binary.toString(), "server", configArg)
                        : List.of(binary.toString(), configArg);
        Path logs = dir.resolve("logs");
        return ChildProcess.start(
                "clickhouse-server",
                command,
                dir,
                logs.resolve("stdout.log"),
                STOP_GRACE,
                List.of(logs.resolve("clickhouse-server.err.log")));
    }

    private static void awaitPing(ChildProcess child, int httpPort) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answersPing(httpPort)) {
            if (!child.isAlive()) {
                throw new IllegalStateException(
                        "ClickHouse server exited during start: " + child.failureReport(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "ClickHouse did not answer /ping on port "
                                + httpPort
                                + " within "
                                + START_TIMEOUT.toSeconds()
                                + " s: "
                                + child.failureReport(30));
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /**
     * Asks {@code /ping} over HTTP/1.0 on a plain socket. An idle keep-alive connection, as
     * java.net.http would leave in its pool, makes the server's shutdown wait for it to time out;
     * HTTP/1.0 has the server close the connection after answering.
     */
    private static boolean answersPing(int httpPort) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream()
                    .write(
                            "GET /ping HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
            String response =
                    new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return response.startsWith("HTTP/1.") && response.strip().endsWith("\r\n\r\nOk.");
        } catch (IOException notReadyYet) {
            return false;
        }
    }

    private static void writeConfig(Path dir, int httpPort, int tcpPort) throws IOException {
        Path logs = dir.resolve("logs");
        // 18.16 wants the trailing slash on directory paths. No interserver_http_port: it is only
        // for replication, and leaving it out keeps a third port from being opened.
        String config =
                """
                <?xml version="1.0"?>
                <!-- Written by leadflow at every start; edits are overwritten. -->
                <yandex>
                    <logger>
                        <level>warning</level>
                        <log>%s</log>
                        <errorlog>%s</errorlog>
                        <size>50M</size>
                        <count>3</count>
                    </logger>
                    <listen_host>127.0.0.1</listen_host>
                    <http_port>%d</http_port>
                    <tcp_port>%d</tcp_port>
                    <path>%s/</path>
                    <tmp_path>%s/</tmp_path>
                    <user_files_path>%s/</user_files_path>
                    <format_schema_path>%s/</format_schema_path>
                    <users_config>users.xml</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <!-- Production containers run in UTC; DateTime text must read the same here. -->
                    <timezone>UTC</timezone>
                    <!-- The packaged defaults (5 GB, 8 GB) are sized for a dedicated machine. -->
                    <mark_cache_size>268435456</mark_cache_size>
                    <uncompressed_cache_size>268435456</uncompressed_cache_size>
                    <max_concurrent_queries>100</max_concurrent_queries>
                    <!-- On SIGTERM the server waits for idle keep-alive connections to time out;
                         18.16's built-in 10 s would make every stop take that long. -->
                    <keep_alive_timeout>3</keep_alive_timeout>
                </yandex>
                """
                        .formatted(
                                xml(logs.resolve("clickhouse-server.log")),
                                xml(logs.resolve("clickhouse-server.err.log")),
                                httpPort,
                                tcpPort,
                                xml(dir.resolve("data")),
                                xml(dir.resolve("tmp")),
                                xml(dir.resolve("user_files")),
                                xml(dir.resolve("format_schemas")));
        Files.writeString(dir.resolve("config.xml"), config, StandardCharsets.UTF_8);
    }

    private static void writeUsers(
            Path file, String writerPassword, String analystPassword, String analystDatabase)
            throws IOException {
        // LowCardinality is still experimental in 18.16 and a per-session SET would serialize
        // writers, so the writer profile enables it. readonly=1 is what makes the analyst
        // read-only in fact: 2 would let it lift its own memory and time limits, and call
        // url(), file() and remote() (the last with the writer's credentials). Passwords are
        // stored hashed; both users are reachable from loopback only, whatever listen_host says.
        String users =
                """
                <?xml version="1.0"?>
                <!-- Written by leadflow at every start; edits are overwritten. -->
                <yandex>
                    <profiles>
                        <default>
                            <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>
                        </default>
                        <analyst>
                            <readonly>1</readonly>
                            <max_memory_usage>%d</max_memory_usage>
                            <max_execution_time>%d</max_execution_time>
                            <max_concurrent_queries_for_user>16</max_concurrent_queries_for_user>
                        </analyst>
                    </profiles>
                    <users>
                        <default>
                            <password_sha256_hex>%s</password_sha256_hex>
                            <networks>
                                <ip>127.0.0.1</ip>
                                <ip>::1</ip>
                            </networks>
                            <profile>default</profile>
                            <quota>default</quota>
                        </default>
                        <analyst>
                            <password_sha256_hex>%s</password_sha256_hex>
                            <networks>
                                <ip>127.0.0.1</ip>
                                <ip>::1</ip>
                            </networks>
                            <profile>analyst</profile>
                            <quota>default</quota>
                            <allow_databases>
                                <database>%s</database>
                            </allow_databases>
                        </analyst>
                    </users>
                    <quotas>
                        <default>
                            <interval>
                                <duration>3600</duration>
                                <queries>0</queries>
                                <errors>0</errors>
                                <result_rows>0</result_rows>
                                <read_rows>0</read_rows>
                                <execution_time>0</execution_time>
                            </interval>
                        </default>
                    </quotas>
                </yandex>
                """
                        .formatted(
                                ANALYST_MAX_MEMORY_BYTES,
                                ANALYST_MAX_EXECUTION_SECONDS,
                                sha256Hex(writerPassword),
                                sha256Hex(analystPassword),
                                analystDatabase);
        Files.writeString(file, users, StandardCharsets.UTF_8);
    }

    /**
     * The password kept in {@code file} by an earlier run, or a new one kept there for later. The
     * file is readable by its owner only from the first byte: it is written to a temporary file
     * created with those permissions and moved into place, and a file left by an older build is
     * tightened.
     */
    private static String storedPassword(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            ownerOnly(file);
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!stored.isEmpty()) {
                return stored;
            }
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path temp;
        try {
            temp =
                    Files.createTempFile(
                            file.getParent(),
                            ".password",
                            ".tmp",
                            PosixFilePermissions.asFileAttribute(
                                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems have no such permissions; the directory is the owner's.
            temp = Files.createTempFile(file.getParent(), ".password", ".tmp");
        }
        Files.writeString(temp, password + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return password;
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // as above
        }
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String xml(Path path) {
        return path.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isBlank() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isRoot() {
        try {
            // /proc/self belongs to the effective user of this process.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void runApt(Path aptGet, String... args) {
        List<String> command = new ArrayList<>();
        command.add(aptGet.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try {
            int exit = builder.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed with exit code " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for ClickHouse", e);
        }
    }
}

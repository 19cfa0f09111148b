package io.leadflow.schema.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Applies the versioned ClickHouse migrations shipped in {@code schemas/clickhouse} to one
 * database, recording each in a {@code schema_migrations} table. Re-running is safe: applied
 * versions are skipped, and every statement is itself idempotent ({@code IF NOT EXISTS}), so a run
 * interrupted half-way completes on the next attempt. A migration edited after it was applied is
 * refused, because the database would silently differ from the files.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final String RESOURCE_DIR = "leadflow/clickhouse";
    private static final Pattern ADD_COLUMN =
            Pattern.compile(
                    "\\s*ALTER\\s+TABLE\\s+(\\w+)\\s+ADD\\s+COLUMN\\s+(\\w+)\\s",
                    Pattern.CASE_INSENSITIVE);

    /** What a run did. */
    public record Result(List<Migration> applied, List<Migration> skipped) {}

    private final ClickHouseHttp server;
    private final String database;

    /**
     * @param server credentials of a user allowed to create tables
     */
    public SchemaMigrator(ClickHouseHttp server, String database) {
        this.server = server.withDatabase(null);
        this.database = database;
        ClickHouseHttp.identifier(database);
    }

    public Result migrate() {
        return migrate(bundled());
    }

    public Result migrate(List<Migration> migrations) {
        server.execute("CREATE DATABASE IF NOT EXISTS " + ClickHouseHttp.identifier(database));
        ClickHouseHttp db = server.withDatabase(database);
        db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String,"
                        + " checksum String, applied_at DateTime('UTC'))"
                        + " ENGINE = ReplacingMergeTree() ORDER BY version");
        Map<Integer, String> appliedChecksums = new HashMap<>();
        for (JsonNode row : db.query("SELECT version, checksum FROM schema_migrations FINAL")) {
            appliedChecksums.put(row.get("version").asInt(), row.get("checksum").asText());
        }
        List<Migration> applied = new ArrayList<>();
        List<Migration> skipped = new ArrayList<>();
        for (Migration m : migrations) {
            String known = appliedChecksums.get(m.version());
            if (known != null) {
                if (!known.equals(m.checksum())) {
                    throw new ClickHouseException(
                            String.format(
                                    "migration V%03d__%s was changed after it was applied to"
                                            + " database %s; add a new migration instead of"
                                            + " editing an applied one",
                                    m.version(), m.name(), database));
                }
                skipped.add(m);
                continue;
            }
            for (String statement : StatementSplitter.split(m.sql())) {
                if (!addsAnExistingColumn(db, statement)) {
                    db.execute(statement);
                }
            }
            db.execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ("
                            + m.version()
                            + ", "
                            + ClickHouseHttp.quote(m.name())
                            + ", "
                            + ClickHouseHttp.quote(m.checksum())
                            + ", now())");
            LOG.info("applied migration V{}__{} to {}", m.version(), m.name(), database);
            applied.add(m);
        }
        return new Result(applied, skipped);
    }

    /**
     * Whether {@code statement} is an {@code ALTER TABLE t ADD COLUMN c} whose column exists:
     * ClickHouse 18.16 has no {@code ADD COLUMN IF NOT EXISTS}, and a run that stopped half-way
     * through a migration must be able to run it again.
     */
    private boolean addsAnExistingColumn(ClickHouseHttp db, String statement) {
        Matcher add = ADD_COLUMN.matcher(statement);
        if (!add.lookingAt()) {
            return false;
        }
        return db.queryLong(
                        "SELECT count() FROM system.columns WHERE database = "
                                + ClickHouseHttp.quote(database)
                                + " AND table = "
                                + ClickHouseHttp.quote(add.group(1))
                                + " AND name = "
                                + ClickHouseHttp.quote(add.group(2)))
                > 0;
    }

    /** The migrations packaged with this build, in version order. */
    public static List<Migration> bundled() {
        URL dir = SchemaMigrator.class.getClassLoader().getResource(RESOURCE_DIR);
        if (dir == null) {
            throw new IllegalStateException(RESOURCE_DIR + " is missing from the classpath");
        }
        try {
            URI uri = dir.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(jar.getPath(RESOURCE_DIR));
                } catch (FileSystemAlreadyExistsException e) {
                    return read(FileSystems.getFileSystem(uri).getPath(RESOURCE_DIR));
                }
            }
            return read(Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot list migrations in " + dir, e);
        }
    }

    private static List<Migration> read(Path dir) throws IOException {
        List<Migration> migrations = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (Migration.isMigrationFile(name)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        migrations.add(
                                Migration.of(
                                        name,
                                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new IllegalStateException(
                        "two migrations share version " + migrations.get(i).version());
            }
        }
        return migrations;
    }
}

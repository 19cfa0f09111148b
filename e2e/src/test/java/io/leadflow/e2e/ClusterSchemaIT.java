package io.leadflow.e2e;

import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.schema.clickhouse.ClickHouseException;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.ClusterSchema;
import io.leadflow.schema.clickhouse.SchemaMigrator;
import io.leadflow.schema.clickhouse.StatementSplitter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped cluster variant of the schema ({@code schemas/clickhouse-cluster}) is what the
 * migrations derive today, and every statement of it parses on 18.16, whose engines include the
 * Replicated ones. A one-node test server has no cluster, macros or ZooKeeper, so a statement may
 * be refused for those, never as a syntax error.
 */
@ExtendWith(ClickHouseExtension.class)
class ClusterSchemaIT {

    private static final int SYNTAX_ERROR = 62;

    @Test
    void theShippedVariantIsDerivedFromTheMigrationsAndParses(ClickHouseServer clickHouse)
            throws Exception {
        String database = clickHouse.freshDatabase("cluster");
        ClickHouseHttp ch = clickHouse.client(database);
        new SchemaMigrator(ch, database).migrate();

        String derived = ClusterSchema.script(ch, database, "leadflow");
        Path shipped = Path.of("..", "schemas", "clickhouse-cluster", "leadflow-cluster.sql");
        assertThat(Files.readString(shipped))
                .as(
                        "schemas/clickhouse-cluster is stale: regenerate it with ./leadflow migrate"
                                + " --cluster-ddl leadflow > "
                                + shipped)
                .isEqualTo(derived);

        List<String> statements = StatementSplitter.split(derived);
        assertThat(statements).hasSizeGreaterThan(60);
        List<String> syntaxErrors = new ArrayList<>();
        int refusedForTheCluster = 0;
        for (String statement : statements) {
            try {
                ch.execute(statement);
            } catch (ClickHouseException e) {
                if (e.getMessage().contains("Code: " + SYNTAX_ERROR + ",")) {
                    syntaxErrors.add(e.getMessage());
                } else {
                    refusedForTheCluster++;
                }
            }
        }
        assertThat(syntaxErrors).isEmpty();
        // The DDL statements name a cluster the test server does not have.
        assertThat(refusedForTheCluster).isGreaterThan(60);
    }
}

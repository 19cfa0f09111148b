package io.leadflow.e2e;

import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SQL example of the analysts' page ({@code schemas/README.md}) runs against a real
 * ClickHouse filled by the real pipeline, so the documentation cannot drift from the schema.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class AnalystQueriesIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyDocumentedQueryRunsOnRealData(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path dir) throws Exception {
        List<String> queries = documentedQueries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(8);

        // The example alerting rules and scoring model, so the SLA, hot-lead and score examples
        // have rows to show; this also proves the example files read.
        TestPipelines.Run run = TestPipelines.exampleRun(kafka, clickHouse, dir, "doc", 1_500);
        // As the analyst's profile allows: readonly=1, no settings, no table functions.
        ClickHouseHttp ch = run.clickHouse().readOnly();

        List<String> failures = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (String sql : queries) {
            try {
                if (ch.query(sql).isEmpty()) {
                    empty.add(sql);
                }
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).as("documented queries that fail").isEmpty();
        assertThat(empty)
                .as("documented queries without data (only the late-events example may be)")
                .allMatch(sql -> sql.contains("late_events"));
    }

    private static List<String> documentedQueries() throws IOException {
        Path doc = Path.of("..", "schemas", "README.md");
        Matcher m = SQL_BLOCK.matcher(Files.readString(doc));
        List<String> queries = new ArrayList<>();
        while (m.find()) {
            queries.add(m.group(1).strip());
        }
        return queries;
    }
}

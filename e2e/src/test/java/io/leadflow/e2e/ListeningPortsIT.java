package io.leadflow.e2e;

import io.leadflow.dashboards.DashboardQueries;
import io.leadflow.dashboards.DashboardServer;
import io.leadflow.dashboards.GrafanaDashboard;
import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.e2e.testing.ListeningSockets;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.runtime.FreePorts;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing listens beyond loopback unless configured: with the demo's setup running (a Kafka broker
 * and ClickHouse server started here, the job on a local Flink cluster with its web UI, the
 * built-in dashboard on the same bind address as the demo gives it), every listening socket of this
 * process and its children is bound to a loopback address, and the web UI can neither take nor run
 * a jar, nor shows a cancel button.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class ListeningPortsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theDemoSetupListensOnLoopbackOnlyAndItsWebUiIsReadOnly(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path dir) throws Exception {
        TestPipelines.Run run = TestPipelines.create(kafka, clickHouse, dir, "ports");
        int uiPort = FreePorts.freePort();
        Configuration flink = LeadflowJob.flinkConfiguration(run.config());
        flink.set(RestOptions.PORT, uiPort);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        LeadflowJob.build(env, run.config(), false);
        JobClient job = env.executeAsync("ports");
        HttpClient http = HttpClient.newHttpClient();
        String ui = "http://127.0.0.1:" + uiPort;
        try (DashboardServer dashboard =
                DashboardServer.start(
                        new DashboardQueries(
                                run.clickHouse().readOnly(),
                                GrafanaDashboard.packaged(GrafanaDashboard.FUNNEL)),
                        run.config().job().uiBindAddress(),
                        0)) {
            assertThat(
                            TestPipelines.await(
                                    () ->
                                            get(http, ui + "/jobs/" + job.getJobID())
                                                    .contains("RUNNING"),
                                    60))
                    .isTrue();

            List<ListeningSockets.Socket> sockets = ListeningSockets.ofThisProcessTree();
            assertThat(sockets)
                    .as("the web UI, the dashboard, the broker, ClickHouse: all found")
                    .extracting(ListeningSockets.Socket::port)
                    .contains(uiPort, dashboard.port(), URI.create(clickHouse.httpUrl()).getPort());
            assertThat(sockets)
                    .as("listening beyond loopback")
                    .filteredOn(s -> !s.loopbackOnly())
                    .isEmpty();

            JsonNode features = JSON.readTree(get(http, ui + "/config")).get("features");
            assertThat(features.get("web-submit").asBoolean()).isFalse();
            assertThat(features.get("web-cancel").asBoolean()).isFalse();
            HttpResponse<String> upload =
                    http.send(
                            HttpRequest.newBuilder(URI.create(ui + "/jars/upload"))
                                    .POST(HttpRequest.BodyPublishers.ofString("x"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).as("jar upload").isGreaterThanOrEqualTo(400);
            // Flink has no switch for the REST API's cancel and savepoint endpoints (web-cancel
            // only hides the button); running code is what must be impossible.
            assertThat(get(http, ui + "/jars")).contains("Unable to load requested file /jars");
            HttpResponse<String> runJar =
                    http.send(
                            HttpRequest.newBuilder(URI.create(ui + "/jars/x.jar/run"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(runJar.statusCode())
                    .as("running an uploaded jar")
                    .isGreaterThanOrEqualTo(400);
            Thread.sleep(1_000);
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS).toString())
                    .isEqualTo("RUNNING");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static String get(HttpClient http, String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url)).GET().build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

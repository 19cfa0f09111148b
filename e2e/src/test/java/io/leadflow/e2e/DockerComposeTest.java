package io.leadflow.e2e;

import io.leadflow.jobs.config.ConfigLoader;
import io.leadflow.jobs.config.LeadflowConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} without Docker: Debian's {@code docker-compose config} validates and
 * resolves it with {@code .env.example}, and the resolved file is checked against the build: images
 * pinned to the versions the code is built and tested with, every bind-mounted file present (the
 * jars because the build made them before this test), every leadflow setting a service is given one
 * the job knows, secrets only from the environment file, ports on loopback.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static JsonNode resolved;

    @BeforeAll
    static void resolve() throws Exception {
        Process p =
                new ProcessBuilder(
                                "docker-compose",
                                "-f",
                                "docker-compose.yml",
                                "--env-file",
                                ".env.example",
                                "config")
                        .directory(ROOT.toFile())
                        .redirectErrorStream(false)
                        .start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docker-compose config: " + err).isZero();
        assertThat(err)
                .as("docker-compose warnings (an unset variable, say)")
                .doesNotContain("WARNING");
        resolved = new ObjectMapper(new YAMLFactory()).readTree(out);
    }

    @Test
    void theStackHasEveryServiceTheDesignNames() {
        List<String> services = new ArrayList<>();
        resolved.path("services").fieldNames().forEachRemaining(services::add);
        assertThat(services)
                .contains(
                        "kafka",
                        "clickhouse",
                        "migrate",
                        "jobmanager",
                        "taskmanager",
                        "grafana",
                        "dashboard",
                        "generator");
        JsonNode tm = resolved.path("services").path("taskmanager");
        assertThat(tm.has("container_name")).as("a scalable service has no fixed name").isFalse();
        assertThat(tm.has("ports")).as("a scalable service publishes no port").isFalse();
        assertThat(resolved.path("services").path("jobmanager").path("command").toString())
                .contains("standalone-job");
        for (String s : List.of("kafka", "clickhouse", "jobmanager", "grafana", "dashboard")) {
            assertThat(resolved.path("services").path(s).has("healthcheck")).as(s).isTrue();
        }
    }

    @Test
    void imagesArePinnedToTheVersionsTheBuildUses() throws IOException {
        Properties versions = pomProperties();
        Map<String, String> images = new HashMap<>();
        resolved.path("services")
                .fields()
                .forEachRemaining(e -> images.put(e.getKey(), e.getValue().path("image").asText()));
        images.forEach(
                (service, image) -> {
                    assertThat(image).as(service).contains(":").doesNotEndWith(":latest");
                });
        assertThat(images.get("kafka"))
                .isEqualTo("apache/kafka:" + versions.getProperty("kafka.version"));
        String flink = versions.getProperty("flink.version");
        String flinkMinor = flink.substring(0, flink.lastIndexOf('.'));
        assertThat(images.get("jobmanager")).isEqualTo("flink:" + flinkMinor + "-java17");
        assertThat(images.get("taskmanager")).isEqualTo(images.get("jobmanager"));
        assertThat(images.get("clickhouse")).startsWith("clickhouse/clickhouse-server:");
        assertThat(images.get("grafana")).startsWith("grafana/grafana:");
    }

    @Test
    void everyMountedFileExistsOrIsBuilt() {
        List<String> missing = new ArrayList<>();
        resolved.path("services")
                .fields()
                .forEachRemaining(
                        e -> {
                            for (JsonNode v : e.getValue().path("volumes")) {
                                String source = v.asText().split(":")[0];
                                if (source.startsWith("/") && !Files.exists(Path.of(source))) {
                                    missing.add(e.getKey() + ": " + source);
                                }
                            }
                        });
        assertThat(missing).isEmpty();
        // The job jar holds the job's main class, as application mode needs.
        assertThat(ROOT.resolve("jobs/target/leadflow-jobs-0.1.0-SNAPSHOT-job.jar"))
                .isRegularFile();
        assertThat(ROOT.resolve("cli/target/lib")).isDirectoryContaining("glob:**/javalin-*.jar");
    }

    @Test
    void leadflowServicesGetOnlySettingsTheJobKnows() {
        resolved.path("services")
                .fields()
                .forEachRemaining(
                        e -> {
                            Map<String, String> env = new HashMap<>();
                            e.getValue()
                                    .path("environment")
                                    .fields()
                                    .forEachRemaining(
                                            v -> {
                                                if (v.getKey().startsWith(ConfigLoader.ENV_PREFIX)
                                                        && !e.getKey().equals("grafana")
                                                        && !e.getKey().equals("clickhouse")) {
                                                    env.put(v.getKey(), v.getValue().asText());
                                                }
                                            });
                            if (!env.isEmpty()) {
                                ConfigLoader.Loaded loaded =
                                        LeadflowConfig.load(new String[0], env);
                                assertThat(loaded.warnings()).as(e.getKey()).isEmpty();
                            }
                        });
    }

    @Test
    void secretsComeOnlyFromTheEnvironmentFileAndPortsStayOnLoopback() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Matcher secret =
                Pattern.compile("(?im)^\\s*[A-Z_]*PASSWORD[A-Z_]*:\\s*(.*)$").matcher(compose);
        int secrets = 0;
        while (secret.find()) {
            secrets++;
            assertThat(secret.group(1).trim()).as(secret.group()).matches("\\$\\{[A-Z_]+}");
        }
        assertThat(secrets).isGreaterThanOrEqualTo(4);
        String example = Files.readString(ROOT.resolve(".env.example"));
        assertThat(example).contains("local-only").containsIgnoringCase("change every password");
        Matcher variable = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(compose);
        while (variable.find()) {
            assertThat(example)
                    .as(variable.group(1))
                    .containsPattern("(?m)^" + variable.group(1) + "=");
        }
        resolved.path("services")
                .fields()
                .forEachRemaining(
                        e -> {
                            for (JsonNode port : e.getValue().path("ports")) {
                                assertThat(port.asText()).as(e.getKey()).startsWith("127.0.0.1:");
                            }
                        });
    }

    private static Properties pomProperties() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Properties p = new Properties();
        Matcher m = Pattern.compile("<(kafka\\.version|flink\\.version)>([^<]+)<").matcher(pom);
        while (m.find()) {
            p.setProperty(m.group(1), m.group(2));
        }
        return p;
    }
}

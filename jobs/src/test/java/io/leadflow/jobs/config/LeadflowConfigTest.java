package io.leadflow.jobs.config;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LeadflowConfigTest {

    private static final Path EXAMPLE = Path.of("leadflow.properties.example");

    @Test
    void defaultsMatchTheDocumentedValues() {
        LeadflowConfig config = LeadflowConfig.defaults();
        assertThat(config.kafka())
                .isEqualTo(
                        new KafkaSettings(
                                "localhost:9092",
                                "leadflow.leads",
                                "leadflow.activities",
                                "leadflow.dlq",
                                "leadflow.config",
                                "leadflow.alerts",
                                "leadflow-job",
                                StartingOffsets.COMMITTED));
        assertThat(config.clickHouse())
                .isEqualTo(
                        new ClickHouseSettings("http://localhost:8123", "leadflow", "default", ""));
        assertThat(config.job())
                .isEqualTo(
                        new JobSettings(
                                0,
                                "file:///tmp/leadflow/checkpoints",
                                Duration.ofSeconds(10),
                                StateBackendKind.HASHMAP,
                                Duration.ofDays(30),
                                Duration.ofDays(7),
                                Duration.ofMinutes(5),
                                Duration.ofMinutes(1),
                                "127.0.0.1"));
        assertThat(config.sink()).isEqualTo(new SinkSettings(2000, Duration.ofSeconds(1), 5));
    }

    @Test
    void exampleFileLoadsToTheDefaults() {
        ConfigLoader.Loaded loaded =
                ConfigLoader.load(new String[] {"--config", EXAMPLE.toString()}, Map.of());
        assertThat(loaded.config()).isEqualTo(LeadflowConfig.defaults());
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void exampleFileDocumentsEverySettingWithItsDefault() throws IOException {
        String example = Files.readString(EXAMPLE);
        for (Setting setting : Setting.values()) {
            assertThat(example)
                    .contains("\n# ")
                    .contains("\n" + setting.key() + "=" + setting.defaultValue() + "\n");
        }
    }

    @Test
    void httpsEndpointsAreRecognised() {
        ClickHouseSettings settings =
                LeadflowConfig.defaults()
                        .clickHouse()
                        .withUrl("https://ch.example.com:8443")
                        .withDatabase("analytics");
        assertThat(settings.url()).isEqualTo("https://ch.example.com:8443");
        assertThat(settings.database()).isEqualTo("analytics");
        assertThat(settings.host()).isEqualTo("ch.example.com");
        assertThat(settings.port()).isEqualTo(8443);
        assertThat(settings.secure()).isTrue();
    }

    @Test
    void withersReplaceOnlyTheirPart() {
        LeadflowConfig config =
                LeadflowConfig.defaults()
                        .withKafkaBootstrap("k1:19092")
                        .withClickHouse("http://127.0.0.1:18123", "leadflow", "pw");
        assertThat(config.kafka().bootstrap()).isEqualTo("k1:19092");
        assertThat(config.kafka().leadsTopic()).isEqualTo("leadflow.leads");
        assertThat(config.clickHouse().url()).isEqualTo("http://127.0.0.1:18123");
        assertThat(config.clickHouse().database()).isEqualTo("leadflow");
        assertThat(config.clickHouse().user()).isEqualTo("leadflow");
        assertThat(config.job()).isEqualTo(LeadflowConfig.defaults().job());
    }

    @Test
    void describeIsShortAndMasksThePassword() {
        LeadflowConfig config =
                LeadflowConfig.defaults().withClickHouse("http://ch:8123", "app", "topsecret");
        String description = config.describe();
        assertThat(description.lines()).hasSizeLessThanOrEqualTo(8);
        assertThat(description)
                .contains("localhost:9092")
                .contains("http://ch:8123")
                .contains("password=****")
                .contains("dedup-ttl=30d")
                .doesNotContain("topsecret");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        LeadflowConfig config = LeadflowConfig.defaults().withParallelism(4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(config);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(config);
        }
    }
}

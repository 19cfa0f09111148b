package io.leadflow.jobs.scoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoringModelFileTest {

    private static final String MODEL =
            """
            {"version": "v1",
             "fit": {"rules": [
                {"id": "saas", "field": "industry", "values": ["software"], "points": 30}]},
             "salesReady": {"threshold": 60, "release": 50}}
            """;

    @Test
    void anEmptyPathIsScoringOff() {
        assertThat(ScoringModelFile.read("  ").on()).isFalse();
        assertThat(ScoringModelFile.read("")).isEqualTo(ScoringModelFile.none());
    }

    @Test
    void aModelFileStartsTheRegistryWithItsModelActive(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("scoring.json"), MODEL);
        ScoringModelFile read = ScoringModelFile.read(" " + file + " ");
        assertThat(read.on()).isTrue();
        assertThat(read.path()).isEqualTo(file.toString());
        assertThat(read.toString()).isEqualTo(file.toString());
        assertThat(read.initial()).isEqualTo(ScoringRegistry.of(MODEL, "x"));
        assertThat(read.initial().active()).isEqualTo("v1");
    }

    @Test
    void aBadOrMissingFileStopsTheStartNamingIt(@TempDir Path dir) throws IOException {
        Path file =
                Files.writeString(dir.resolve("scoring.json"), MODEL.replace("\"v1\"", "\"v 1\""));
        assertThatThrownBy(() -> ScoringModelFile.read(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("model.version: 'v 1'");
        assertThatThrownBy(() -> ScoringModelFile.read(dir.resolve("none.json").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read the scoring model: NoSuchFileException");
    }
}

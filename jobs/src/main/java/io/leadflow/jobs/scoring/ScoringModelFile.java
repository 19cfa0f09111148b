package io.leadflow.jobs.scoring;

import io.leadflow.jobs.document.DocumentFile;

import java.io.Serializable;

/**
 * The scoring model the job starts with, read from a JSON file ({@link ScoringModelParser}); an
 * empty path means scoring is off. Reading happens when the configuration is validated, so a bad
 * model stops the start with a message naming the file, the rule and the field. The config topic
 * publishes, promotes and rolls back versions while the job runs ({@link ScoringRegistry}).
 *
 * @param path the file as configured, empty for none
 * @param registry the file's model, active, as {@link ScoringRegistry#toJson}; empty for none
 */
public record ScoringModelFile(String path, String registry) implements Serializable {

    /** Scoring off. */
    public static ScoringModelFile none() {
        return new ScoringModelFile("", "");
    }

    public boolean on() {
        return !registry.isEmpty();
    }

    /** The registry to start with; only when {@link #on()}. */
    public ScoringRegistry initial() {
        return ScoringRegistry.fromJson(registry);
    }

    /**
     * Reads and validates the file at {@code path} (empty for none).
     *
     * @throws IllegalArgumentException saying what is wrong with the file or its model
     */
    public static ScoringModelFile read(String path) {
        String trimmed = path.strip();
        if (trimmed.isEmpty()) {
            return none();
        }
        String text = DocumentFile.read(trimmed, "the scoring model");
        try {
            return new ScoringModelFile(trimmed, ScoringRegistry.of(text, trimmed).toJson());
        } catch (ScoringModelException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return path;
    }
}

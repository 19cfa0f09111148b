package io.leadflow.jobs.sla;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The SLA policies the job starts with, read from a JSON file (see {@link SlaPolicies}); an empty
 * path means no policies. Reading happens when the configuration is validated, so a bad file stops
 * the start with a message that names the file, the policy and the field.
 *
 * @param path the file as configured, empty for none
 * @param policies the policies it holds
 */
public record SlaPolicyFile(String path, List<SlaPolicy> policies) implements Serializable {

    public SlaPolicyFile {
        policies = List.copyOf(policies);
    }

    /** No policies. */
    public static SlaPolicyFile none() {
        return new SlaPolicyFile("", List.of());
    }

    /**
     * Reads and validates the file at {@code path} (empty for none).
     *
     * @throws IllegalArgumentException saying what is wrong with the file or its policies
     */
    public static SlaPolicyFile read(String path) {
        String trimmed = path.strip();
        if (trimmed.isEmpty()) {
            return none();
        }
        String text;
        try {
            text = Files.readString(Path.of(trimmed), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the policy file: "
                            + e.getClass().getSimpleName()
                            + " "
                            + e.getMessage());
        }
        try {
            return new SlaPolicyFile(trimmed, SlaPolicies.parse(text, trimmed));
        } catch (SlaPolicyException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return path;
    }
}

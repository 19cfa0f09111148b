package io.leadflow.jobs.sla;

import io.leadflow.jobs.document.DocumentFile;

import java.io.Serializable;
import java.util.List;

/**
 * The alerting rules (SLA policies and hot-lead rules) the job starts with, read from a JSON file
 * (see {@link SlaPolicies}); an empty path means none. Reading happens when the configuration is
 * validated, so a bad file stops the start with a message that names the file, the policy and the
 * field. The config topic may replace these rules while the job runs.
 *
 * @param path the file as configured, empty for none
 * @param rules the rules it holds
 */
public record SlaPolicyFile(String path, AlertRules rules) implements Serializable {

    /** A file holding only SLA policies. */
    public SlaPolicyFile(String path, List<SlaPolicy> policies) {
        this(path, new AlertRules(policies, List.of()));
    }

    /** No rules. */
    public static SlaPolicyFile none() {
        return new SlaPolicyFile("", AlertRules.none());
    }

    /** The SLA policies of the file. */
    public List<SlaPolicy> policies() {
        return rules.policies();
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
        String text = DocumentFile.read(trimmed, "the policy file");
        try {
            return new SlaPolicyFile(trimmed, SlaPolicies.parseRules(text, trimmed));
        } catch (SlaPolicyException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return path;
    }
}

package io.leadflow.jobs.sla;

import java.util.List;

/**
 * A rules document that cannot be used, with every problem in it; the rules in force stay as they
 * were.
 */
public class SlaPolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public SlaPolicyException(String origin, List<String> problems) {
        super(
                "Alert rules from "
                        + origin
                        + " refused, "
                        + problems.size()
                        + (problems.size() == 1 ? " problem:" : " problems:")
                        + System.lineSeparator()
                        + "  "
                        + String.join(System.lineSeparator() + "  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

package io.leadflow.jobs.scoring;

import java.util.List;

/**
 * A scoring document that cannot be used, with every problem in it, each naming the rule and the
 * field; the model in force stays as it was.
 */
public class ScoringModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ScoringModelException(String origin, List<String> problems) {
        super(
                "Scoring document from "
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

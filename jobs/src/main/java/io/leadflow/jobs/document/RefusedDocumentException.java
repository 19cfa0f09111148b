package io.leadflow.jobs.document;

import java.util.List;

/**
 * A configuration document (alerting rules, a scoring model or command) that cannot be used, with
 * every problem in it, so it is fixed in one round; what was in force stays as it was.
 */
public class RefusedDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param what the kind of document, for the message, e.g. "Alert rules"
     * @param origin where it came from: a file name, a config-topic position
     * @param problems each problem, naming the rule and the field
     */
    public RefusedDocumentException(String what, String origin, List<String> problems) {
        super(
                what
                        + " from "
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

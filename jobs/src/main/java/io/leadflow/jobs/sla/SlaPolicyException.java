package io.leadflow.jobs.sla;

import io.leadflow.jobs.document.RefusedDocumentException;

import java.util.List;

/**
 * A rules document that cannot be used, with every problem in it; the rules in force stay as they
 * were.
 */
public class SlaPolicyException extends RefusedDocumentException {

    private static final long serialVersionUID = 1L;

    public SlaPolicyException(String origin, List<String> problems) {
        super("Alert rules", origin, problems);
    }
}

package io.leadflow.jobs.scoring;

import io.leadflow.jobs.document.RefusedDocumentException;

import java.util.List;

/**
 * A scoring document that cannot be used, with every problem in it, each naming the rule and the
 * field; the model in force stays as it was.
 */
public class ScoringModelException extends RefusedDocumentException {

    private static final long serialVersionUID = 1L;

    public ScoringModelException(String origin, List<String> problems) {
        super("Scoring document", origin, problems);
    }
}

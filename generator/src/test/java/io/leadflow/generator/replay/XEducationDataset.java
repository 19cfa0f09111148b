package io.leadflow.generator.replay;

import java.nio.file.Path;

/**
 * The shared X Education {@code Leads.csv} for tests, found outside the repository where {@link
 * SharedDatasets} looks (it must never be copied in), with the figures the data set's README
 * states, so the tests compare the converter with numbers counted independently of it.
 */
public final class XEducationDataset {

    /** Data rows, one lead each (datasets README). */
    public static final int LEADS = 9_240;

    /** Rows with Converted = 1 (datasets README). */
    public static final int CONVERTED = 3_561;

    private XEducationDataset() {}

    /** The data set's file; fails naming where it looked when it is not there. */
    public static Path file() {
        return SharedDatasets.find(NeedsDatasets.X_EDUCATION)
                .map(dir -> dir.resolve(XEducationLeads.FILE))
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "the X Education data set is not at $LEADFLOW_HOME/../"
                                                + SharedDatasets.RELATIVE
                                                + "/"
                                                + NeedsDatasets.X_EDUCATION
                                                + " nor in any parent of "
                                                + Path.of("").toAbsolutePath()
                                                + "; see ../shared/datasets/README.md"));
    }
}

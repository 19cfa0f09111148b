package io.leadflow.generator.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shared Olist data set for tests, found outside the repository (it must never be copied in)
 * where {@link SharedDatasets} looks. Also computes the expected funnel with plain string
 * splitting, independently of the converter.
 */
public final class OlistDataset {

    static final String RELATIVE = SharedDatasets.RELATIVE + "/" + NeedsDatasets.OLIST;

    private OlistDataset() {}

    public static Path dir() {
        return find().orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "the Olist data set is not at $LEADFLOW_HOME/../"
                                                + RELATIVE
                                                + " nor in any parent of "
                                                + Path.of("").toAbsolutePath()
                                                + "; see ../shared/datasets/README.md"));
    }

    /** The data set's directory, if it is where the tests look. */
    public static java.util.Optional<Path> find() {
        return SharedDatasets.find(NeedsDatasets.OLIST);
    }

    /** Origin per mql_id, as written in the MQL file (empty stays empty). */
    public static Map<String, String> originByLead() {
        Map<String, String> origins = new HashMap<>();
        List<String> lines = lines(OlistFunnel.MQL_FILE);
        for (String line : lines.subList(1, lines.size())) {
            // The MQL file has no quoted fields: four plain columns.
            String[] f = line.split(",", -1);
            origins.put(f[0], f[3]);
        }
        return origins;
    }

    /** Won deals per origin, by joining the deals' mql_id (first column, never quoted). */
    public static Map<String, Long> wonByOrigin() {
        Map<String, String> origins = originByLead();
        Map<String, Long> won = new TreeMap<>();
        List<String> lines = lines(OlistFunnel.DEALS_FILE);
        for (String line : lines.subList(1, lines.size())) {
            String origin = origins.get(line.substring(0, line.indexOf(',')));
            won.merge(origin, 1L, Long::sum);
        }
        return won;
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(dir().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

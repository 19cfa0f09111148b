package io.leadflow.generator.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where tests find the shared data sets, outside the repository (they must never be copied in):
 * {@code $LEADFLOW_HOME/../shared/datasets/<name>}, else the first {@code shared/datasets/<name>}
 * found walking up from the working directory, so a CI checkout with the data next to it finds it
 * too.
 */
public final class SharedDatasets {

    static final String RELATIVE = "shared/datasets";

    private SharedDatasets() {}

    /** The directory of data set {@code name}, if it is where the tests look. */
    public static Optional<Path> find(String name) {
        String relative = RELATIVE + "/" + name;
        String home = System.getenv("LEADFLOW_HOME");
        if (home != null) {
            Path candidate = Path.of(home).toAbsolutePath().resolve("..").resolve(relative);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate.normalize());
            }
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve(relative);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

package io.leadflow.jobs.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a configuration document from the file a setting names, with a message fit for it. */
public final class DocumentFile {

    private DocumentFile() {}

    /**
     * The file's text.
     *
     * @param what the kind of document, for the message, e.g. "the policy file"
     * @throws IllegalArgumentException saying why the file cannot be read
     */
    public static String read(String path, String what) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read "
                            + what
                            + ": "
                            + e.getClass().getSimpleName()
                            + " "
                            + e.getMessage());
        }
    }
}

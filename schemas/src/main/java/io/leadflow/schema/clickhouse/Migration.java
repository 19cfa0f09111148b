package io.leadflow.schema.clickhouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One versioned migration file, {@code V<version>__<name>.sql}, and the checksum of its text. */
public record Migration(int version, String name, String sql, String checksum) {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    public static boolean isMigrationFile(String fileName) {
        return FILE_NAME.matcher(fileName).matches();
    }

    public static Migration of(String fileName, String sql) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "migration file name must look like V001__what_it_does.sql: " + fileName);
        }
        return new Migration(Integer.parseInt(m.group(1)), m.group(2), sql, sha256(sql));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}

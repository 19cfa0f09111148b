package io.leadflow.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Named ports remembered in a work directory. A reused directory keeps its addresses, so a demo
 * restarted on the same data is reachable where it was before; ports that are taken by now are
 * replaced by fresh ones instead of failing the start.
 */
final class PortFile {

    private final Path file;

    PortFile(Path file) {
        this.file = file;
    }

    /**
     * Returns a port for each name: the stored one while all stored ones are still free, else fresh
     * ones (also when {@code fresh} is set). The result is saved for the next start.
     */
    Map<String, Integer> assign(List<String> names, boolean fresh) {
        Map<String, Integer> ports = fresh ? Map.of() : load(names);
        if (ports.isEmpty() || !ports.values().stream().allMatch(FreePorts::isFree)) {
            Map<String, Integer> picked = new LinkedHashMap<>();
            for (String name : names) {
                int port;
                do {
                    port = FreePorts.freePort();
                } while (picked.containsValue(port));
                picked.put(name, port);
            }
            ports = picked;
        }
        save(ports);
        return ports;
    }

    private Map<String, Integer> load(List<String> names) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties stored = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            stored.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : names) {
            String value = stored.getProperty(name);
            if (value == null || !value.strip().matches("\\d{1,5}")) {
                return Map.of();
            }
            ports.put(name, Integer.parseInt(value.strip()));
        }
        return ports;
    }

    private void save(Map<String, Integer> ports) {
        Properties stored = new Properties();
        ports.forEach((name, port) -> stored.setProperty(name, Integer.toString(port)));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            stored.store(out, "ports chosen by leadflow; reused while free");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

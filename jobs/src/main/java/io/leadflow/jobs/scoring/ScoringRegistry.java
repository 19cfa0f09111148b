package io.leadflow.jobs.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scoring models the job knows and which of them are in force: the active one (drives
 * sales-ready moves and the score {@code lead_state} readers see), at most one shadow (scored and
 * stored beside it, drives nothing) and the previous active one (what a rollback returns to).
 *
 * <p>Commands, published on the config topic as {@code {"scoring": {...}}}:
 *
 * <ul>
 *   <li>{@code {"publish": MODEL, "as": "shadow"}} (or {@code "active"}): a new version; a version
 *       is never changed once published, so a published version is always the same model.
 *   <li>{@code {"promote": "v2"}}: makes a known version active; the old active one becomes the
 *       rollback target.
 *   <li>{@code {"rollback": true}}: the previous active version is active again.
 *   <li>{@code {"retire": "v2"}}: stops scoring a shadow version.
 * </ul>
 *
 * <p>A command that cannot be applied is refused with the reason and the registry stays; the
 * validator keeps the registry and broadcasts it whole ({@link #toJson}), so every scoring subtask
 * holds the same one.
 */
public record ScoringRegistry(
        Map<String, String> modelTexts, String active, String shadow, String previous) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A registry with one model, active. */
    public static ScoringRegistry of(String modelText, String origin) {
        ScoringModel model = ScoringModelParser.parse(read(modelText, origin), origin);
        return new ScoringRegistry(
                new TreeMap<>(Map.of(model.version(), compact(modelText))),
                model.version(),
                null,
                null);
    }

    /** Whether a config-topic document is a scoring command rather than alerting rules. */
    public static boolean isCommand(byte[] document) {
        try {
            JsonNode root = JSON.readTree(document);
            return root != null && root.isObject() && root.has("scoring");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The model of a version the registry holds. */
    public ScoringModel model(String version) {
        return ScoringModelParser.parse(read(modelTexts.get(version), "registry"), "registry");
    }

    /** The versions scored now: the active one first, then the shadow, if any. */
    public List<String> inForce() {
        List<String> versions = new ArrayList<>();
        versions.add(active);
        if (shadow != null) {
            versions.add(shadow);
        }
        return versions;
    }

    /**
     * The registry after a {@code {"scoring": {...}}} document.
     *
     * @throws ScoringModelException naming what is wrong; this registry stays in force
     */
    public ScoringRegistry apply(String document, String origin) {
        JsonNode root = read(document, origin);
        JsonNode command = root.get("scoring");
        if (command == null || !command.isObject() || command.size() == 0) {
            throw refused(
                    origin, "scoring: must be an object with publish, promote, rollback or retire");
        }
        List<String> verbs = new ArrayList<>();
        for (Iterator<String> names = command.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (List.of("publish", "promote", "rollback", "retire").contains(name)) {
                verbs.add(name);
            } else if (!"as".equals(name)) {
                throw refused(
                        origin,
                        "scoring: unknown field '"
                                + name
                                + "' (known: publish, as, promote, rollback, retire)");
            }
        }
        if (verbs.size() != 1) {
            throw refused(
                    origin, "scoring: give exactly one of publish, promote, rollback, retire");
        }
        if (command.has("as") && !verbs.get(0).equals("publish")) {
            throw refused(origin, "scoring.as: only with publish");
        }
        return switch (verbs.get(0)) {
            case "publish" -> publish(command, origin);
            case "promote" -> promote(textOf(command, "promote", origin), origin);
            case "rollback" -> {
                if (!command.get("rollback").isBoolean() || !command.get("rollback").asBoolean()) {
                    throw refused(origin, "scoring.rollback: must be true");
                }
                yield rollback(origin);
            }
            default -> retire(textOf(command, "retire", origin), origin);
        };
    }

    private ScoringRegistry publish(JsonNode command, String origin) {
        ScoringModel model = ScoringModelParser.parse(command.get("publish"), origin);
        String as = command.has("as") ? command.get("as").asText() : "shadow";
        if (!as.equals("shadow") && !as.equals("active")) {
            throw refused(origin, "scoring.as: '" + as + "' must be shadow or active");
        }
        String text = command.get("publish").toString();
        String known = modelTexts.get(model.version());
        if (known != null && !known.equals(text)) {
            throw refused(
                    origin,
                    "scoring.publish: version "
                            + model.version()
                            + " is published already with other rules; a version never changes,"
                            + " publish a new one");
        }
        Map<String, String> texts = new TreeMap<>(modelTexts);
        texts.put(model.version(), text);
        if (as.equals("active")) {
            if (model.version().equals(active)) {
                // The same model (checked above), active already: a repeated command changes
                // nothing; making the active version its own previous would lose the rollback.
                return this;
            }
            return new ScoringRegistry(
                    texts, model.version(), without(shadow, model.version()), active);
        }
        if (model.version().equals(active)) {
            throw refused(origin, "scoring.publish: " + active + " is active already");
        }
        return new ScoringRegistry(texts, active, model.version(), previous);
    }

    private ScoringRegistry promote(String version, String origin) {
        if (!modelTexts.containsKey(version)) {
            throw refused(
                    origin,
                    "scoring.promote: no version '"
                            + version
                            + "' was published (known: "
                            + modelTexts.keySet()
                            + ")");
        }
        if (version.equals(active)) {
            throw refused(origin, "scoring.promote: " + version + " is active already");
        }
        return new ScoringRegistry(modelTexts, version, without(shadow, version), active);
    }

    private ScoringRegistry rollback(String origin) {
        if (previous == null) {
            throw refused(origin, "scoring.rollback: there is no earlier active version");
        }
        return new ScoringRegistry(modelTexts, previous, without(shadow, previous), null);
    }

    private ScoringRegistry retire(String version, String origin) {
        if (!version.equals(shadow)) {
            throw refused(
                    origin,
                    "scoring.retire: '"
                            + version
                            + "' is not the shadow version"
                            + (shadow == null ? " (there is none)" : " (" + shadow + " is)"));
        }
        return new ScoringRegistry(modelTexts, active, null, previous);
    }

    private static String without(String version, String removed) {
        return removed.equals(version) ? null : version;
    }

    /** The registry as one document, what the validator broadcasts. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode models = root.putObject("models");
        modelTexts.forEach((version, text) -> models.set(version, read(text, "registry")));
        root.put("active", active);
        root.put("shadow", shadow);
        root.put("previous", previous);
        return root.toString();
    }

    /** Reads {@link #toJson}. */
    public static ScoringRegistry fromJson(String text) {
        JsonNode root = read(text, "registry");
        Map<String, String> texts = new TreeMap<>();
        root.get("models")
                .fields()
                .forEachRemaining(e -> texts.put(e.getKey(), e.getValue().toString()));
        return new ScoringRegistry(
                texts,
                root.get("active").asText(),
                nullable(root, "shadow"),
                nullable(root, "previous"));
    }

    private static String nullable(JsonNode root, String name) {
        JsonNode value = root.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String textOf(JsonNode command, String name, String origin) {
        JsonNode value = command.get(name);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw refused(origin, "scoring." + name + ": must be a version, e.g. \"v2\"");
        }
        return value.asText();
    }

    private static String compact(String text) {
        return read(text, "model").toString();
    }

    private static JsonNode read(String text, String origin) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw refused(origin, "not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw refused(origin, "not JSON: " + e.getOriginalMessage());
        }
    }

    private static ScoringModelException refused(String origin, String problem) {
        return new ScoringModelException(origin, List.of(problem));
    }
}

package io.leadflow.jobs.scoring;

import io.leadflow.jobs.scoring.ScoringModel.EngagementGroup;
import io.leadflow.jobs.scoring.ScoringModel.EngagementRule;
import io.leadflow.jobs.scoring.ScoringModel.FitGroup;
import io.leadflow.jobs.scoring.ScoringModel.FitRule;
import io.leadflow.jobs.scoring.ScoringModel.Grades;
import io.leadflow.jobs.scoring.ScoringModel.NegativeRule;
import io.leadflow.jobs.scoring.ScoringModel.SalesReady;
import io.leadflow.jobs.time.DurationSyntax;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@link ScoringModel} from its JSON form. Every problem is collected, each naming the rule
 * and the field, so a bad model is fixed in one round; a model with any problem is refused whole.
 *
 * <pre>{@code
 * {"version": "v2",
 *  "fit": {"cap": 60, "rules": [
 *     {"id": "saas", "field": "industry", "values": ["software"], "points": 20},
 *     {"id": "mid-market", "field": "employees", "min": 50, "max": 1000, "points": 15}]},
 *  "engagement": {"cap": 60, "halfLife": "14d", "floorAtZero": true, "rules": [
 *     {"id": "pricing", "activities": ["page_view"], "urlContains": ["/pricing"],
 *      "points": 10, "cap": 30}]},
 *  "negative": [
 *     {"id": "student", "field": "segment", "values": ["student"], "points": -30},
 *     {"id": "unsubscribed", "condition": "unsubscribed", "points": -20}],
 *  "totalCap": 100,
 *  "grades": {"fit": [40, 20], "engagement": [30, 10]},
 *  "salesReady": {"threshold": 60, "release": 50, "requires": ["country"]}}
 * }</pre>
 *
 * <p>Engagement points are positive (a behaviour that counts against the lead is a negative rule,
 * which does not decay): so between two activities a score can only fall, and the moment it falls
 * below the release is found exactly. A rule's {@code cap} and {@code floorAtZero} are optional (no
 * cap, no floor); {@code halfLife} and {@code window} are exclusive and both optional (no decay).
 */
public final class ScoringModelParser {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Activity kinds of the event contract (activity.schema.json). */
    static final List<String> ACTIVITY_KINDS =
            List.of(
                    "email_open",
                    "email_click",
                    "email_sent",
                    "page_view",
                    "form_submit",
                    "webinar_attended",
                    "content_download",
                    "rfq",
                    "call",
                    "meeting",
                    "chat",
                    "sms",
                    "unsubscribe");

    /** Longer decays are no decay in practice, and would overflow the crossing search. */
    static final Duration LONGEST_DECAY = Duration.ofDays(3650);

    private final List<String> problems = new ArrayList<>();
    private final Set<String> ruleIds = new HashSet<>();

    private ScoringModelParser() {}

    /**
     * Reads a model.
     *
     * @param node the model object
     * @param origin where it came from, for messages
     * @throws ScoringModelException listing every problem found
     */
    public static ScoringModel parse(JsonNode node, String origin) {
        ScoringModelParser parser = new ScoringModelParser();
        ScoringModel model = parser.model(node);
        if (!parser.problems.isEmpty()) {
            throw new ScoringModelException(origin, parser.problems);
        }
        return model;
    }

    private ScoringModel model(JsonNode node) {
        if (node == null || !node.isObject()) {
            problems.add("model: must be a JSON object");
            return null;
        }
        onlyFields(
                node,
                "model",
                List.of(
                        "version",
                        "fit",
                        "engagement",
                        "negative",
                        "totalCap",
                        "grades",
                        "salesReady"));
        String version = text(node, "version", "model");
        if (version != null && !VERSION.matcher(version).matches()) {
            problems.add(
                    "model.version: '"
                            + version
                            + "' must be 1 to 32 letters, digits, '.', '_' or '-'");
        }
        String at = "model " + (version == null ? "?" : version);
        FitGroup fit = fit(node.get("fit"), at + ": fit");
        EngagementGroup engagement = engagement(node.get("engagement"), at + ": engagement");
        List<NegativeRule> negative = new ArrayList<>();
        JsonNode negatives = node.get("negative");
        if (negatives != null) {
            if (!negatives.isArray()) {
                problems.add(at + ": negative: must be a list of rules");
            } else {
                for (int i = 0; i < negatives.size(); i++) {
                    negative.add(negativeRule(negatives.get(i), at + ": negative[" + i + "]"));
                }
            }
        }
        double totalCap = number(node, "totalCap", at, 100.0);
        if (totalCap <= 0) {
            problems.add(at + ": totalCap: must be above zero");
        }
        Grades grades = grades(node.get("grades"), at + ": grades");
        SalesReady salesReady = salesReady(node.get("salesReady"), at + ": salesReady");
        return new ScoringModel(
                version, fit, engagement, List.copyOf(negative), totalCap, grades, salesReady);
    }

    private FitGroup fit(JsonNode node, String at) {
        if (node == null) {
            return new FitGroup(List.of(), Double.MAX_VALUE);
        }
        onlyFields(node, at, List.of("cap", "rules"));
        List<FitRule> rules = new ArrayList<>();
        for (JsonNode rule : list(node, "rules", at)) {
            rules.add(fitRule(rule, at + ".rules[" + rules.size() + "]"));
        }
        return new FitGroup(List.copyOf(rules), cap(node, at));
    }

    private FitRule fitRule(JsonNode node, String at) {
        String id = ruleId(node, at);
        String where = at + (id == null ? "" : " (" + id + ")");
        onlyFields(node, where, List.of("id", "field", "values", "min", "max", "points"));
        String field = field(node, where);
        Set<String> values = null;
        Integer min = null;
        Integer max = null;
        if ("employees".equals(field)) {
            min = whole(node, "min", where);
            max = whole(node, "max", where);
            if (min == null && max == null) {
                problems.add(where + ": employees needs min, max or both");
            } else if (min != null && max != null && min > max) {
                problems.add(where + ": min " + min + " is above max " + max);
            }
        } else if (field != null) {
            values = words(node, "values", where, true);
        }
        double points = number(node, "points", where, null);
        if (points < 0) {
            problems.add(
                    where
                            + ".points: fit points are positive; put "
                            + points
                            + " in a negative rule");
        }
        return new FitRule(id, field, values, min, max, points);
    }

    private EngagementGroup engagement(JsonNode node, String at) {
        if (node == null) {
            return new EngagementGroup(List.of(), Double.MAX_VALUE, null, null, false);
        }
        onlyFields(node, at, List.of("cap", "rules", "halfLife", "window", "floorAtZero"));
        List<EngagementRule> rules = new ArrayList<>();
        for (JsonNode rule : list(node, "rules", at)) {
            rules.add(engagementRule(rule, at + ".rules[" + rules.size() + "]"));
        }
        Duration halfLife = duration(node, "halfLife", at);
        Duration window = duration(node, "window", at);
        if (halfLife != null && window != null) {
            problems.add(at + ": give halfLife or window, not both");
        }
        boolean floor = false;
        if (node.has("floorAtZero")) {
            if (!node.get("floorAtZero").isBoolean()) {
                problems.add(at + ".floorAtZero: must be true or false");
            } else {
                floor = node.get("floorAtZero").asBoolean();
            }
        }
        return new EngagementGroup(List.copyOf(rules), cap(node, at), halfLife, window, floor);
    }

    private EngagementRule engagementRule(JsonNode node, String at) {
        String id = ruleId(node, at);
        String where = at + (id == null ? "" : " (" + id + ")");
        onlyFields(
                node,
                where,
                List.of(
                        "id",
                        "activities",
                        "urlContains",
                        "campaigns",
                        "points",
                        "cap",
                        "halfLife",
                        "window"));
        Set<String> kinds = kinds(node, where);
        List<String> urls =
                node.has("urlContains")
                        ? List.copyOf(words(node, "urlContains", where, false))
                        : List.of();
        Set<String> campaigns =
                node.has("campaigns") ? words(node, "campaigns", where, false) : Set.of();
        double points = number(node, "points", where, null);
        if (points <= 0) {
            problems.add(
                    where
                            + ".points: engagement points are positive (a behaviour against the"
                            + " lead is a negative rule, which does not decay)");
        }
        Duration halfLife = duration(node, "halfLife", where);
        Duration window = duration(node, "window", where);
        if (halfLife != null && window != null) {
            problems.add(where + ": give halfLife or window, not both");
        }
        return new EngagementRule(
                id, kinds, urls, campaigns, points, cap(node, where), halfLife, window);
    }

    private NegativeRule negativeRule(JsonNode node, String at) {
        String id = ruleId(node, at);
        String where = at + (id == null ? "" : " (" + id + ")");
        onlyFields(
                node, where, List.of("id", "field", "values", "activities", "condition", "points"));
        int given =
                (node.has("field") ? 1 : 0)
                        + (node.has("activities") ? 1 : 0)
                        + (node.has("condition") ? 1 : 0);
        String field = null;
        Set<String> values = null;
        Set<String> activities = null;
        String condition = null;
        if (given != 1) {
            problems.add(
                    where + ": give exactly one of field (with values), activities, condition");
        } else if (node.has("field")) {
            field = field(node, where);
            if ("employees".equals(field)) {
                problems.add(where + ".field: employees is not a negative test");
            }
            values = words(node, "values", where, true);
        } else if (node.has("activities")) {
            activities = kinds(node, where);
        } else {
            condition = text(node, "condition", where);
            if (condition != null && !ScoringModel.CONDITIONS.contains(condition)) {
                problems.add(
                        where
                                + ".condition: '"
                                + condition
                                + "' is not one of "
                                + ScoringModel.CONDITIONS);
            }
        }
        double points = number(node, "points", where, null);
        if (points >= 0) {
            problems.add(where + ".points: a negative rule's points are below zero");
        }
        return new NegativeRule(id, field, values, activities, condition, points);
    }

    private Grades grades(JsonNode node, String at) {
        if (node == null) {
            return new Grades(List.of(40.0, 20.0), List.of(30.0, 10.0));
        }
        onlyFields(node, at, List.of("fit", "engagement"));
        return new Grades(bands(node, "fit", at), bands(node, "engagement", at));
    }

    private List<Double> bands(JsonNode node, String name, String at) {
        JsonNode list = node.get(name);
        List<Double> bands = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > 8) {
            problems.add(at + "." + name + ": must be a list of 1 to 8 thresholds, highest first");
            return bands;
        }
        for (JsonNode value : list) {
            if (!value.isNumber()) {
                problems.add(at + "." + name + ": " + value + " is not a number");
                continue;
            }
            if (!bands.isEmpty() && value.asDouble() >= bands.get(bands.size() - 1)) {
                problems.add(at + "." + name + ": thresholds must go down, highest first");
            }
            bands.add(value.asDouble());
        }
        return List.copyOf(bands);
    }

    private SalesReady salesReady(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            problems.add(at + ": required: {\"threshold\": N, \"release\": N}");
            return null;
        }
        onlyFields(node, at, List.of("threshold", "release", "requires"));
        double threshold = number(node, "threshold", at, null);
        double release = number(node, "release", at, threshold);
        if (release > threshold) {
            problems.add(
                    at
                            + ".release: "
                            + release
                            + " is above the threshold "
                            + threshold
                            + " (the lead would flap)");
        }
        List<String> requires = new ArrayList<>();
        if (node.has("requires")) {
            for (String field : words(node, "requires", at, false)) {
                if (!ScoringModel.FIELDS.contains(field)) {
                    problems.add(
                            at + ".requires: '" + field + "' is not one of " + ScoringModel.FIELDS);
                }
                requires.add(field);
            }
        }
        return new SalesReady(threshold, release, List.copyOf(requires));
    }

    private List<JsonNode> list(JsonNode node, String name, String at) {
        JsonNode list = node.get(name);
        List<JsonNode> items = new ArrayList<>();
        if (list == null) {
            return items;
        }
        if (!list.isArray()) {
            problems.add(at + "." + name + ": must be a list");
            return items;
        }
        list.forEach(items::add);
        return items;
    }

    private String ruleId(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            problems.add(at + ": must be a JSON object");
            return null;
        }
        String id = text(node, "id", at);
        if (id == null) {
            return null;
        }
        if (!RULE_ID.matcher(id).matches()) {
            problems.add(at + ".id: '" + id + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        } else if (!ruleIds.add(id)) {
            problems.add(at + ".id: '" + id + "' is used by another rule of this model");
        }
        return id;
    }

    private String field(JsonNode node, String at) {
        String field = text(node, "field", at);
        if (field != null && !ScoringModel.FIELDS.contains(field)) {
            problems.add(at + ".field: '" + field + "' is not one of " + ScoringModel.FIELDS);
            return null;
        }
        return field;
    }

    private Set<String> kinds(JsonNode node, String at) {
        Set<String> kinds = words(node, "activities", at, false);
        for (String kind : kinds) {
            if (!ACTIVITY_KINDS.contains(kind)) {
                problems.add(at + ".activities: '" + kind + "' is not one of " + ACTIVITY_KINDS);
            }
        }
        return kinds;
    }

    private Set<String> words(JsonNode node, String name, String at, boolean lowerCase) {
        JsonNode list = node.get(name);
        Set<String> words = new LinkedHashSet<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(at + "." + name + ": must be a non-empty list of strings");
            return words;
        }
        for (JsonNode word : list) {
            if (!word.isTextual() || word.asText().isBlank()) {
                problems.add(at + "." + name + ": " + word + " is not a non-empty string");
            } else {
                words.add(lowerCase ? word.asText().toLowerCase(Locale.ROOT) : word.asText());
            }
        }
        // In the document's order: urlContains and requires are lists of it.
        return Collections.unmodifiableSet(words);
    }

    private String text(JsonNode node, String name, String at) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(at + "." + name + ": required, a non-empty string");
            return null;
        }
        return value.asText();
    }

    private double number(JsonNode node, String name, String at, Double fallback) {
        JsonNode value = node.get(name);
        if (value == null && fallback != null) {
            return fallback;
        }
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            problems.add(at + "." + name + ": " + (value == null ? "required, " : "") + "a number");
            return 0;
        }
        return value.asDouble();
    }

    private Integer whole(JsonNode node, String name, String at) {
        JsonNode value = node.get(name);
        if (value == null) {
            return null;
        }
        if (!value.canConvertToInt() || value.asInt() < 0) {
            problems.add(at + "." + name + ": must be a whole number, zero or more");
            return null;
        }
        return value.asInt();
    }

    private double cap(JsonNode node, String at) {
        if (!node.has("cap")) {
            return Double.MAX_VALUE;
        }
        double cap = number(node, "cap", at, null);
        if (cap <= 0) {
            problems.add(at + ".cap: must be above zero");
        }
        return cap;
    }

    private Duration duration(JsonNode node, String name, String at) {
        JsonNode value = node.get(name);
        if (value == null) {
            return null;
        }
        try {
            Duration d = DurationSyntax.parse(value.asText());
            if (d.isZero() || d.isNegative()) {
                problems.add(at + "." + name + ": must be longer than zero");
                return null;
            }
            if (d.compareTo(LONGEST_DECAY) > 0) {
                problems.add(
                        at
                                + "."
                                + name
                                + ": '"
                                + value.asText()
                                + "' is longer than 3650d (leave it out for no decay)");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(at + "." + name + ": '" + value.asText() + "' " + e.getMessage());
            return null;
        }
    }

    private void onlyFields(JsonNode node, String at, List<String> known) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(at + ": unknown field '" + name + "' (known: " + known + ")");
            }
        }
    }
}

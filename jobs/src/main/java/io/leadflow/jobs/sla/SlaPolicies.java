package io.leadflow.jobs.sla;

import io.leadflow.jobs.time.DurationSyntax;
import io.leadflow.schema.event.LeadStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the alerting rules, SLA policies and hot-lead rules, from their JSON form (a file at start,
 * a message on the config topic later). Every problem is collected, each naming the policy or rule
 * and the field, so a bad document is fixed in one round; a document with any problem is refused as
 * a whole, and the rules in force stay.
 *
 * <pre>{@code
 * {"policies": [{
 *   "name": "mql-first-touch",
 *   "leads": {"statuses": ["MQL"], "sources": ["google_ads"], "minScore": 40},
 *   "start": "became_mql", "stop": "first_attempt", "deadline": "15m", "warnAt": 0.8,
 *   "businessHours": {"zone": "Europe/Berlin", "days": {"MON": "09:00-17:00", "FRI": "09:00-15:00"},
 *                     "holidays": ["2026-12-25"]},
 *   "escalateAfter": "1h", "escalateTo": "sales-managers",
 *   "cadence": {"attempts": 5, "within": "10d"}, "freshFor": "1h"
 * }],
 *  "hotLeads": [{
 *   "name": "pricing-page", "activities": ["page_view"], "urlContains": ["/pricing"],
 *   "leads": {"teams": ["emea"]}, "cooldown": "24h", "freshFor": "1h"
 * }]}
 * }</pre>
 *
 * <p>Both lists are optional; a rule's {@code cooldown} defaults to 24 hours, and a policy's or
 * rule's {@code freshFor} to one hour.
 */
public final class SlaPolicies {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long a moment may have passed and still be news, unless a rule says otherwise. */
    static final Duration DEFAULT_FRESH_FOR = Duration.ofHours(1);

    private static final List<String> POLICY_FIELDS =
            List.of(
                    "name",
                    "leads",
                    "start",
                    "stop",
                    "deadline",
                    "warnAt",
                    "businessHours",
                    "escalateAfter",
                    "escalateTo",
                    "cadence",
                    "freshFor");

    private static final List<String> HOT_LEAD_FIELDS =
            List.of(
                    "name",
                    "activities",
                    "urlContains",
                    "leads",
                    "cooldown",
                    "freshFor",
                    "scoreJump");

    /** Inbound activity kinds of the event contract (activity.schema.json). */
    private static final List<String> INBOUND_KINDS =
            List.of(
                    "email_open",
                    "email_click",
                    "page_view",
                    "form_submit",
                    "webinar_attended",
                    "content_download",
                    "rfq",
                    "chat");

    private final List<String> problems = new ArrayList<>();
    private String where = "";

    private SlaPolicies() {}

    /**
     * Parses a policy document.
     *
     * @param origin where the text came from, for messages (a file name, "config topic")
     * @throws SlaPolicyException listing every problem found
     */
    public static List<SlaPolicy> parse(String text, String origin) {
        return parseRules(text, origin).policies();
    }

    /**
     * Parses a whole rules document: policies and hot-lead rules.
     *
     * @param origin where the text came from, for messages
     * @throws SlaPolicyException listing every problem found
     */
    public static AlertRules parseRules(String text, String origin) {
        SlaPolicies parser = new SlaPolicies();
        AlertRules rules = parser.document(text);
        if (!parser.problems.isEmpty()) {
            throw new SlaPolicyException(origin, parser.problems);
        }
        return rules;
    }

    private AlertRules document(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add("not JSON: " + e.getOriginalMessage());
            return AlertRules.none();
        }
        if (root == null
                || !root.isObject()
                || !(root.path("policies").isArray() || root.path("hotLeads").isArray())) {
            problems.add("expected an object with a \"policies\" or a \"hotLeads\" array");
            return AlertRules.none();
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("policies") && !field.equals("hotLeads")) {
                problems.add(field + ": unknown field (known: policies, hotLeads)");
            }
        }
        return new AlertRules(
                entries(root.path("policies"), "policy", this::policy, SlaPolicy::name),
                entries(root.path("hotLeads"), "hot-lead rule", this::hotLead, HotLeadRule::name));
    }

    /** Parses each entry of a list, and flags names used twice. */
    private <T> List<T> entries(
            JsonNode array, String kind, Function<JsonNode, T> parse, Function<T, String> nameOf) {
        List<T> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode node : array) {
            where = kind + " #" + (++index);
            T entry = parse.apply(node);
            if (entry != null && !names.add(nameOf.apply(entry))) {
                problems.add(kind + " '" + nameOf.apply(entry) + "': the name is used twice");
            }
            if (entry != null) {
                parsed.add(entry);
            }
        }
        return parsed;
    }

    /**
     * Checks what every entry shares: an object, a name (which then names the entry in messages)
     * and only known fields.
     *
     * @return the name, empty when missing, or null when the entry is not an object
     */
    private String entryName(JsonNode node, String kind, List<String> fields) {
        if (!node.isObject()) {
            problem("must be an object");
            return null;
        }
        String name = node.path("name").asText("");
        if (name.isBlank()) {
            problem("name: is missing");
        } else {
            where = kind + " '" + name + "'";
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!fields.contains(field)) {
                problem(field + ": unknown field (known: " + String.join(", ", fields) + ")");
            }
        }
        return name;
    }

    private SlaPolicy policy(JsonNode node) {
        String name = entryName(node, "policy", POLICY_FIELDS);
        if (name == null) {
            return null;
        }
        int before = problems.size();
        SlaPolicy.LeadFilter leads = node.has("leads") ? filter(node.get("leads")) : null;
        SlaPolicy.ClockStart start =
                required(
                        node,
                        "start",
                        t -> SlaPolicy.ClockStart.valueOf(upper(t)),
                        "created, became_mql or assigned");
        SlaPolicy.ClockStop stop =
                required(
                        node,
                        "stop",
                        SlaPolicies::stop,
                        "first_attempt, connect or status:<STATUS>");
        Duration deadline =
                required(node, "deadline", SlaPolicies::positive, "a duration such as 15m or 24h");
        Double warnAt = null;
        if (node.has("warnAt")) {
            double share = node.get("warnAt").asDouble(-1);
            if (!node.get("warnAt").isNumber() || share <= 0 || share >= 1) {
                problem("warnAt: must be a number between 0 and 1 (exclusive), e.g. 0.8");
            } else {
                warnAt = share;
            }
        }
        BusinessHours hours =
                node.has("businessHours") ? businessHours(node.get("businessHours")) : null;
        Duration escalateAfter =
                optional(node, "escalateAfter", SlaPolicies::positive, "a duration");
        String escalateTo = node.hasNonNull("escalateTo") ? node.get("escalateTo").asText() : null;
        if ((escalateAfter == null) != (escalateTo == null)) {
            problem("escalateAfter and escalateTo: give both or neither");
        }
        SlaPolicy.Cadence cadence = node.has("cadence") ? cadence(node.get("cadence")) : null;
        Duration freshFor = optional(node, "freshFor", SlaPolicies::positive, "a duration");
        if (problems.size() > before || name.isBlank()) {
            return null;
        }
        return new SlaPolicy(
                name,
                leads == null ? SlaPolicy.LeadFilter.all() : leads,
                start,
                stop,
                deadline,
                hours,
                warnAt,
                escalateAfter,
                escalateTo,
                cadence,
                freshFor == null ? DEFAULT_FRESH_FOR : freshFor);
    }

    private HotLeadRule hotLead(JsonNode node) {
        String name = entryName(node, "hot-lead rule", HOT_LEAD_FIELDS);
        if (name == null) {
            return null;
        }
        int before = problems.size();
        List<String> activities = strings(node, "activities");
        if (activities.isEmpty() && !node.has("activities")) {
            problem("activities: is missing (activity kinds such as [\"rfq\", \"page_view\"])");
        } else if (activities.isEmpty()) {
            problem("activities: name at least one activity kind");
        }
        for (String kind : activities) {
            if (!INBOUND_KINDS.contains(kind)) {
                problem(
                        "activities: '"
                                + kind
                                + "' is not an inbound activity kind (known: "
                                + String.join(", ", INBOUND_KINDS)
                                + ")");
            }
        }
        List<String> urlContains = strings(node, "urlContains");
        SlaPolicy.LeadFilter leads = node.has("leads") ? filter(node.get("leads")) : null;
        Duration cooldown = optional(node, "cooldown", SlaPolicies::positive, "a duration");
        Duration freshFor = optional(node, "freshFor", SlaPolicies::positive, "a duration");
        Double scoreJump = null;
        if (node.has("scoreJump")) {
            if (!node.get("scoreJump").isNumber() || node.get("scoreJump").asDouble() <= 0) {
                problem("scoreJump: must be a number of points above zero");
            } else {
                scoreJump = node.get("scoreJump").asDouble();
            }
        }
        if (problems.size() > before || name.isBlank()) {
            return null;
        }
        return new HotLeadRule(
                name,
                new LinkedHashSet<>(activities),
                urlContains,
                leads == null ? SlaPolicy.LeadFilter.all() : leads,
                cooldown == null ? Duration.ofHours(24) : cooldown,
                freshFor == null ? DEFAULT_FRESH_FOR : freshFor,
                scoreJump);
    }

    private SlaPolicy.LeadFilter filter(JsonNode node) {
        Set<LeadStatus> statuses = new LinkedHashSet<>();
        for (String s : strings(node, "leads.statuses")) {
            try {
                statuses.add(LeadStatus.valueOf(upper(s)));
            } catch (IllegalArgumentException e) {
                problem("leads.statuses: '" + s + "' is not a status");
            }
        }
        Integer minScore = null;
        if (node.has("minScore")) {
            if (!node.get("minScore").canConvertToInt()) {
                problem("leads.minScore: must be a whole number");
            } else {
                minScore = node.get("minScore").asInt();
            }
        }
        return new SlaPolicy.LeadFilter(
                statuses,
                new LinkedHashSet<>(strings(node, "leads.sources")),
                new LinkedHashSet<>(strings(node, "leads.channels")),
                new LinkedHashSet<>(strings(node, "leads.teams")),
                minScore);
    }

    private List<String> strings(JsonNode parent, String path) {
        JsonNode node = parent.get(path.substring(path.indexOf('.') + 1));
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        if (!node.isArray()) {
            problem(path + ": must be a list of strings");
            return values;
        }
        node.forEach(v -> values.add(v.asText()));
        return values;
    }

    private BusinessHours businessHours(JsonNode node) {
        ZoneId zone = null;
        try {
            zone = ZoneId.of(node.path("zone").asText(""));
        } catch (DateTimeException e) {
            problem(
                    "businessHours.zone: '"
                            + node.path("zone").asText("")
                            + "' is not a time zone such as Europe/Berlin");
        }
        Map<DayOfWeek, BusinessHours.OpeningHours> days = new EnumMap<>(DayOfWeek.class);
        JsonNode daysNode = node.path("days");
        for (Iterator<Map.Entry<String, JsonNode>> it = daysNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> day = it.next();
            DayOfWeek weekday = weekday(day.getKey());
            String[] span = day.getValue().asText("").split("-");
            try {
                if (span.length != 2) {
                    throw new IllegalArgumentException("must look like 09:00-17:00");
                }
                BusinessHours.OpeningHours h =
                        new BusinessHours.OpeningHours(
                                LocalTime.parse(span[0].strip()), LocalTime.parse(span[1].strip()));
                if (weekday != null) {
                    days.put(weekday, h);
                }
            } catch (IllegalArgumentException | DateTimeException e) {
                problem("businessHours.days." + day.getKey() + ": " + e.getMessage());
            }
        }
        if (days.isEmpty()) {
            problem("businessHours.days: name at least one day, e.g. {\"MON\": \"09:00-17:00\"}");
        }
        Set<LocalDate> holidays = new HashSet<>();
        for (String h : strings(node, "businessHours.holidays")) {
            try {
                holidays.add(LocalDate.parse(h));
            } catch (DateTimeException e) {
                problem("businessHours.holidays: '" + h + "' is not a date such as 2026-12-25");
            }
        }
        return zone == null || days.isEmpty() ? null : new BusinessHours(zone, days, holidays);
    }

    private DayOfWeek weekday(String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(upper(name)) && name.length() >= 3) {
                return d;
            }
        }
        problem("businessHours.days: '" + name + "' is not a weekday (MON..SUN)");
        return null;
    }

    private SlaPolicy.Cadence cadence(JsonNode node) {
        int attempts = node.path("attempts").asInt(0);
        Duration within = optional(node, "within", SlaPolicies::positive, "a duration");
        if (attempts < 1 || within == null) {
            problem(
                    "cadence: needs attempts (1 or more) and within (a duration), e.g. {\"attempts\": 5, \"within\": \"10d\"}");
            return null;
        }
        return new SlaPolicy.Cadence(attempts, within);
    }

    private <T> T required(
            JsonNode node, String field, Function<String, T> parse, String expected) {
        if (!node.hasNonNull(field)) {
            problem(field + ": is missing (" + expected + ")");
            return null;
        }
        return optional(node, field, parse, expected);
    }

    private <T> T optional(
            JsonNode node, String field, Function<String, T> parse, String expected) {
        if (!node.hasNonNull(field)) {
            return null;
        }
        String text = node.get(field).asText();
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            problem(field + ": '" + text + "' is not " + expected);
            return null;
        }
    }

    private static SlaPolicy.ClockStop stop(String text) {
        String t = upper(text);
        if (t.startsWith("STATUS:")) {
            return new SlaPolicy.ClockStop(
                    SlaPolicy.ClockStop.Kind.STATUS, LeadStatus.valueOf(t.substring(7).strip()));
        }
        return new SlaPolicy.ClockStop(SlaPolicy.ClockStop.Kind.valueOf(t), null);
    }

    private static Duration positive(String text) {
        Duration d = DurationSyntax.parse(text);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be positive");
        }
        return d;
    }

    private static String upper(String text) {
        return text.strip().toUpperCase(Locale.ROOT);
    }

    private void problem(String message) {
        problems.add(where + ": " + message);
    }
}

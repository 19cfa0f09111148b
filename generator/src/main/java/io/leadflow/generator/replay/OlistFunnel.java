package io.leadflow.generator.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the public Olist "Marketing Funnel" data set (marketing qualified leads and the deals
 * closed from them) into leadflow events. Every MQL becomes a {@code lead.created} at its first
 * contact day with status MQL; every closed deal becomes, one second before its win, the deal's
 * business segment ({@code lead.updated}) and the sales rep as owner ({@code lead.assigned}), and
 * then an {@code opportunity} won. Event ids are derived from the mql_id, so converting twice gives
 * byte-identical events and a replay overwrites rather than adds. Pure: reads files, touches no
 * Kafka.
 */
public final class OlistFunnel {

    public static final String MQL_FILE = "olist_marketing_qualified_leads_dataset.csv";
    public static final String DEALS_FILE = "olist_closed_deals_dataset.csv";

    /** The {@code source} of every event: an import of the Olist list (SPEC section 1). */
    public static final String SOURCE = "import:olist";

    /** leadSource for an empty origin: the form recorded nothing, unlike the literal unknown. */
    public static final String UNSPECIFIED = "unspecified";

    private static final DateTimeFormatter WON_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads both files from {@code dir} and converts them. */
    public OlistReplayPlan read(Path dir) throws IOException {
        return convert(
                CsvTable.read(dir.resolve(MQL_FILE)), CsvTable.read(dir.resolve(DEALS_FILE)));
    }

    /** The files of the data set that are not in {@code dir}, empty when both are there. */
    public static List<String> missingFiles(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String file : List.of(MQL_FILE, DEALS_FILE)) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                missing.add(file);
            }
        }
        return missing;
    }

    public OlistReplayPlan convert(CsvTable mqls, CsvTable deals) {
        mqls.requireColumns(MQL_FILE, "mql_id", "first_contact_date", "landing_page_id", "origin");
        deals.requireColumns(
                DEALS_FILE,
                "mql_id",
                "sr_id",
                "won_date",
                "business_segment",
                "lead_type",
                "declared_monthly_revenue");
        List<ReplayRecord> records = new ArrayList<>();
        Map<String, Instant> createdAt = new HashMap<>();
        Map<String, Long> sources = new TreeMap<>();
        LocalDate firstContactFrom = null;
        LocalDate firstContactTo = null;
        for (Map<String, String> row : mqls.rows()) {
            String leadId = row.get("mql_id");
            LocalDate day = parseDay(row.get("first_contact_date"), leadId);
            Instant created = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (createdAt.put(leadId, created) != null) {
                throw new IllegalArgumentException(MQL_FILE + ": mql_id " + leadId + " repeats");
            }
            String leadSource = leadSource(row.get("origin"));
            sources.merge(leadSource, 1L, Long::sum);
            firstContactFrom = min(firstContactFrom, day);
            firstContactTo = max(firstContactTo, day);
            records.add(leadCreated(leadId, created, row, leadSource));
        }

        int joined = 0;
        int unjoined = 0;
        int winsAfterLastContact = 0;
        Instant lastWonAt = null;
        List<String> clamped = new ArrayList<>();
        Instant endOfContacts =
                firstContactTo == null
                        ? Instant.MAX
                        : firstContactTo.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (Map<String, String> row : deals.rows()) {
            String leadId = row.get("mql_id");
            Instant created = createdAt.get(leadId);
            if (created == null) {
                unjoined++;
                continue;
            }
            joined++;
            Instant won = parseWon(row.get("won_date"), leadId);
            lastWonAt = lastWonAt == null || won.isAfter(lastWonAt) ? won : lastWonAt;
            if (!won.isBefore(endOfContacts)) {
                winsAfterLastContact++;
            }
            // A lead cannot be won before it exists: the data set has a deal won two days before
            // its first contact. Keep the capture (it anchors the cohort) and move the win just
            // after it, so the lead's history stays possible and the deal still counts.
            if (!won.isAfter(created)) {
                clamped.add(leadId);
                won = created.plus(ONE_SECOND);
            }
            Instant before = won.minus(ONE_SECOND);
            if (before.isBefore(created)) {
                before = created;
            }
            String segment = row.get("business_segment");
            if (!segment.isEmpty()) {
                records.add(segmentUpdated(leadId, before, segment));
            }
            String rep = row.get("sr_id");
            if (!rep.isEmpty()) {
                records.add(assigned(leadId, before, rep));
            }
            records.add(won(leadId, won, row));
        }
        records.sort(
                Comparator.comparing(ReplayRecord::occurredAt)
                        .thenComparing(r -> r.eventId().startsWith("olist:mql:") ? 0 : 1)
                        .thenComparing(ReplayRecord::eventId));
        return new OlistReplayPlan(
                records,
                createdAt.size(),
                joined,
                unjoined,
                clamped,
                byCountDescending(sources),
                firstContactFrom,
                firstContactTo,
                lastWonAt,
                winsAfterLastContact);
    }

    /**
     * The capture channel for an Olist origin. Every Olist MQL filled in a form on a landing page,
     * so marketing origins without a channel of their own (search, display, direct traffic, other
     * publicities, other) were captured by a web form; email, social and referral keep their
     * channel; an origin that is unknown or empty says nothing about the channel, so it is other.
     */
    public static String channel(String origin) {
        return switch (origin) {
            case "email" -> "email";
            case "social" -> "social";
            case "referral" -> "referral";
            case "unknown", "" -> "other";
            default -> "web_form";
        };
    }

    /**
     * The leadSource for an Olist origin. The data set has two kinds of missing origin and they are
     * kept apart: the literal {@code unknown} (the source was recorded as not known) stays {@code
     * unknown}; an empty field (nothing was recorded) becomes {@value #UNSPECIFIED}.
     */
    public static String leadSource(String origin) {
        return origin.isEmpty() ? UNSPECIFIED : origin;
    }

    private static ReplayRecord leadCreated(
            String leadId, Instant at, Map<String, String> row, String leadSource) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("channel", channel(row.get("origin")));
        payload.put("leadSource", leadSource);
        if (!row.get("landing_page_id").isEmpty()) {
            payload.put("landingPage", row.get("landing_page_id"));
        }
        payload.put("initialStatus", "MQL");
        return event(
                ReplayRecord.Topic.LEADS,
                "olist:mql:" + leadId,
                "lead.created",
                leadId,
                at,
                payload);
    }

    private static ReplayRecord segmentUpdated(String leadId, Instant at, String segment) {
        ObjectNode payload = JSON.createObjectNode();
        payload.putObject("firmographics").put("segment", segment);
        return event(
                ReplayRecord.Topic.LEADS,
                "olist:segment:" + leadId,
                "lead.updated",
                leadId,
                at,
                payload);
    }

    private static ReplayRecord assigned(String leadId, Instant at, String salesRep) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("owner", salesRep);
        return event(
                ReplayRecord.Topic.LEADS,
                "olist:assigned:" + leadId,
                "lead.assigned",
                leadId,
                at,
                payload);
    }

    private static ReplayRecord won(String leadId, Instant at, Map<String, String> row) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("action", "won");
        payload.put("opportunityId", "olist:" + leadId);
        payload.put("stage", "closed_won");
        double revenue = revenue(row.get("declared_monthly_revenue"), leadId);
        // Olist writes 0 for "not declared"; a won deal worth nothing would be a false amount.
        if (revenue > 0) {
            payload.put("amount", revenue);
            payload.put("currency", "BRL");
        }
        if (!row.get("lead_type").isEmpty()) {
            payload.put("leadType", row.get("lead_type"));
        }
        return event(
                ReplayRecord.Topic.ACTIVITIES,
                "olist:won:" + leadId,
                "opportunity",
                leadId,
                at,
                payload);
    }

    private static ReplayRecord event(
            ReplayRecord.Topic topic,
            String eventId,
            String type,
            String leadId,
            Instant at,
            ObjectNode payload) {
        return ReplayRecord.event(topic, eventId, type, leadId, SOURCE, at, payload);
    }

    private static LocalDate parseDay(String text, String leadId) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    MQL_FILE
                            + ": mql_id "
                            + leadId
                            + ": first_contact_date '"
                            + text
                            + "' is not YYYY-MM-DD");
        }
    }

    private static Instant parseWon(String text, String leadId) {
        try {
            return LocalDateTime.parse(text, WON_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    DEALS_FILE
                            + ": mql_id "
                            + leadId
                            + ": won_date '"
                            + text
                            + "' is not YYYY-MM-DD HH:MM:SS");
        }
    }

    private static double revenue(String text, String leadId) {
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    DEALS_FILE
                            + ": mql_id "
                            + leadId
                            + ": declared_monthly_revenue '"
                            + text
                            + "' is not a number");
        }
    }

    private static Map<String, Long> byCountDescending(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(
                        Map.Entry.<String, Long>comparingByValue()
                                .reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}

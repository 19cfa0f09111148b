package io.leadflow.generator.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the public X Education lead-scoring data set ({@code Leads.csv}: 9,240 leads of an online
 * course seller, one row each, with how much each lead looked at the web site and whether it
 * converted) into leadflow events. Every row becomes a {@code lead.created} in status INQUIRY, a
 * consent change when the lead asked not to be emailed or called, one inbound activity per page
 * viewed, per started five minutes on the site and for the free e-book download, and, for a
 * converted lead, SQL, an opportunity created and that opportunity won. The file has no dates, so
 * time is laid out by a fixed rule (the constants below): converting twice gives byte-identical
 * events with ids derived from the Prospect ID, and a replay overwrites rather than adds. Pure:
 * reads a file, touches no Kafka.
 *
 * <p>Columns used: Prospect ID (leadId), Lead Origin, Lead Source, Do Not Email, Do Not Call,
 * TotalVisits, Page Views Per Visit, Total Time Spent on Website, Country, Specialization, What is
 * your current occupation, A free copy of Mastering The Interview, and Converted (only as the
 * outcome). Columns not used, by reason:
 *
 * <ul>
 *   <li>Tags, Lead Quality, Lead Profile, Asymmetrique Activity Index / Profile Index / Activity
 *       Score / Profile Score: assigned by the sales team or a scoring system while working the
 *       lead, so they encode the outcome they would be used to predict.
 *   <li>Last Activity, Last Notable Activity: recorded when the data was extracted, after the
 *       outcome (values such as "Had a Phone Conversation" are the sales process itself).
 *   <li>Lead Number: a second id of the same lead; Prospect ID is the one kept.
 *   <li>City: Indian city groups ("Thane &amp; Outskirts", "Other Cities"), "Select" for a third of
 *       the rows; the contract has no city, and Country is kept.
 *   <li>How did you hear about X Education, What matters most to you in choosing a course: survey
 *       answers with no place in the event contract, mostly "Select" or empty, or one value.
 *   <li>Search, Magazine, Newspaper Article, X Education Forums, Newspaper, Digital Advertisement,
 *       Through Recommendations: ad-exposure flags that are "No" for 99.8 % or more of the rows.
 *   <li>Receive More Updates About Our Courses, Update me on Supply Chain Content, Get updates on
 *       DM Content, I agree to pay the amount through cheque: "No" in every row, so they say
 *       nothing.
 * </ul>
 */
public final class XEducationLeads {

    public static final String FILE = "Leads.csv";

    /** The {@code source} of every event: an import of the X Education list (SPEC section 1). */
    public static final String SOURCE = "import:x-education";

    /** The value the data set writes for a drop-down left alone: nothing was chosen. */
    public static final String NOT_CHOSEN = "Select";

    // The time layout, all in one place: the file has no dates, so every time is derived from the
    // lead's position in the file. Lead i (0-based, file order) is created at FIRST_LEAD_AT + i x
    // LEAD_SPACING; everything else about it is relative to its creation.

    /** Creation of the first lead in the file. */
    public static final Instant FIRST_LEAD_AT = Instant.parse("2024-01-01T00:00:00Z");

    /** Between the creations of two consecutive leads: 9,240 leads span about 128 days. */
    public static final Duration LEAD_SPACING = Duration.ofMinutes(20);

    /** From creation to the consent change (Do Not Email / Do Not Call). */
    public static final Duration CONSENT_AFTER = Duration.ofSeconds(1);

    /**
     * The engagement activities lie evenly spread inside this window after creation, strictly after
     * creation and at distinct seconds (see {@link #activityTimes}).
     */
    public static final Duration ENGAGEMENT_WINDOW = Duration.ofHours(48);

    /** From creation to SQL, for a converted lead. */
    public static final Duration SQL_AFTER = Duration.ofDays(7);

    /** From creation to the opportunity's creation, for a converted lead. */
    public static final Duration OPPORTUNITY_AFTER = Duration.ofDays(10);

    /**
     * From creation to the win: one second after the opportunity's creation, so the two never tie
     * and no reader has to know how ties are broken.
     */
    public static final Duration WON_AFTER = OPPORTUNITY_AFTER.plusSeconds(1);

    /**
     * Most page views per lead. A handful of rows claim thousands (TotalVisits 251 x 5.5 pages):
     * bots or tracking errors, and one lead with thousands of activities would dominate replay time
     * and any activity-based measure. 19 leads of the data set are capped.
     */
    public static final int MAX_PAGE_VIEWS = 200;

    /** Each time-on-site activity stands for this much time on the site (a started unit counts). */
    public static final Duration SITE_TIME_UNIT = Duration.ofMinutes(5);

    /** Most time-on-site activities per lead (500 minutes); the data set's longest is 8. */
    public static final int MAX_SITE_TIME = 100;

    // The activity schema's kind is an enum without a time-on-site kind: a site-time activity is
    // a page_view marked by this url, so it can be told apart from a page actually viewed.

    /** {@code url} of a page actually viewed (kind page_view): scoring rules can tell it apart. */
    public static final String PAGE_URL = "x-education:page";

    /** {@code url} of a time-on-site activity (kind page_view). */
    public static final String SITE_TIME_URL = "x-education:site_time";

    /** {@code url} of the e-book download (kind content_download). */
    public static final String EBOOK_URL = "x-education:mastering_the_interview";

    private static final String PROSPECT_ID = "Prospect ID";
    private static final String LEAD_ORIGIN = "Lead Origin";
    private static final String LEAD_SOURCE = "Lead Source";
    private static final String DO_NOT_EMAIL = "Do Not Email";
    private static final String DO_NOT_CALL = "Do Not Call";
    private static final String CONVERTED = "Converted";
    private static final String TOTAL_VISITS = "TotalVisits";
    private static final String SECONDS_ON_SITE = "Total Time Spent on Website";
    private static final String PAGES_PER_VISIT = "Page Views Per Visit";
    private static final String COUNTRY = "Country";
    private static final String SPECIALIZATION = "Specialization";
    private static final String OCCUPATION = "What is your current occupation";
    private static final String EBOOK = "A free copy of Mastering The Interview";

    /** Country names as the data set writes them, to ISO 3166-1 alpha-2 (the schema's form). */
    private static final Map<String, String> COUNTRIES =
            Map.ofEntries(
                    Map.entry("Australia", "AU"),
                    Map.entry("Bahrain", "BH"),
                    Map.entry("Bangladesh", "BD"),
                    Map.entry("Belgium", "BE"),
                    Map.entry("Canada", "CA"),
                    Map.entry("China", "CN"),
                    Map.entry("Denmark", "DK"),
                    Map.entry("France", "FR"),
                    Map.entry("Germany", "DE"),
                    Map.entry("Ghana", "GH"),
                    Map.entry("Hong Kong", "HK"),
                    Map.entry("India", "IN"),
                    Map.entry("Indonesia", "ID"),
                    Map.entry("Italy", "IT"),
                    Map.entry("Kenya", "KE"),
                    Map.entry("Kuwait", "KW"),
                    Map.entry("Liberia", "LR"),
                    Map.entry("Malaysia", "MY"),
                    Map.entry("Netherlands", "NL"),
                    Map.entry("Nigeria", "NG"),
                    Map.entry("Oman", "OM"),
                    Map.entry("Philippines", "PH"),
                    Map.entry("Qatar", "QA"),
                    Map.entry("Russia", "RU"),
                    Map.entry("Saudi Arabia", "SA"),
                    Map.entry("Singapore", "SG"),
                    Map.entry("South Africa", "ZA"),
                    Map.entry("Sri Lanka", "LK"),
                    Map.entry("Sweden", "SE"),
                    Map.entry("Switzerland", "CH"),
                    Map.entry("Tanzania", "TZ"),
                    Map.entry("Uganda", "UG"),
                    Map.entry("United Arab Emirates", "AE"),
                    Map.entry("United Kingdom", "GB"),
                    Map.entry("United States", "US"),
                    Map.entry("Vietnam", "VN"));

    private static final BigDecimal SITE_TIME_SECONDS =
            BigDecimal.valueOf(SITE_TIME_UNIT.toSeconds());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code file} (the data set's Leads.csv) and converts it. */
    public XEducationReplayPlan read(Path file) throws IOException {
        return convert(CsvTable.read(file));
    }

    public XEducationReplayPlan convert(CsvTable leads) {
        leads.requireColumns(
                FILE,
                PROSPECT_ID,
                LEAD_ORIGIN,
                LEAD_SOURCE,
                DO_NOT_EMAIL,
                DO_NOT_CALL,
                CONVERTED,
                TOTAL_VISITS,
                SECONDS_ON_SITE,
                PAGES_PER_VISIT,
                COUNTRY,
                SPECIALIZATION,
                OCCUPATION,
                EBOOK);
        List<ReplayRecord> records = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Long> sources = new TreeMap<>();
        Map<String, Long> unmappedCountries = new TreeMap<>();
        int converted = 0;
        int consentChanges = 0;
        long pageViews = 0;
        long siteTime = 0;
        int downloads = 0;
        List<String> pageViewsCapped = new ArrayList<>();
        List<String> siteTimeCapped = new ArrayList<>();
        int index = 0;
        for (Map<String, String> row : leads.rows()) {
            String leadId = row.get(PROSPECT_ID).trim();
            if (leadId.isEmpty()) {
                throw new IllegalArgumentException(
                        FILE + ": row " + (index + 1) + " has no " + PROSPECT_ID);
            }
            if (!seen.add(leadId)) {
                throw new IllegalArgumentException(
                        FILE + ": " + PROSPECT_ID + " " + leadId + " repeats");
            }
            Instant created = createdAt(index);
            index++;

            String leadSource = snake(value(row, LEAD_SOURCE));
            sources.merge(leadSource, 1L, Long::sum);
            String country = value(row, COUNTRY);
            if (!country.isEmpty() && !COUNTRIES.containsKey(country)) {
                unmappedCountries.merge(country, 1L, Long::sum);
            }
            records.add(leadCreated(leadId, created, row, leadSource));

            boolean noEmail = flag(row, DO_NOT_EMAIL, leadId);
            boolean noCall = flag(row, DO_NOT_CALL, leadId);
            if (noEmail || noCall) {
                records.add(consent(leadId, created.plus(CONSENT_AFTER), noEmail, noCall));
                consentChanges++;
            }

            int pages = pageViews(value(row, TOTAL_VISITS), value(row, PAGES_PER_VISIT), leadId);
            if (pages > MAX_PAGE_VIEWS) {
                pageViewsCapped.add(leadId);
                pages = MAX_PAGE_VIEWS;
            }
            int units = siteTimeUnits(value(row, SECONDS_ON_SITE), leadId);
            if (units > MAX_SITE_TIME) {
                siteTimeCapped.add(leadId);
                units = MAX_SITE_TIME;
            }
            boolean download = flag(row, EBOOK, leadId);
            pageViews += pages;
            siteTime += units;
            downloads += download ? 1 : 0;
            records.addAll(engagement(leadId, created, pages, units, download));

            if (converted(row, leadId)) {
                converted++;
                records.add(sql(leadId, created.plus(SQL_AFTER)));
                records.add(opportunity(leadId, created.plus(OPPORTUNITY_AFTER), "created"));
                records.add(opportunity(leadId, created.plus(WON_AFTER), "won"));
            }
        }
        records.sort(
                Comparator.comparing(ReplayRecord::occurredAt)
                        .thenComparing(r -> r.eventId().startsWith("x-education:created:") ? 0 : 1)
                        .thenComparing(ReplayRecord::eventId));
        return new XEducationReplayPlan(
                records,
                index,
                converted,
                consentChanges,
                pageViews,
                siteTime,
                downloads,
                pageViewsCapped,
                siteTimeCapped,
                byCountDescending(sources),
                unmappedCountries,
                index == 0 ? null : FIRST_LEAD_AT,
                index == 0 ? null : createdAt(index - 1));
    }

    /** When lead {@code index} (0-based, in file order) is created. */
    public static Instant createdAt(int index) {
        return FIRST_LEAD_AT.plus(LEAD_SPACING.multipliedBy(index));
    }

    /**
     * The capture channel for a Lead Origin. The contract's channel is an enum (web_form, phone,
     * ..., list_import, other) that has no value per origin: a landing-page submission is a web
     * form; API, Lead Add Form and Quick Add Form (entered through the CRM's API or by staff) and
     * Lead Import are other. Lead Import is deliberately not list_import: that channel starts a
     * lead as PROSPECT when no initial status is given, and these leads all start in the funnel.
     * The origin itself is kept as the lead's {@code medium} (see {@link #leadCreated}).
     */
    public static String channel(String origin) {
        return "landing_page_submission".equals(snake(origin)) ? "web_form" : "other";
    }

    /** The ISO 3166-1 alpha-2 code of a country as the data set names it, or empty when none. */
    public static String countryCode(String country) {
        return COUNTRIES.getOrDefault(country, "");
    }

    /**
     * A value as an identifier: trimmed, lower case, every run of other characters than letters and
     * digits one underscore ({@code Google} and {@code google} are one source, {@code Banking,
     * Investment And Insurance} is {@code banking_investment_and_insurance}), "Select" and blank as
     * empty.
     */
    public static String snake(String value) {
        String text = value.trim();
        if (text.equals(NOT_CHOSEN)) {
            return "";
        }
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
    }

    /**
     * Pages a lead viewed: TotalVisits x Page Views Per Visit, rounded half up on the exact decimal
     * product (5 visits of 2.5 pages are 13 pages, whatever binary floating point would make of
     * it); an empty field is 0.
     */
    public static int pageViews(String totalVisits, String pagesPerVisit, String leadId) {
        BigDecimal visits = number(totalVisits, TOTAL_VISITS, leadId);
        BigDecimal perVisit = number(pagesPerVisit, PAGES_PER_VISIT, leadId);
        BigDecimal pages = visits.multiply(perVisit).setScale(0, RoundingMode.HALF_UP);
        // Absurd figures only need to exceed the cap, not to fit an int.
        return pages.min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue();
    }

    /** Time-on-site activities for a number of seconds on the site: one per started unit. */
    public static int siteTimeUnits(String seconds, String leadId) {
        return number(seconds, SECONDS_ON_SITE, leadId)
                .divide(SITE_TIME_SECONDS, 0, RoundingMode.CEILING)
                .min(BigDecimal.valueOf(Integer.MAX_VALUE))
                .intValue();
    }

    /**
     * The times of {@code count} activities of a lead created at {@code created}: slot k (1..count)
     * at created + k x window / (count + 1), whole seconds rounded down. With at most {@link
     * #MAX_PAGE_VIEWS} + {@link #MAX_SITE_TIME} + 1 activities the slots are over nine minutes
     * apart, so they are distinct, all strictly after creation (and after the consent change) and
     * before the window ends.
     */
    static List<Instant> activityTimes(Instant created, int count) {
        long window = ENGAGEMENT_WINDOW.toSeconds();
        List<Instant> times = new ArrayList<>(count);
        for (long k = 1; k <= count; k++) {
            times.add(created.plusSeconds(k * window / (count + 1)));
        }
        return times;
    }

    /**
     * The engagement activities, interleaved: the j-th of a kind's c activities stands at (j + 1/2)
     * / c of the window, and the activities take the evenly spread slots in that order (page views
     * before site time before the download on a tie), so a lead's page views and its time on the
     * site are spread over the same two days rather than one after the other.
     */
    private static List<ReplayRecord> engagement(
            String leadId, Instant created, int pages, int units, boolean download) {
        record Touch(int kindOrder, String name, int j, int count) {}
        List<Touch> touches = new ArrayList<>();
        for (int j = 0; j < pages; j++) {
            touches.add(new Touch(0, "page_view", j, pages));
        }
        for (int j = 0; j < units; j++) {
            touches.add(new Touch(1, "site_time", j, units));
        }
        if (download) {
            touches.add(new Touch(2, "content_download", 0, 1));
        }
        // (2j + 1) / 2c compared exactly, by cross-multiplying: no rounding can reorder a tie.
        touches.sort(
                (a, b) -> {
                    int byPosition =
                            Long.compare(
                                    (2L * a.j() + 1) * b.count(), (2L * b.j() + 1) * a.count());
                    return byPosition != 0
                            ? byPosition
                            : Integer.compare(a.kindOrder(), b.kindOrder());
                });
        List<Instant> times = activityTimes(created, touches.size());
        List<ReplayRecord> records = new ArrayList<>(touches.size());
        for (int i = 0; i < touches.size(); i++) {
            Touch t = touches.get(i);
            ObjectNode payload = JSON.createObjectNode();
            switch (t.name()) {
                case "page_view" -> payload.put("kind", "page_view").put("url", PAGE_URL);
                case "site_time" -> payload.put("kind", "page_view").put("url", SITE_TIME_URL);
                default -> payload.put("kind", "content_download").put("url", EBOOK_URL);
            }
            payload.put("direction", "inbound");
            String eventId =
                    "x-education:"
                            + t.name()
                            + ":"
                            + leadId
                            + (t.name().equals("content_download") ? "" : ":" + (t.j() + 1));
            records.add(
                    event(
                            ReplayRecord.Topic.ACTIVITIES,
                            eventId,
                            "activity",
                            leadId,
                            times.get(i),
                            payload));
        }
        return records;
    }

    /**
     * The capture: channel from Lead Origin (see {@link #channel}) with the origin itself as {@code
     * medium}, because the channel enum cannot hold it and it is the data set's strongest split (a
     * lead added by staff converts far more often than one from a landing page); status INQUIRY,
     * explicitly, so no channel default can start a lead outside the funnel.
     */
    private static ReplayRecord leadCreated(
            String leadId, Instant at, Map<String, String> row, String leadSource) {
        ObjectNode payload = JSON.createObjectNode();
        String origin = value(row, LEAD_ORIGIN);
        payload.put("channel", channel(origin));
        if (!leadSource.isEmpty()) {
            payload.put("leadSource", leadSource);
        }
        if (!snake(origin).isEmpty()) {
            payload.put("medium", snake(origin));
        }
        payload.put("initialStatus", "INQUIRY");
        ObjectNode firmographics = JSON.createObjectNode();
        String country = countryCode(value(row, COUNTRY));
        if (!country.isEmpty()) {
            firmographics.put("country", country);
        }
        String industry = snake(value(row, SPECIALIZATION));
        if (!industry.isEmpty()) {
            firmographics.put("industry", industry);
        }
        String segment = snake(value(row, OCCUPATION));
        if (!segment.isEmpty()) {
            firmographics.put("segment", segment);
        }
        if (!firmographics.isEmpty()) {
            payload.set("firmographics", firmographics);
        }
        return event(
                ReplayRecord.Topic.LEADS,
                "x-education:created:" + leadId,
                "lead.created",
                leadId,
                at,
                payload);
    }

    private static ReplayRecord consent(
            String leadId, Instant at, boolean noEmail, boolean noCall) {
        ObjectNode payload = JSON.createObjectNode();
        ObjectNode consent = payload.putObject("consent");
        // Only a refusal is news: "No" to Do Not Email is no statement that emailing was allowed.
        if (noEmail) {
            consent.put("email", false);
        }
        if (noCall) {
            consent.put("phone", false);
        }
        return event(
                ReplayRecord.Topic.LEADS,
                "x-education:consent:" + leadId,
                "lead.updated",
                leadId,
                at,
                payload);
    }

    private static ReplayRecord sql(String leadId, Instant at) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("status", "SQL");
        payload.put("reason", "enrolled");
        payload.put("actor", "sales");
        return event(
                ReplayRecord.Topic.LEADS,
                "x-education:sql:" + leadId,
                "lead.status_changed",
                leadId,
                at,
                payload);
    }

    private static ReplayRecord opportunity(String leadId, Instant at, String action) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("action", action);
        payload.put("opportunityId", "x-education:" + leadId);
        if (action.equals("won")) {
            payload.put("stage", "closed_won");
        }
        // No amount: the data set has no price, and a made-up one would end up in revenue sums.
        return event(
                ReplayRecord.Topic.ACTIVITIES,
                "x-education:opportunity_" + action + ":" + leadId,
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

    /** A field's text, trimmed, with "Select" (nothing chosen) as empty. */
    private static String value(Map<String, String> row, String column) {
        String text = row.get(column).trim();
        return text.equals(NOT_CHOSEN) ? "" : text;
    }

    /**
     * A Yes/No column: Yes is true, No and empty are false; anything else is an error, because a
     * misread flag would silently grant or withdraw consent.
     */
    private static boolean flag(Map<String, String> row, String column, String leadId) {
        String text = value(row, column);
        return switch (text) {
            case "Yes" -> true;
            case "No", "" -> false;
            default ->
                    throw new IllegalArgumentException(
                            FILE
                                    + ": "
                                    + PROSPECT_ID
                                    + " "
                                    + leadId
                                    + ": "
                                    + column
                                    + " '"
                                    + text
                                    + "' is not Yes or No");
        };
    }

    private static boolean converted(Map<String, String> row, String leadId) {
        String text = value(row, CONVERTED);
        return switch (text) {
            case "1" -> true;
            case "0" -> false;
            default ->
                    throw new IllegalArgumentException(
                            FILE
                                    + ": "
                                    + PROSPECT_ID
                                    + " "
                                    + leadId
                                    + ": "
                                    + CONVERTED
                                    + " '"
                                    + text
                                    + "' is not 0 or 1");
        };
    }

    /** A non-negative decimal; empty (the data set's 137 rows without visits) is 0. */
    private static BigDecimal number(String text, String column, String leadId) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.equals(NOT_CHOSEN)) {
            return BigDecimal.ZERO;
        }
        BigDecimal n;
        try {
            n = new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            n = null;
        }
        if (n == null || n.signum() < 0) {
            throw new IllegalArgumentException(
                    FILE
                            + ": "
                            + PROSPECT_ID
                            + " "
                            + leadId
                            + ": "
                            + column
                            + " '"
                            + trimmed
                            + "' is not a number of 0 or more");
        }
        return n;
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
}

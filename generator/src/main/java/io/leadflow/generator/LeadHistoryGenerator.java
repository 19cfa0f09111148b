package io.leadflow.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates realistic, seeded lead histories for tests, benchmarks and the demo: leads captured
 * from sources of different volume and quality (busy weekday office hours, purchased lists imported
 * in batches), walked through the lifecycle by {@link LeadJourney}, plus daily {@code
 * campaign.cost} events for paid campaigns. While generating it records each lead's {@link
 * LeadTruth} with {@link LeadTruthRecorder}, independently of any job code. The same {@link
 * GeneratorSettings} always give byte-identical events: all randomness comes from one {@link
 * SplittableRandom} seed, split per lead so a lead's history never depends on another's draws.
 */
public final class LeadHistoryGenerator {

    private static final double[] SOURCE_VOLUMES =
            LeadSourceProfile.CATALOG.stream().mapToDouble(LeadSourceProfile::volume).toArray();

    private final GeneratorSettings settings;

    public LeadHistoryGenerator(GeneratorSettings settings) {
        this.settings = settings;
    }

    /** A capture planned before journeys run, so lead ids can follow capture time. */
    private record Capture(Instant at, LeadSourceProfile profile, String campaign) {}

    /** Generates all leads and campaign costs of the settings. */
    public GeneratedHistory generate() {
        Dice root = new Dice(new SplittableRandom(settings.seed()));
        Dice planning = root.split();
        Dice costs = root.split();

        List<Capture> captures = new ArrayList<>(settings.leadCount());
        for (int i = 0; i < settings.leadCount(); i++) {
            LeadSourceProfile profile = pickSource(planning);
            String campaign = planning.pick(profile.campaigns());
            Instant at =
                    profile.listImport()
                            ? importTime(profile, campaign, planning)
                            : businessTime(planning);
            captures.add(new Capture(at, profile, campaign));
        }
        captures.sort(Comparator.comparing(Capture::at));

        List<LeadEvent> events = new ArrayList<>();
        Map<String, LeadTruth> truths = new LinkedHashMap<>();
        int width = Math.max(6, String.valueOf(settings.leadCount()).length());
        for (int i = 0; i < captures.size(); i++) {
            Capture capture = captures.get(i);
            String leadId =
                    settings.leadIdPrefix() + String.format(Locale.ROOT, "%0" + width + "d", i + 1);
            LeadHistory lead =
                    walk(
                            leadId,
                            capture.at(),
                            capture.profile(),
                            capture.campaign(),
                            root.split(),
                            settings.horizon());
            events.addAll(lead.events());
            truths.put(leadId, lead.truth());
        }
        if (settings.campaignCosts()) {
            events.addAll(
                    campaignCosts(settings.start(), settings.start().plus(settings.span()), costs));
        }
        // Stable sort: events of one lead have strictly increasing times, so their order stays.
        events.sort(Comparator.comparing(LeadEvent::occurredAt));
        return new GeneratedHistory(events, new GroundTruth(truths));
    }

    /**
     * Generates one lead captured at {@code capturedAt} from a random source, observed until {@code
     * horizon}. The live feed uses this to create leads as wall-clock time passes.
     */
    public LeadHistory generateLead(
            String leadId, Instant capturedAt, SplittableRandom random, Instant horizon) {
        Dice dice = new Dice(random);
        LeadSourceProfile profile = pickSource(dice);
        String campaign = dice.pick(profile.campaigns());
        return walk(
                leadId,
                capturedAt.truncatedTo(ChronoUnit.SECONDS),
                profile,
                campaign,
                dice,
                horizon);
    }

    private LeadHistory walk(
            String leadId,
            Instant at,
            LeadSourceProfile profile,
            String campaign,
            Dice dice,
            Instant horizon) {
        List<LeadEvent> events =
                new LeadJourney(leadId, at, profile, campaign, dice, horizon, settings.tempo())
                        .walk();
        LeadTruthRecorder recorder = new LeadTruthRecorder(leadId);
        events.forEach(recorder::apply);
        return new LeadHistory(leadId, events, recorder.truth());
    }

    /**
     * One {@code campaign.cost} event per paid campaign and UTC day in {@code [from, to)}, at the
     * day's last second. The event id is derived from campaign and day, so re-sending a day's cost
     * (as the live feed does after a restart) is deduplicated downstream.
     */
    static List<LeadEvent> campaignCosts(Instant from, Instant to, Dice dice) {
        List<LeadEvent> events = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate end = LocalDate.ofInstant(to.minusSeconds(1), ZoneOffset.UTC);
        for (LocalDate day = first; !day.isAfter(end); day = day.plusDays(1)) {
            for (LeadSourceProfile profile : LeadSourceProfile.CATALOG) {
                if (profile.dailySpend() <= 0) {
                    continue;
                }
                for (String campaign : profile.campaigns()) {
                    events.add(campaignCost(day, profile, campaign, dice));
                }
            }
        }
        return events;
    }

    /** Convenience for callers outside the package: campaign costs from a plain seed. */
    public static List<LeadEvent> campaignCosts(Instant from, Instant to, long seed) {
        return campaignCosts(from, to, new Dice(new SplittableRandom(seed)));
    }

    private static LeadEvent campaignCost(
            LocalDate day, LeadSourceProfile profile, String campaign, Dice dice) {
        // Weekend ad spend is lower, as most B2B bidding strategies throttle on weekends.
        boolean weekend =
                day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        double spend = profile.dailySpend() * dice.uniform(0.6, 1.4) * (weekend ? 0.4 : 1.0);
        ObjectNode payload = LeadEvent.JSON.createObjectNode();
        payload.put("day", day.toString());
        payload.put("leadSource", profile.leadSource());
        payload.put("campaign", campaign);
        payload.put("medium", profile.medium());
        payload.put("amount", BigDecimal.valueOf(spend).setScale(2, RoundingMode.HALF_UP));
        payload.put("currency", "USD");
        Instant at = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
        String eventId = "cost:" + profile.leadSource() + ":" + campaign + ":" + day;
        String system = profile.listImport() ? "finance" : "ads-api";
        return new LeadEvent(eventId, LeadEvent.CAMPAIGN_COST, null, at, system, payload);
    }

    private static LeadSourceProfile pickSource(Dice dice) {
        return dice.weighted(LeadSourceProfile.CATALOG, SOURCE_VOLUMES);
    }

    /** Leads arrive mostly on weekdays in office hours (UTC as a stand-in for local time). */
    private Instant businessTime(Dice dice) {
        long spanSeconds = settings.span().toSeconds();
        Instant candidate = settings.start();
        for (int tries = 0; tries < 50; tries++) {
            candidate = settings.start().plusSeconds(dice.between(0L, spanSeconds - 1));
            ZonedDateTime local = candidate.atZone(ZoneOffset.UTC);
            boolean weekend = local.getDayOfWeek().getValue() >= 6;
            boolean office = local.getHour() >= 8 && local.getHour() < 19;
            double weight = (weekend ? 0.3 : 1.0) * (office ? 1.0 : 0.2);
            if (dice.chance(weight)) {
                return candidate;
            }
        }
        return candidate;
    }

    /**
     * Purchased lists are imported in three batches per list, spread over the capture window;
     * records of one batch land within half an hour of each other.
     */
    private Instant importTime(LeadSourceProfile profile, String list, Dice dice) {
        int batch = dice.between(0, 2);
        int listIndex = profile.campaigns().indexOf(list);
        long spanSeconds = settings.span().toSeconds();
        long batchStart =
                spanSeconds * (2L * batch + 1) / 6
                        + listIndex * Math.min(86_400L, spanSeconds / 12);
        long offset = dice.between(0L, Math.min(1_800L, Math.max(0L, spanSeconds / 100)));
        long at = Math.min(spanSeconds - 1, batchStart + offset);
        return settings.start().plusSeconds(at);
    }
}

package io.leadflow.generator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Sanity checks that 10k generated leads look like a real B2B funnel, not uniform noise. */
class LeadHistoryRealismTest {

    private final GeneratedHistory history = GeneratedSamples.tenThousandLeads();

    private Map<String, String> sourceByLead() {
        Map<String, String> sources = new HashMap<>();
        for (LeadEvent event : history.events()) {
            if (LeadEvent.LEAD_CREATED.equals(event.type())) {
                sources.put(event.leadId(), event.payload().path("leadSource").asText());
            }
        }
        return sources;
    }

    @Test
    void sourcesDifferInVolumeAndConversion() {
        Map<String, String> sources = sourceByLead();
        Map<String, int[]> perSource = new HashMap<>();
        for (LeadTruth lead : history.truth().all()) {
            int[] counts = perSource.computeIfAbsent(sources.get(lead.leadId()), s -> new int[2]);
            counts[0]++;
            if (lead.reached("SQL") || lead.reached("OPPORTUNITY")) {
                counts[1]++;
            }
        }
        Map<String, Double> sqlRate =
                perSource.entrySet().stream()
                        .collect(
                                Collectors.toMap(
                                        Map.Entry::getKey,
                                        e -> e.getValue()[1] / (double) e.getValue()[0]));

        assertThat(perSource).hasSizeGreaterThanOrEqualTo(8);
        assertThat(perSource.get("google_ads")[0]).isGreaterThan(4 * perSource.get("tradeshow")[0]);
        assertThat(sqlRate.get("partner_referral")).isGreaterThan(1.5 * sqlRate.get("google_ads"));
        assertThat(sqlRate.get("tradeshow")).isGreaterThan(sqlRate.get("organic_search"));
        assertThat(sqlRate.get("purchased_list")).isLessThan(0.05);
    }

    @Test
    void someLeadsAreNeverContactedEvenAfterQualifying() {
        long ignoredMqls =
                history.truth().all().stream()
                        .filter(lead -> lead.reached("MQL"))
                        .filter(lead -> lead.contactStatus().equals("NOT_CONTACTED"))
                        .count();
        Set<String> contactStatuses =
                history.truth().all().stream()
                        .map(LeadTruth::contactStatus)
                        .collect(Collectors.toSet());

        assertThat(ignoredMqls).isGreaterThan(50);
        assertThat(contactStatuses)
                .containsExactlyInAnyOrder(
                        "NOT_CONTACTED",
                        "ATTEMPTING",
                        "CONNECTED",
                        "UNRESPONSIVE",
                        "BAD_CONTACT_DATA");
    }

    @Test
    void recycledLeadsComeBackInASecondCycleMonthsLater() {
        List<LeadTransition> reentries =
                history.truth().all().stream()
                        .flatMap(lead -> lead.transitions().stream())
                        .filter(t -> t.from().equals("RECYCLED"))
                        .toList();

        assertThat(reentries).isNotEmpty().allMatch(t -> t.cycle() >= 2);
        assertThat(history.truth().all().stream().filter(lead -> lead.cycle() == 2).count())
                .isGreaterThan(50);
        assertThat(history.truth().all())
                .anySatisfy(
                        lead -> {
                            List<LeadTransition> t = lead.transitions();
                            for (int i = 1; i < t.size(); i++) {
                                if (t.get(i).from().equals("RECYCLED")
                                        && Duration.between(
                                                                t.get(i - 1).occurredAt(),
                                                                t.get(i).occurredAt())
                                                        .toDays()
                                                > 30) {
                                    return;
                                }
                            }
                            throw new AssertionError("no late re-entry");
                        });
    }

    @Test
    void disqualificationsCarryVariedReasons() {
        List<LeadTransition> disqualified =
                history.truth().all().stream()
                        .flatMap(lead -> lead.transitions().stream())
                        .filter(t -> t.to().equals("DISQUALIFIED"))
                        .toList();

        assertThat(disqualified).hasSizeGreaterThan(500).allMatch(t -> t.reason() != null);
        assertThat(disqualified.stream().map(LeadTransition::reason).collect(Collectors.toSet()))
                .contains("no budget", "competitor", "student", "bad data", "duplicate");
    }

    @Test
    void someLeadsSkipStagesAndAllOutcomesOccur() {
        Set<String> moves =
                history.truth().all().stream()
                        .flatMap(lead -> lead.transitions().stream())
                        .map(t -> t.from() + "->" + t.to() + (t.implied() ? " (implied)" : ""))
                        .collect(Collectors.toSet());

        assertThat(moves)
                .contains(
                        "->PROSPECT",
                        "->INQUIRY",
                        "->INQUIRY (implied)",
                        "PROSPECT->INQUIRY",
                        "INQUIRY->MQL",
                        "MQL->SAL",
                        "SAL->SQL",
                        "SQL->OPPORTUNITY",
                        "OPPORTUNITY->WON",
                        "OPPORTUNITY->LOST",
                        "INQUIRY->MQL (implied)",
                        "MQL->SAL (implied)",
                        "SAL->SQL",
                        "INQUIRY->NURTURE",
                        "NURTURE->INQUIRY (implied)",
                        "SAL->RECYCLED",
                        "RECYCLED->INQUIRY (implied)",
                        "RECYCLED->INQUIRY");
    }

    @Test
    void timeToFirstContactIsHoursTypicallyWithALongTailOfDays() {
        Map<String, Instant> created = new HashMap<>();
        List<Duration> firstContact = new ArrayList<>();
        for (LeadEvent event : history.events()) {
            if (LeadEvent.LEAD_CREATED.equals(event.type())) {
                created.put(event.leadId(), event.occurredAt());
            } else if (LeadEvent.ACTIVITY.equals(event.type())
                    && "outbound".equals(event.payload().path("direction").asText())
                    && created.containsKey(event.leadId())) {
                firstContact.add(
                        Duration.between(created.remove(event.leadId()), event.occurredAt()));
            }
        }
        Collections.sort(firstContact);
        Duration median = firstContact.get(firstContact.size() / 2);
        long beyondThreeDays =
                firstContact.stream().filter(d -> d.compareTo(Duration.ofDays(3)) > 0).count();

        assertThat(firstContact).hasSizeGreaterThan(3_000);
        assertThat(median).isBetween(Duration.ofHours(1), Duration.ofHours(24));
        assertThat(beyondThreeDays).isGreaterThan(firstContact.size() / 20);
    }

    @Test
    void repsNeedSeveralAttemptsAndHandOffsHappen() {
        int maxAttempts =
                history.truth().all().stream().mapToInt(LeadTruth::contactAttempts).max().orElse(0);
        Map<String, Long> assignmentsPerLead =
                history.events().stream()
                        .filter(e -> LeadEvent.LEAD_ASSIGNED.equals(e.type()))
                        .collect(Collectors.groupingBy(LeadEvent::leadId, Collectors.counting()));

        assertThat(maxAttempts).isGreaterThanOrEqualTo(6);
        assertThat(assignmentsPerLead.values()).anyMatch(count -> count >= 2);
        assertThat(history.truth().all().stream().map(LeadTruth::owner).filter(Objects::nonNull))
                .allMatch(owner -> owner.matches("rep-\\d{2}"));
    }

    @Test
    void purchasedListsArriveAsProspectsFromImports() {
        List<LeadEvent> imports =
                history.events().stream()
                        .filter(e -> LeadEvent.LEAD_CREATED.equals(e.type()))
                        .filter(e -> e.payload().path("channel").asText().equals("list_import"))
                        .toList();

        assertThat(imports)
                .hasSizeGreaterThan(1_000)
                .allMatch(e -> e.source().startsWith("import:"))
                .allMatch(e -> e.payload().path("initialStatus").asText().equals("PROSPECT"));
    }
}

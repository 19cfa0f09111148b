package io.leadflow.generator;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LeadHistoryGeneratorDeterminismTest {

    private static final GeneratorSettings SETTINGS =
            GeneratorSettings.defaults().withLeadCount(1_500);

    @Test
    void sameSeedAndSettingsGiveByteIdenticalEventsAndTruth() {
        GeneratedHistory first = new LeadHistoryGenerator(SETTINGS).generate();
        GeneratedHistory second = new LeadHistoryGenerator(SETTINGS).generate();

        assertThat(second.toJsonLines()).isEqualTo(first.toJsonLines());
        assertThat(second.truth()).isEqualTo(first.truth());
    }

    @Test
    void anotherSeedGivesAnotherHistory() {
        byte[] first = new LeadHistoryGenerator(SETTINGS).generate().toJsonLines();
        byte[] other = new LeadHistoryGenerator(SETTINGS.withSeed(43)).generate().toJsonLines();

        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void campaignCostsDoNotShiftLeadHistories() {
        GeneratedHistory withCosts = new LeadHistoryGenerator(SETTINGS).generate();
        GeneratedHistory withoutCosts =
                new LeadHistoryGenerator(SETTINGS.withCampaignCosts(false)).generate();

        assertThat(withoutCosts.truth()).isEqualTo(withCosts.truth());
        assertThat(withoutCosts.events())
                .containsExactlyElementsOf(
                        withCosts.events().stream().filter(e -> e.leadId() != null).toList());
    }

    @Test
    void singleLeadIsReproducibleFromItsRandomStream() {
        LeadHistoryGenerator generator = new LeadHistoryGenerator(SETTINGS);
        Instant at = Instant.parse("2026-03-02T10:15:30Z");
        Instant horizon = at.plusSeconds(400L * 86_400);

        LeadHistory first = generator.generateLead("lead-x", at, new SplittableRandom(5), horizon);
        LeadHistory second = generator.generateLead("lead-x", at, new SplittableRandom(5), horizon);

        assertThat(second.events().stream().map(LeadEvent::toBytes))
                .containsExactlyElementsOf(
                        first.events().stream().map(LeadEvent::toBytes).toList());
        assertThat(first.events().get(0).occurredAt()).isEqualTo(at);
    }
}

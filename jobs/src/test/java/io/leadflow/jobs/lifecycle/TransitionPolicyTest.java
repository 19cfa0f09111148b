package io.leadflow.jobs.lifecycle;

import io.leadflow.schema.event.LeadStatus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransitionPolicyTest {

    @Test
    void theDefaultForbidsLeavingWonExceptByRecycleAndReturningToProspect() {
        TransitionPolicy policy = TransitionPolicy.defaults();
        assertThat(policy.allows("WON", LeadStatus.RECYCLED)).isTrue();
        assertThat(policy.allows("WON", LeadStatus.SQL)).isFalse();
        assertThat(policy.allows("LOST", LeadStatus.NURTURE)).isTrue();
        assertThat(policy.allows("SQL", LeadStatus.MQL)).as("backward moves are recorded").isTrue();
        assertThat(policy.allows("INQUIRY", LeadStatus.PROSPECT)).isFalse();
        assertThat(policy.allows("", LeadStatus.PROSPECT)).as("a first status").isTrue();
        // 9 targets refused after WON, and PROSPECT from the 9 other statuses.
        assertThat(policy.forbidden()).hasSize(9 + 9);
    }

    @Test
    void rulesParseLeniently() {
        TransitionPolicy policy = TransitionPolicy.parse(" won->recycled , nurture ;lost -> * ; ");
        assertThat(policy.allows("WON", LeadStatus.NURTURE)).isTrue();
        assertThat(policy.allows("WON", LeadStatus.MQL)).isFalse();
        assertThat(policy.allows("LOST", LeadStatus.PROSPECT)).isTrue();
        assertThat(policy.allows("SQL", LeadStatus.PROSPECT)).as("no '*' rule: anything").isTrue();
        assertThat(TransitionPolicy.parse(policy.text())).isEqualTo(policy);
    }

    @Test
    void badRulesSayWhatIsWrong() {
        assertThatThrownBy(() -> TransitionPolicy.parse("WON RECYCLED"))
                .hasMessage("rule 'WON RECYCLED' must look like FROM -> TO, TO, ...");
        assertThatThrownBy(() -> TransitionPolicy.parse("WON -> RECYLCED"))
                .hasMessageStartingWith("rule 'WON -> RECYLCED': 'RECYLCED' is not a status");
        assertThatThrownBy(() -> TransitionPolicy.parse("WON -> LOST; WON -> NURTURE"))
                .hasMessage("WON has more than one rule");
        assertThatThrownBy(() -> TransitionPolicy.parse("* -> LOST; * -> NURTURE"))
                .hasMessage("'*' has more than one rule");
    }
}

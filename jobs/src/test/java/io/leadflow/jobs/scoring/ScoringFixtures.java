package io.leadflow.jobs.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/** Models, facts and activities for the scoring tests. */
final class ScoringFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    static final long SECOND = 1_000L;
    static final long HOUR = 3_600_000L;
    static final long DAY = 86_400_000L;

    /** A Monday, 09:00 UTC, on a whole second. */
    static final long T0 = 1_772_442_000_000L;

    private ScoringFixtures() {}

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ScoringModel model(String json) {
        return ScoringModelParser.parse(tree(json), "test");
    }

    static ScoredActivity act(long at, String eventId, String kind) {
        return new ScoredActivity(at, eventId, kind, "", "");
    }

    static ScoredActivity view(long at, String eventId, String url) {
        return new ScoredActivity(at, eventId, "page_view", url, "");
    }

    static LeadScore score(
            ScoringModel model, LeadFacts facts, List<ScoredActivity> acts, long at) {
        return LeadScorer.score(model, facts, acts, at);
    }

    static Facts facts() {
        return new Facts();
    }

    /** A lead's facts, all unknown until set. */
    static final class Facts {
        private String industry;
        private String segment;
        private String country;
        private String company;
        private Integer employees;
        private boolean unsubscribed;
        private boolean doNotCall;

        Facts industry(String value) {
            industry = value;
            return this;
        }

        Facts segment(String value) {
            segment = value;
            return this;
        }

        Facts country(String value) {
            country = value;
            return this;
        }

        Facts company(String value) {
            company = value;
            return this;
        }

        Facts employees(Integer value) {
            employees = value;
            return this;
        }

        Facts unsubscribed(boolean value) {
            unsubscribed = value;
            return this;
        }

        Facts doNotCall(boolean value) {
            doNotCall = value;
            return this;
        }

        LeadFacts build() {
            return new LeadFacts(
                    "L1",
                    1,
                    T0 - DAY,
                    T0,
                    "web_form",
                    "google_ads",
                    "",
                    "",
                    industry,
                    country,
                    segment,
                    company,
                    "",
                    "",
                    employees,
                    "INQUIRY",
                    1,
                    null,
                    null,
                    null,
                    unsubscribed,
                    doNotCall,
                    false);
        }
    }
}

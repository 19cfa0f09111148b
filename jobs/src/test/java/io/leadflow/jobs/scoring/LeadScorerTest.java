package io.leadflow.jobs.scoring;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

import static io.leadflow.jobs.scoring.ScoringFixtures.DAY;
import static io.leadflow.jobs.scoring.ScoringFixtures.HOUR;
import static io.leadflow.jobs.scoring.ScoringFixtures.SECOND;
import static io.leadflow.jobs.scoring.ScoringFixtures.T0;
import static io.leadflow.jobs.scoring.ScoringFixtures.act;
import static io.leadflow.jobs.scoring.ScoringFixtures.facts;
import static io.leadflow.jobs.scoring.ScoringFixtures.model;
import static io.leadflow.jobs.scoring.ScoringFixtures.score;
import static io.leadflow.jobs.scoring.ScoringFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LeadScorerTest {

    private static final LeadFacts NOBODY = facts().build();
    private static final LeadFacts SOFTWARE = facts().industry("software").build();

    /** One engagement rule: each page view is worth {@code points}, with the given decay. */
    private static ScoringModel views(String decay, int points) {
        return model(
                """
                {"version": "views",
                 "engagement": {%s "rules": [
                    {"id": "view", "activities": ["page_view"], "points": %d}]},
                 "salesReady": {"threshold": 50}}
                """
                        .formatted(decay, points));
    }

    private static double total(ScoringModel m, LeadFacts f, List<ScoredActivity> a, long at) {
        return LeadScorer.score(m, f, a, at).total();
    }

    // --- decay -------------------------------------------------------------------------------

    @Test
    void aHalfLifeHalvesThePointsEveryHalfLife() {
        ScoringModel model = views("\"halfLife\": \"7d\",", 10);
        List<ScoredActivity> acts = List.of(view(T0, "e1", "/"));

        // 10 · 2^(-age / 7d)
        assertThat(score(model, NOBODY, acts, T0).engagement()).isCloseTo(10, within(1e-12));
        assertThat(score(model, NOBODY, acts, T0 + 7 * DAY).engagement())
                .isCloseTo(5, within(1e-12));
        assertThat(score(model, NOBODY, acts, T0 + 14 * DAY).engagement())
                .isCloseTo(2.5, within(1e-12));
        assertThat(score(model, NOBODY, acts, T0 + 14 * DAY).total()).isCloseTo(2.5, within(1e-12));
        // Half a half-life: 10 / √2.
        assertThat(score(model, NOBODY, acts, T0 + 7 * DAY / 2).engagement())
                .isCloseTo(10 / Math.sqrt(2), within(1e-12));
    }

    @Test
    void aWindowCountsAnActivityUntilItIsAWindowOld() {
        ScoringModel model = views("\"window\": \"30d\",", 10);
        List<ScoredActivity> acts = List.of(view(T0, "e1", "/"));

        long lastSecond = T0 + 29 * DAY + 23 * HOUR + 59 * 60_000 + 59 * SECOND;
        assertThat(score(model, NOBODY, acts, lastSecond).engagement()).isEqualTo(10);
        assertThat(score(model, NOBODY, acts, T0 + 30 * DAY - 1).engagement()).isEqualTo(10);
        assertThat(score(model, NOBODY, acts, T0 + 30 * DAY).engagement()).isEqualTo(0);
        assertThat(score(model, NOBODY, acts, T0 + 30 * DAY).total()).isEqualTo(0);
    }

    @Test
    void withoutDecayPointsStay() {
        ScoringModel model = views("", 10);
        List<ScoredActivity> acts = List.of(view(T0, "e1", "/"), view(T0 + DAY, "e2", "/"));
        assertThat(score(model, NOBODY, acts, T0 + 3650 * DAY).engagement()).isEqualTo(20);
    }

    // --- caps --------------------------------------------------------------------------------

    /** Three page views (10 each) and two email clicks (5 each). */
    private static final List<ScoredActivity> VIEWS_AND_CLICKS =
            List.of(
                    view(T0, "e1", "/a"),
                    view(T0 + HOUR, "e2", "/b"),
                    act(T0 + 2 * HOUR, "e3", "email_click"),
                    view(T0 + 3 * HOUR, "e4", "/c"),
                    act(T0 + 4 * HOUR, "e5", "email_click"));

    private static ScoringModel capped(String viewCap, String groupCap) {
        return model(
                """
                {"version": "caps",
                 "engagement": {%s "rules": [
                    {"id": "view", "activities": ["page_view"], "points": 10 %s},
                    {"id": "click", "activities": ["email_click"], "points": 5}]},
                 "salesReady": {"threshold": 50}}
                """
                        .formatted(groupCap, viewCap));
    }

    @Test
    void aRuleCapBindsAlone() {
        // Views 3·10 = 30, capped at 22; clicks 2·5 = 10; group and total caps far away.
        LeadScore s = score(capped(", \"cap\": 22", ""), NOBODY, VIEWS_AND_CLICKS, T0 + DAY);
        assertThat(s.engagement()).isEqualTo(32);
        assertThat(s.total()).isEqualTo(32);
        assertThat(s.contributions())
                .containsExactly(
                        new Contribution("view", "engagement", 22, 30, 3),
                        new Contribution("click", "engagement", 10, 10, 2));
        assertThat(score(capped("", ""), NOBODY, VIEWS_AND_CLICKS, T0 + DAY).total())
                .as("uncapped")
                .isEqualTo(40);
    }

    @Test
    void theGroupCapBindsAlone() {
        // 30 + 10 = 40 per rule uncapped, the group caps it at 35.
        LeadScore s = score(capped("", "\"cap\": 35,"), NOBODY, VIEWS_AND_CLICKS, T0 + DAY);
        assertThat(s.engagement()).isEqualTo(35);
        assertThat(s.total()).isEqualTo(35);
        assertThat(s.contributions())
                .as("each rule is counted in full, the group cap applies to their sum")
                .extracting(Contribution::points)
                .containsExactly(30.0, 10.0);
    }

    @Test
    void theFitCapBindsAlone() {
        ScoringModel model =
                model(
                        """
                        {"version": "fitcap",
                         "fit": {"cap": 40, "rules": [
                            {"id": "saas", "field": "industry", "values": ["software"], "points": 30},
                            {"id": "mid", "field": "employees", "min": 50, "max": 1000, "points": 25}]},
                         "salesReady": {"threshold": 50}}
                        """);
        LeadFacts lead = facts().industry("Software").employees(200).build();
        // 30 + 25 = 55, capped at 40; "Software" matches "software" without case.
        LeadScore s = score(model, lead, List.of(), T0);
        assertThat(s.fit()).isEqualTo(40);
        assertThat(s.total()).isEqualTo(40);
        assertThat(
                        score(
                                        model,
                                        facts().industry("software").employees(49).build(),
                                        List.of(),
                                        T0)
                                .fit())
                .as("49 employees is below the range")
                .isEqualTo(30);
        assertThat(score(model, facts().employees(1000).build(), List.of(), T0).fit())
                .as("the range includes its max")
                .isEqualTo(25);
    }

    @Test
    void theTotalCapBindsAlone() {
        ScoringModel model =
                model(
                        """
                        {"version": "totalcap",
                         "fit": {"cap": 50, "rules": [
                            {"id": "saas", "field": "industry", "values": ["software"], "points": 40}]},
                         "engagement": {"cap": 60, "rules": [
                            {"id": "view", "activities": ["page_view"], "points": 10}]},
                         "totalCap": 60,
                         "salesReady": {"threshold": 50}}
                        """);
        List<ScoredActivity> acts =
                List.of(view(T0, "e1", "/"), view(T0, "e2", "/"), view(T0, "e3", "/"));
        // Fit 40 (under 50), engagement 30 (under 60), 70 in all, capped at 60.
        LeadScore s = score(model, SOFTWARE, acts, T0);
        assertThat(s.fit()).isEqualTo(40);
        assertThat(s.engagement()).isEqualTo(30);
        assertThat(s.total()).isEqualTo(60);
    }

    // --- negative rules ----------------------------------------------------------------------

    @Test
    void negativePointsDoNotDecayAndFitNegativesComeAfterTheFitCap() {
        ScoringModel model =
                model(
                        """
                        {"version": "neg",
                         "fit": {"cap": 50, "rules": [
                            {"id": "saas", "field": "industry", "values": ["software"], "points": 30},
                            {"id": "small", "field": "employees", "max": 100, "points": 30}]},
                         "engagement": {"halfLife": "1d", "rules": [
                            {"id": "view", "activities": ["page_view"], "points": 20}]},
                         "negative": [
                            {"id": "student", "field": "segment", "values": ["student"], "points": -20},
                            {"id": "opted-out", "activities": ["unsubscribe"], "points": -10}],
                         "salesReady": {"threshold": 50}}
                        """);
        LeadFacts lead = facts().industry("software").employees(50).segment("Student").build();
        List<ScoredActivity> acts =
                List.of(view(T0, "e1", "/"), act(T0 + HOUR, "e2", "unsubscribe"));

        LeadScore tenDays = score(model, lead, acts, T0 + 10 * DAY);
        // Fit: min(50, 30 + 30) - 20 = 30; capping after the negative would give min(50, 40) = 40.
        assertThat(tenDays.fit()).isEqualTo(30);
        // Engagement: 20 · 2^-10 - 10, the -10 undecayed.
        assertThat(tenDays.engagement()).isCloseTo(20.0 / 1024 - 10, within(1e-12));
        assertThat(tenDays.total()).isCloseTo(30 + 20.0 / 1024 - 10, within(1e-12));
        assertThat(tenDays.contributions())
                .contains(
                        new Contribution("student", "negative", -20, -20, 1),
                        new Contribution("opted-out", "negative", -10, -10, 1));

        LeadScore yearLater = score(model, lead, acts, T0 + 365 * DAY);
        assertThat(yearLater.engagement())
                .as("the view is gone, the unsubscribe still counts in full")
                .isCloseTo(-10, within(1e-12));
        assertThat(yearLater.total()).isCloseTo(20, within(1e-12));
    }

    @Test
    void aNegativeActivityRuleCountsOnceHoweverOftenItMatched() {
        ScoringModel model =
                model(
                        """
                        {"version": "neg2",
                         "negative": [
                            {"id": "opted-out", "activities": ["unsubscribe"], "points": -10}],
                         "salesReady": {"threshold": 50}}
                        """);
        List<ScoredActivity> acts =
                List.of(act(T0, "e1", "unsubscribe"), act(T0 + HOUR, "e2", "unsubscribe"));
        LeadScore s = score(model, NOBODY, acts, T0 + DAY);
        assertThat(s.engagement()).isEqualTo(-10);
        assertThat(s.contributions())
                .containsExactly(new Contribution("opted-out", "negative", -10, -10, 2));
    }

    private static ScoringModel floored(boolean floor) {
        return model(
                """
                {"version": "floor",
                 "fit": {"rules": [
                    {"id": "saas", "field": "industry", "values": ["software"], "points": 30}]},
                 "engagement": {"floorAtZero": %s, "rules": [
                    {"id": "view", "activities": ["page_view"], "points": 5}]},
                 "negative": [{"id": "unsub", "condition": "unsubscribed", "points": -20}],
                 "salesReady": {"threshold": 50}}
                """
                        .formatted(floor));
    }

    @Test
    void floorAtZeroKeepsEngagementFromGoingNegative() {
        LeadFacts lead = facts().industry("software").unsubscribed(true).build();
        List<ScoredActivity> acts = List.of(view(T0, "e1", "/"));

        // 5 - 20 = -15.
        LeadScore floored = score(floored(true), lead, acts, T0);
        assertThat(floored.engagement()).isEqualTo(0);
        assertThat(floored.total()).isEqualTo(30);

        LeadScore unfloored = score(floored(false), lead, acts, T0);
        assertThat(unfloored.engagement()).isEqualTo(-15);
        assertThat(unfloored.total()).isEqualTo(15);

        LeadScore subscribed = score(floored(true), facts().industry("software").build(), acts, T0);
        assertThat(subscribed.engagement()).as("the condition does not hold").isEqualTo(5);
    }

    // --- what counts when --------------------------------------------------------------------

    @Test
    void activitiesAfterTheMomentDoNotCountYet() {
        ScoringModel model =
                model(
                        """
                        {"version": "later",
                         "engagement": {"rules": [
                            {"id": "view", "activities": ["page_view"], "points": 10}]},
                         "negative": [
                            {"id": "opted-out", "activities": ["unsubscribe"], "points": -4}],
                         "salesReady": {"threshold": 50}}
                        """);
        List<ScoredActivity> acts =
                List.of(view(T0 + HOUR, "e1", "/"), act(T0 + 2 * HOUR, "e2", "unsubscribe"));

        LeadScore before = score(model, NOBODY, acts, T0);
        assertThat(before.total()).isEqualTo(0);
        assertThat(before.contributions()).isEmpty();
        assertThat(score(model, NOBODY, acts, T0 + HOUR - 1).total()).isEqualTo(0);
        assertThat(score(model, NOBODY, acts, T0 + HOUR).total()).as("at its moment").isEqualTo(10);
        assertThat(score(model, NOBODY, acts, T0 + 2 * HOUR - 1).total()).isEqualTo(10);
        assertThat(score(model, NOBODY, acts, T0 + 2 * HOUR).total()).isEqualTo(6);
    }

    @Test
    void urlAndCampaignNarrowARule() {
        ScoringModel model =
                model(
                        """
                        {"version": "narrow",
                         "engagement": {"rules": [
                            {"id": "pricing", "activities": ["page_view"],
                             "urlContains": ["/pricing", "/plans"], "campaigns": ["spring"],
                             "points": 10}]},
                         "salesReady": {"threshold": 50}}
                        """);
        List<ScoredActivity> acts =
                List.of(
                        new ScoredActivity(T0, "e1", "page_view", "https://x.io/pricing", "spring"),
                        new ScoredActivity(T0, "e2", "page_view", "https://x.io/plans/2", "spring"),
                        new ScoredActivity(T0, "e3", "page_view", "https://x.io/blog", "spring"),
                        new ScoredActivity(T0, "e4", "page_view", "https://x.io/pricing", "fall"),
                        new ScoredActivity(
                                T0, "e5", "email_click", "https://x.io/pricing", "spring"));
        // e1 and e2 only: e3's URL, e4's campaign and e5's kind do not match.
        assertThat(score(model, NOBODY, acts, T0).contributions())
                .containsExactly(new Contribution("pricing", "engagement", 20, 20, 2));
    }

    // --- grade and requirements --------------------------------------------------------------

    /** Fit {@code fit} for software, engagement {@code engagement} for one view; default bands. */
    private static String grade(double fit, double engagement, String bands) {
        ScoringModel model =
                model(
                        """
                        {"version": "g",
                         "fit": {"rules": [
                            {"id": "saas", "field": "industry", "values": ["software"], "points": %s}]},
                         "engagement": {"rules": [
                            {"id": "view", "activities": ["page_view"], "points": %s}]},
                         %s
                         "salesReady": {"threshold": 50}}
                        """
                                .formatted(fit, engagement, bands));
        return score(model, SOFTWARE, List.of(view(T0, "e1", "/")), T0).grade();
    }

    @Test
    void aScoreAtABandsThresholdIsInThatBand() {
        // Default bands: A >= 40 > B >= 20 > C; 1 >= 30 > 2 >= 10 > 3.
        assertThat(grade(40, 30, "")).isEqualTo("A1");
        assertThat(grade(39.5, 29.5, "")).isEqualTo("B2");
        assertThat(grade(20, 10, "")).isEqualTo("B2");
        assertThat(grade(19.5, 9.5, "")).isEqualTo("C3");
        assertThat(grade(100, 0.5, "")).isEqualTo("A3");
        String bands = "\"grades\": {\"fit\": [60, 40, 20], \"engagement\": [5]},";
        assertThat(grade(60, 5, bands)).isEqualTo("A1");
        assertThat(grade(59, 4.5, bands)).isEqualTo("B2");
        assertThat(grade(19, 4.5, bands))
                .as("below the last band, the next letter")
                .isEqualTo("D2");
        assertThat(score(views("", 10), NOBODY, List.of(), T0).grade())
                .as("nothing at all")
                .isEqualTo("C3");
    }

    @Test
    void theGradeIsOfTheScoreAfterNegativeRules() {
        ScoringModel model =
                model(
                        """
                        {"version": "gn",
                         "fit": {"rules": [
                            {"id": "saas", "field": "industry", "values": ["software"], "points": 45}]},
                         "negative": [
                            {"id": "student", "field": "segment", "values": ["student"], "points": -10}],
                         "salesReady": {"threshold": 50}}
                        """);
        // 45 is an A, 45 - 10 = 35 a B.
        assertThat(score(model, SOFTWARE, List.of(), T0).grade()).isEqualTo("A3");
        LeadFacts student = facts().industry("software").segment("student").build();
        assertThat(score(model, student, List.of(), T0).grade()).isEqualTo("B3");
    }

    @Test
    void requirementsAreMetWhenEveryRequiredFieldIsKnown() {
        ScoringModel model =
                model(
                        """
                        {"version": "req",
                         "salesReady": {"threshold": 50, "requires": ["country", "company"]}}
                        """);
        assertThat(
                        score(model, facts().country("DE").company("Acme").build(), List.of(), T0)
                                .requirementsMet())
                .isTrue();
        assertThat(score(model, facts().country("DE").build(), List.of(), T0).requirementsMet())
                .isFalse();
        assertThat(
                        score(model, facts().country("DE").company("").build(), List.of(), T0)
                                .requirementsMet())
                .isFalse();
        assertThat(score(views("", 1), NOBODY, List.of(), T0).requirementsMet())
                .as("nothing required")
                .isTrue();
    }

    // --- explanation -------------------------------------------------------------------------

    @Test
    void theExplanationListsEachContributingRuleInModelOrder() {
        ScoringModel model =
                model(
                        """
                        {"version": "x1",
                         "fit": {"rules": [
                            {"id": "saas", "field": "industry", "values": ["software"], "points": 20},
                            {"id": "fintech", "field": "industry", "values": ["fintech"], "points": 10}]},
                         "engagement": {"halfLife": "1d", "rules": [
                            {"id": "views", "activities": ["page_view"], "points": 2},
                            {"id": "webinar", "activities": ["webinar_attended"], "points": 15}]},
                         "negative": [
                            {"id": "student", "field": "segment", "values": ["student"], "points": -30},
                            {"id": "unsub", "condition": "unsubscribed", "points": -5}],
                         "salesReady": {"threshold": 50}}
                        """);
        LeadFacts lead = facts().industry("software").segment("student").build();
        List<ScoredActivity> acts =
                List.of(
                        view(T0, "e1", "/"),
                        view(T0 + DAY, "e2", "/"),
                        view(T0 + 2 * DAY, "e3", "/"));

        LeadScore s = score(model, lead, acts, T0 + 2 * DAY);

        // Views 2 days, 1 day and 0 days old: 2·1/4 + 2·1/2 + 2 = 3.5 of 6 undecayed.
        // fintech, webinar and unsub do not match and are not listed.
        assertThat(s.contributions())
                .containsExactly(
                        new Contribution("saas", "fit", 20, 20, 1),
                        new Contribution("views", "engagement", 3.5, 6, 3),
                        new Contribution("student", "negative", -30, -30, 1));
        assertThat(s.modelVersion()).isEqualTo("x1");
        assertThat(s.at()).isEqualTo(T0 + 2 * DAY);
        assertThat(s.fit()).isEqualTo(-10);
        assertThat(s.engagement()).isEqualTo(3.5);
        assertThat(s.total()).isEqualTo(-6.5);
        assertThat(s.grade()).isEqualTo("C3");
    }

    /** Email clicks fade in a week, page views count for 30 days, RFQs never fade. */
    private static final ScoringModel PER_RULE =
            model(
                    """
                    {"version": "per-rule",
                     "engagement": {"halfLife": "60d", "rules": [
                        {"id": "click", "activities": ["email_click"], "points": 8, "halfLife": "7d"},
                        {"id": "view", "activities": ["page_view"], "points": 10, "window": "30d"},
                        {"id": "webinar", "activities": ["webinar_attended"], "points": 4},
                        {"id": "rfq", "activities": ["rfq"], "points": 20, "halfLife": "3650d"}]},
                     "salesReady": {"threshold": 50}}
                    """);

    @Test
    void aRuleWithItsOwnDecayDecaysByItAndTheOthersByTheGroups() {
        List<ScoredActivity> acts =
                List.of(
                        act(T0, "c1", "email_click"),
                        view(T0, "v1", "/"),
                        act(T0, "w1", "webinar_attended"));
        LeadScore at14Days = score(PER_RULE, NOBODY, acts, T0 + 14 * DAY);
        // click 8·2^(-14/7) = 2; view still in its window: 10; webinar by the group's 60 days.
        assertThat(at14Days.engagement())
                .isCloseTo(2 + 10 + 4 * Math.pow(2, -14.0 / 60), within(1e-12));
        assertThat(score(PER_RULE, NOBODY, acts, T0 + 30 * DAY).engagement())
                .as("the view has left its 30-day window")
                .isCloseTo(8 * Math.pow(2, -30.0 / 7) + 4 * Math.pow(2, -30.0 / 60), within(1e-12));
    }

    @Test
    void fallsBelowFollowsTheRulesOwnDecayWhenTheGroupHasNone() {
        ScoringModel model =
                model(
                        """
                        {"version": "rule-only",
                         "engagement": {"rules": [
                            {"id": "view", "activities": ["page_view"], "points": 40, "window": "2d"},
                            {"id": "rfq", "activities": ["rfq"], "points": 5}]},
                         "salesReady": {"threshold": 30}}
                        """);
        List<ScoredActivity> acts = List.of(view(T0, "v1", "/"), act(T0, "r1", "rfq"));
        assertThat(assertFirstSecondBelow(model, acts, T0, 30)).isEqualTo(T0 + 2 * DAY);
        assertThat(LeadScorer.fallsBelow(model, SOFTWARE, acts, T0, 5))
                .as("the RFQ's 5 points never decay")
                .isEmpty();
    }

    @Test
    void thePeakSweepDecaysEachRuleByItsOwnHalfLifeOrWindow() {
        List<ScoredActivity> acts = new ArrayList<>();
        String[] kinds = {"email_click", "page_view", "webinar_attended", "rfq"};
        for (int i = 0; i < 40; i++) {
            String kind = kinds[i % kinds.length];
            long at = T0 + i * 37 * HOUR;
            acts.add(kind.equals("page_view") ? view(at, "a" + i, "/") : act(at, "a" + i, kind));
        }
        Collections.sort(acts);
        for (Long until : new Long[] {null, T0 + 10 * DAY, T0 + 40 * DAY}) {
            assertThat(LeadScorer.peak(PER_RULE, SOFTWARE, acts, until, T0))
                    .as("until %s", until)
                    .isCloseTo(peakByScoring(PER_RULE, acts, until), within(1e-9));
        }
    }

    // --- fallsBelow --------------------------------------------------------------------------

    /** Fit 10 for software, 40 per page view. */
    private static ScoringModel fitAndViews(String decay, int fit) {
        return model(
                """
                {"version": "fall",
                 "fit": {"rules": [
                    {"id": "saas", "field": "industry", "values": ["software"], "points": %d}]},
                 "engagement": {%s "rules": [
                    {"id": "view", "activities": ["page_view"], "points": 40}]},
                 "salesReady": {"threshold": 30, "release": 25}}
                """
                        .formatted(fit, decay));
    }

    /** The first second checked against {@link LeadScorer#score}, independently of the search. */
    private static long assertFirstSecondBelow(
            ScoringModel model, List<ScoredActivity> acts, long from, double level) {
        OptionalLong found = LeadScorer.fallsBelow(model, SOFTWARE, acts, from, level);
        assertThat(found).isPresent();
        long at = found.getAsLong();
        assertThat(at % SECOND).as("a whole second").isZero();
        assertThat(at).isGreaterThanOrEqualTo(from);
        assertThat(total(model, SOFTWARE, acts, at)).as("below at it").isLessThan(level);
        if (at - SECOND >= from) {
            assertThat(total(model, SOFTWARE, acts, at - SECOND))
                    .as("not below a second before")
                    .isGreaterThanOrEqualTo(level);
        }
        return at;
    }

    @Test
    void fallsBelowFindsTheFirstSecondUnderAHalfLife() {
        ScoringModel model = fitAndViews("\"halfLife\": \"7h\",", 10);
        long viewedAt = T0 + 123;
        List<ScoredActivity> acts = List.of(view(viewedAt, "e1", "/pricing"));

        long at = assertFirstSecondBelow(model, acts, viewedAt, 25);
        // 10 + 40·2^(-age/7h) < 25 once age > 7h·log2(40/15), about 9h54m19s.
        double crossing = viewedAt + 7 * HOUR * (Math.log(40.0 / 15) / Math.log(2));
        assertThat((double) at).isBetween(crossing, crossing + SECOND);

        // A level above the total at the start: the first second at or after `from`.
        assertThat(LeadScorer.fallsBelow(model, SOFTWARE, acts, viewedAt, 60))
                .hasValue(T0 + SECOND);
        // Equal is not below: the total is exactly 50 at T0 and less a second later.
        List<ScoredActivity> onTheSecond = List.of(view(T0, "e1", "/"));
        assertThat(assertFirstSecondBelow(model, onTheSecond, T0, 50)).isEqualTo(T0 + SECOND);
    }

    @Test
    void fallsBelowFindsTheFirstSecondUnderAWindow() {
        ScoringModel model = fitAndViews("\"window\": \"30d\",", 10);
        List<ScoredActivity> acts =
                List.of(view(T0 + 300, "e1", "/"), view(T0 + 5 * DAY, "e2", "/"));
        long from = T0 + 5 * DAY;

        // 10 + 40 + 40 = 90 while both count. The first view leaves at T0 + 300ms + 30d, within
        // the second that starts at T0 + 30d: the first whole second below is the next one.
        assertThat(assertFirstSecondBelow(model, acts, from, 85)).isEqualTo(T0 + 30 * DAY + SECOND);
        // The second view leaves at T0 + 35d on the second: 10 from then on.
        assertThat(assertFirstSecondBelow(model, acts, from, 15)).isEqualTo(T0 + 35 * DAY);
    }

    @Test
    void fallsBelowIsEmptyWhenFitAloneStaysAtTheLevel() {
        List<ScoredActivity> acts = List.of(view(T0, "e1", "/"));
        ScoringModel halfLife = fitAndViews("\"halfLife\": \"7h\",", 30);
        assertThat(LeadScorer.fallsBelow(halfLife, SOFTWARE, acts, T0, 25)).isEmpty();
        ScoringModel atLevel = fitAndViews("\"halfLife\": \"7h\",", 25);
        assertThat(LeadScorer.fallsBelow(atLevel, SOFTWARE, acts, T0, 25))
                .as("fit 25 is never below 25")
                .isEmpty();
        ScoringModel window = fitAndViews("\"window\": \"30d\",", 25);
        assertThat(LeadScorer.fallsBelow(window, SOFTWARE, acts, T0, 25)).isEmpty();
        // ... but 26 is reached: fit 25 plus what is left, below 26 when 40·2^(-age/7h) < 1.
        long at = assertFirstSecondBelow(atLevel, acts, T0, 26);
        double crossing = T0 + 7 * HOUR * (Math.log(40) / Math.log(2));
        assertThat((double) at).isBetween(crossing, crossing + SECOND);
    }

    @Test
    void fallsBelowIsEmptyWithoutDecay() {
        ScoringModel model = fitAndViews("", 10);
        List<ScoredActivity> acts = List.of(view(T0, "e1", "/"));
        assertThat(LeadScorer.fallsBelow(model, SOFTWARE, acts, T0, 45)).isEmpty();
        assertThat(LeadScorer.fallsBelow(model, SOFTWARE, acts, T0, 51))
                .as("already below")
                .hasValue(T0);
    }

    // --- peak --------------------------------------------------------------------------------

    private static ScoringModel peakModel(String decay) {
        return model(
                """
                {"version": "peak",
                 "fit": {"cap": 50, "rules": [
                    {"id": "saas", "field": "industry", "values": ["software"], "points": 10}]},
                 "engagement": {"cap": 60, %s "rules": [
                    {"id": "views", "activities": ["page_view"], "points": 10, "cap": 25},
                    {"id": "rfq", "activities": ["rfq"], "points": 30}]},
                 "negative": [
                    {"id": "opted-out", "activities": ["unsubscribe"], "points": -15}],
                 "totalCap": 100,
                 "salesReady": {"threshold": 50}}
                """
                        .formatted(decay));
    }

    private static final List<ScoredActivity> HISTORY =
            List.of(
                    view(T0, "e01", "/"),
                    view(T0 + 3 * HOUR, "e02", "/"),
                    view(T0 + DAY, "e03", "/"),
                    act(T0 + DAY + 5 * 60_000, "e04", "rfq"),
                    view(T0 + 3 * DAY, "e05", "/"),
                    view(T0 + 3 * DAY, "e06", "/"),
                    act(T0 + 6 * DAY, "e07", "unsubscribe"),
                    view(T0 + 8 * DAY, "e08", "/"),
                    act(T0 + 8 * DAY + HOUR, "e09", "rfq"),
                    view(T0 + 8 * DAY + HOUR, "e10", "/"),
                    view(T0 + 20 * DAY, "e11", "/"));

    /** The peak as defined: the highest {@link LeadScorer#score} at an activity up to until. */
    private static double peakByScoring(ScoringModel model, List<ScoredActivity> acts, Long until) {
        double peak = Double.NEGATIVE_INFINITY;
        for (ScoredActivity a : acts) {
            if (until == null || a.at() <= until) {
                peak = Math.max(peak, total(model, SOFTWARE, acts, a.at()));
            }
        }
        return peak;
    }

    @Test
    void thePeakIsTheHighestScoreAtAnActivity() {
        for (String decay : new String[] {"\"halfLife\": \"2d\",", "\"window\": \"2d\",", ""}) {
            ScoringModel model = peakModel(decay);
            for (Long until :
                    new Long[] {
                        null, T0 + DAY + 5 * 60_000, T0 + 5 * DAY, T0 + 8 * DAY + HOUR - 1, T0
                    }) {
                double peak = LeadScorer.peak(model, SOFTWARE, HISTORY, until, T0 + 30 * DAY);
                double expected = peakByScoring(model, HISTORY, until);
                if (decay.isEmpty() || decay.contains("window")) {
                    // Whole points, added up or multiplied: exactly the same.
                    assertThat(peak).as("%s until %s", decay, until).isEqualTo(expected);
                } else {
                    // peak decays each rule's running sum as a whole, score decays each match
                    // on its own: the same sum, but not always to the last bit.
                    assertThat(peak)
                            .as("%s until %s", decay, until)
                            .isCloseTo(expected, within(1e-12 * Math.abs(expected)));
                }
            }
        }
    }

    @Test
    void thePeakByHand() {
        ScoringModel model = fitAndViews("\"halfLife\": \"1d\",", 10);
        List<ScoredActivity> acts = List.of(view(T0, "e1", "/"), view(T0 + DAY, "e2", "/"));
        // 10 + 40 = 50 at the first view, 10 + 40/2 + 40 = 70 at the second.
        assertThat(LeadScorer.peak(model, SOFTWARE, acts, null, 0)).isEqualTo(70);
        assertThat(LeadScorer.peak(model, SOFTWARE, acts, T0 + DAY - 1, 0)).isEqualTo(50);
        // No activity by `until`: the score at `otherwise`, fit alone.
        assertThat(LeadScorer.peak(model, SOFTWARE, acts, T0 - 1, T0 - 1)).isEqualTo(10);
        // Reached SQL (until) before its first activity: the score then, fit alone, not the one
        // at `otherwise` (10 + 40/4 + 40/2 = 40 two days on), read after the outcome.
        assertThat(LeadScorer.peak(model, SOFTWARE, acts, T0 - 1, T0 + 2 * DAY)).isEqualTo(10);
        assertThat(LeadScorer.peak(model, SOFTWARE, List.of(), null, T0)).isEqualTo(10);
    }

    // --- order -------------------------------------------------------------------------------

    @Test
    void theResultDoesNotDependOnTheOrderActivitiesCameIn() {
        List<ScoredActivity> inOrder =
                List.of(
                        act(T0, "e1", "rfq"),
                        view(T0, "e2", "/"),
                        act(T0, "e3", "unsubscribe"),
                        view(T0, "e4", "/"),
                        view(T0 + DAY, "e5", "/"),
                        view(T0 + DAY, "e6", "/"),
                        act(T0 + DAY, "e7", "rfq"));
        List<ScoredActivity> reversed = new ArrayList<>(inOrder);
        Collections.reverse(reversed);
        List<ScoredActivity> shuffled = new ArrayList<>(inOrder);
        Collections.shuffle(shuffled, new Random(7));
        List<List<ScoredActivity>> orders = List.of(new ArrayList<>(inOrder), reversed, shuffled);

        for (String decay : new String[] {"\"halfLife\": \"2d\",", "\"window\": \"2d\","}) {
            ScoringModel model = peakModel(decay);
            List<ScoredActivity> first = null;
            LeadScore score = null;
            OptionalLong falls = null;
            double peak = 0;
            for (List<ScoredActivity> order : orders) {
                List<ScoredActivity> sorted = new ArrayList<>(order);
                Collections.sort(sorted);
                assertThat(sorted).as("time, then event id").isEqualTo(inOrder);
                LeadScore s = LeadScorer.score(model, SOFTWARE, sorted, T0 + DAY + HOUR);
                OptionalLong f = LeadScorer.fallsBelow(model, SOFTWARE, sorted, T0 + DAY, 40);
                double p = LeadScorer.peak(model, SOFTWARE, sorted, null, 0);
                if (first == null) {
                    first = sorted;
                    score = s;
                    falls = f;
                    peak = p;
                    assertThat(f).isPresent();
                } else {
                    assertThat(s).isEqualTo(score);
                    assertThat(f).isEqualTo(falls);
                    assertThat(p).isEqualTo(peak);
                }
            }
        }
    }
}

package io.leadflow.jobs.scoring;

import io.leadflow.jobs.scoring.ScoringModel.EngagementGroup;
import io.leadflow.jobs.scoring.ScoringModel.EngagementRule;
import io.leadflow.jobs.scoring.ScoringModel.FitGroup;
import io.leadflow.jobs.scoring.ScoringModel.FitRule;
import io.leadflow.jobs.scoring.ScoringModel.Grades;
import io.leadflow.jobs.scoring.ScoringModel.NegativeRule;
import io.leadflow.jobs.scoring.ScoringModel.SalesReady;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.leadflow.jobs.scoring.ScoringFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ScoringModelParserTest {

    /** Every kind of rule, grades left to their defaults. */
    private static final String FULL =
            """
            {"version": "v2",
             "fit": {"cap": 60, "rules": [
                {"id": "saas", "field": "industry", "values": ["Software", "fintech"], "points": 20},
                {"id": "mid-market", "field": "employees", "min": 50, "max": 1000, "points": 15},
                {"id": "big", "field": "employees", "min": 5000, "points": 5}]},
             "engagement": {"cap": 50, "halfLife": "14d", "floorAtZero": true, "rules": [
                {"id": "pricing", "activities": ["page_view"], "urlContains": ["/pricing", "/plans"],
                 "campaigns": ["spring"], "points": 10, "cap": 30},
                {"id": "content", "activities": ["webinar_attended", "content_download"],
                 "points": 5}]},
             "negative": [
                {"id": "student", "field": "segment", "values": ["Student"], "points": -30},
                {"id": "unsubscribed", "condition": "unsubscribed", "points": -20},
                {"id": "opted-out", "activities": ["unsubscribe"], "points": -10}],
             "totalCap": 90,
             "salesReady": {"threshold": 60, "release": 50, "requires": ["country", "company"]}}
            """;

    /** A small valid model that the problem cases below break one field at a time. */
    private static final String BASE =
            """
            {"version": "v1",
             "fit": {"cap": 40, "rules": [
                {"id": "saas", "field": "industry", "values": ["software"], "points": 20}]},
             "engagement": {"halfLife": "7d", "rules": [
                {"id": "pricing", "activities": ["page_view"], "points": 10, "cap": 30}]},
             "negative": [
                {"id": "student", "field": "segment", "values": ["student"], "points": -30}],
             "grades": {"fit": [40, 20], "engagement": [30, 10]},
             "salesReady": {"threshold": 60, "release": 50}}
            """;

    private static ObjectNode base() {
        return (ObjectNode) tree(BASE);
    }

    private static ObjectNode at(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    private static List<String> problems(ObjectNode model) {
        ScoringModelException e =
                catchThrowableOfType(
                        () -> ScoringModelParser.parse(model, "model.json"),
                        ScoringModelException.class);
        assertThat(e).as("the model is refused").isNotNull();
        assertThat(e.getMessage()).contains("model.json");
        return e.problems();
    }

    /** The one problem of a model with one thing wrong. */
    private static String problem(ObjectNode model) {
        List<String> problems = problems(model);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void aFullModelReadsIntoItsRecords() {
        ScoringModel model = ScoringModelParser.parse(tree(FULL), "model.json");

        assertThat(model.version()).isEqualTo("v2");
        assertThat(model.fit())
                .isEqualTo(
                        new FitGroup(
                                List.of(
                                        new FitRule(
                                                "saas",
                                                "industry",
                                                Set.of("software", "fintech"),
                                                null,
                                                null,
                                                20),
                                        new FitRule("mid-market", "employees", null, 50, 1000, 15),
                                        new FitRule("big", "employees", null, 5000, null, 5)),
                                60));
        assertThat(model.engagement())
                .isEqualTo(
                        new EngagementGroup(
                                List.of(
                                        new EngagementRule(
                                                "pricing",
                                                Set.of("page_view"),
                                                List.of("/pricing", "/plans"),
                                                Set.of("spring"),
                                                10,
                                                30,
                                                null,
                                                null),
                                        new EngagementRule(
                                                "content",
                                                Set.of("webinar_attended", "content_download"),
                                                List.of(),
                                                Set.of(),
                                                5,
                                                Double.MAX_VALUE,
                                                null,
                                                null)),
                                50,
                                Duration.ofDays(14),
                                null,
                                true));
        assertThat(model.negative())
                .containsExactly(
                        new NegativeRule("student", "segment", Set.of("student"), null, null, -30),
                        new NegativeRule("unsubscribed", null, null, null, "unsubscribed", -20),
                        new NegativeRule(
                                "opted-out", null, null, Set.of("unsubscribe"), null, -10));
        assertThat(model.negative())
                .extracting(NegativeRule::aboutFit)
                .containsExactly(true, false, false);
        assertThat(model.totalCap()).isEqualTo(90);
        assertThat(model.grades())
                .as("the documented default bands")
                .isEqualTo(new Grades(List.of(40.0, 20.0), List.of(30.0, 10.0)));
        assertThat(model.salesReady())
                .as("requires in the document's order")
                .isEqualTo(new SalesReady(60, 50, List.of("country", "company")));
    }

    @Test
    void aWindowModelAndTheDefaultsOfWhatIsLeftOut() {
        ScoringModel model =
                ScoringModelParser.parse(
                        tree(
                                """
                                {"version": "w-1.0",
                                 "engagement": {"window": "30d", "rules": [
                                    {"id": "rfq", "activities": ["rfq"], "points": 25}]},
                                 "grades": {"fit": [50, 25, 5], "engagement": [20]},
                                 "salesReady": {"threshold": 40}}
                                """),
                        "model.json");

        assertThat(model.engagement().window()).isEqualTo(Duration.ofDays(30));
        assertThat(model.engagement().halfLife()).isNull();
        assertThat(model.engagement().floorAtZero()).as("no floor unless asked").isFalse();
        assertThat(model.engagement().cap()).as("no group cap").isEqualTo(Double.MAX_VALUE);
        assertThat(model.engagement().rules().get(0).cap()).isEqualTo(Double.MAX_VALUE);
        assertThat(model.fit()).isEqualTo(new FitGroup(List.of(), Double.MAX_VALUE));
        assertThat(model.negative()).isEmpty();
        assertThat(model.totalCap()).as("totalCap defaults to 100").isEqualTo(100);
        assertThat(model.grades()).isEqualTo(new Grades(List.of(50.0, 25.0, 5.0), List.of(20.0)));
        assertThat(model.salesReady())
                .as("release defaults to the threshold, nothing is required")
                .isEqualTo(new SalesReady(40, 40, List.of()));
    }

    @Test
    void listsKeepTheDocumentsOrder() {
        // Six of them: a hash order would match the document's by chance once in hundreds.
        ObjectNode model = base();
        at(model, "/engagement/rules/0")
                .putArray("urlContains")
                .add("/z")
                .add("/pricing")
                .add("/a")
                .add("/plans")
                .add("/m")
                .add("/b");
        at(model, "/salesReady")
                .putArray("requires")
                .add("territory")
                .add("country")
                .add("company")
                .add("segment")
                .add("industry")
                .add("team");
        ScoringModel parsed = ScoringModelParser.parse(model, "m");
        assertThat(parsed.engagement().rules().get(0).urlContains())
                .containsExactly("/z", "/pricing", "/a", "/plans", "/m", "/b");
        assertThat(parsed.salesReady().requires())
                .containsExactly("territory", "country", "company", "segment", "industry", "team");
    }

    @Test
    void aModelWithoutDecayHasNeitherHalfLifeNorWindow() {
        ObjectNode model = base();
        at(model, "/engagement").remove("halfLife");
        EngagementGroup engagement = ScoringModelParser.parse(model, "m").engagement();
        assertThat(engagement.halfLife()).isNull();
        assertThat(engagement.window()).isNull();
    }

    @Test
    void theBaseModelIsValid() {
        // The problem cases below each break exactly one thing of it.
        assertThat(ScoringModelParser.parse(base(), "m").version()).isEqualTo("v1");
    }

    @Test
    void anUnknownFieldIsNamedWithWhereItIs() {
        ObjectNode top = base();
        top.put("colour", "red");
        assertThat(problem(top)).startsWith("model: unknown field 'colour'").contains("totalCap");

        ObjectNode rule = base();
        at(rule, "/fit/rules/0").put("weight", 3);
        assertThat(problem(rule))
                .startsWith("model v1: fit.rules[0] (saas): unknown field 'weight'")
                .contains("points");

        ObjectNode group = base();
        at(group, "/engagement").put("decay", "7d");
        assertThat(problem(group)).startsWith("model v1: engagement: unknown field 'decay'");
    }

    @Test
    void aBadVersionIsRefused() {
        ObjectNode spaces = base();
        spaces.put("version", "v 2!");
        assertThat(problem(spaces)).startsWith("model.version: 'v 2!' must be 1 to 32");

        ObjectNode missing = base();
        missing.remove("version");
        assertThat(problem(missing)).isEqualTo("model.version: required, a non-empty string");

        ObjectNode tooLong = base();
        tooLong.put("version", "v" + "1".repeat(32));
        assertThat(problem(tooLong)).startsWith("model.version: 'v1111");
    }

    @Test
    void aRuleIdIsUsedOnceAcrossAllGroups() {
        ObjectNode model = base();
        at(model, "/engagement/rules/0").put("id", "saas");
        assertThat(problem(model))
                .isEqualTo(
                        "model v1: engagement.rules[0].id: 'saas' is used by another rule of this"
                                + " model");

        ObjectNode badId = base();
        at(badId, "/negative/0").put("id", "no spaces");
        assertThat(problem(badId)).startsWith("model v1: negative[0].id: 'no spaces' must be");
    }

    @Test
    void anUnknownLeadFieldIsRefused() {
        ObjectNode fit = base();
        at(fit, "/fit/rules/0").put("field", "industy");
        assertThat(problem(fit))
                .startsWith("model v1: fit.rules[0] (saas).field: 'industy' is not one of")
                .contains("industry");

        ObjectNode negative = base();
        at(negative, "/negative/0").put("field", "age");
        assertThat(problem(negative))
                .startsWith("model v1: negative[0] (student).field: 'age' is not one of");

        ObjectNode requires = base();
        at(requires, "/salesReady").putArray("requires").add("country").add("phone");
        assertThat(problem(requires))
                .startsWith("model v1: salesReady.requires: 'phone' is not one of");
    }

    @Test
    void anUnknownActivityKindIsRefused() {
        ObjectNode engagement = base();
        ((ArrayNode) engagement.at("/engagement/rules/0/activities")).add("page_veiw");
        assertThat(problem(engagement))
                .startsWith(
                        "model v1: engagement.rules[0] (pricing).activities: 'page_veiw' is not"
                                + " one of")
                .contains("page_view");

        ObjectNode negative = base();
        ObjectNode rule = ((ArrayNode) negative.get("negative")).addObject();
        rule.put("id", "bounce").put("points", -5).putArray("activities").add("bounce");
        assertThat(problem(negative))
                .startsWith("model v1: negative[1] (bounce).activities: 'bounce' is not one of");
    }

    @Test
    void fitPointsAreNotNegative() {
        ObjectNode model = base();
        at(model, "/fit/rules/0").put("points", -5);
        assertThat(problem(model))
                .isEqualTo(
                        "model v1: fit.rules[0] (saas).points: fit points are positive; put -5.0"
                                + " in a negative rule");
    }

    @Test
    void engagementPointsAreAboveZero() {
        for (int points : new int[] {0, -3}) {
            ObjectNode model = base();
            at(model, "/engagement/rules/0").put("points", points);
            assertThat(problem(model))
                    .as("points %d", points)
                    .startsWith(
                            "model v1: engagement.rules[0] (pricing).points: engagement points are"
                                    + " positive");
        }
    }

    @Test
    void aNegativeRuleTestsExactlyOneThing() {
        ObjectNode none = base();
        ((ArrayNode) none.get("negative")).addObject().put("id", "vague").put("points", -5);
        assertThat(problem(none))
                .isEqualTo(
                        "model v1: negative[1] (vague): give exactly one of field (with values),"
                                + " activities, condition");

        ObjectNode two = base();
        at(two, "/negative/0").put("condition", "unsubscribed");
        assertThat(problem(two))
                .isEqualTo(
                        "model v1: negative[0] (student): give exactly one of field (with values),"
                                + " activities, condition");

        ObjectNode badCondition = base();
        ((ArrayNode) badCondition.get("negative"))
                .addObject()
                .put("id", "dead")
                .put("condition", "deceased")
                .put("points", -5);
        assertThat(problem(badCondition))
                .startsWith("model v1: negative[1] (dead).condition: 'deceased' is not one of");
    }

    @Test
    void aNegativeRuleTakesPointsAway() {
        for (int points : new int[] {0, 5}) {
            ObjectNode model = base();
            at(model, "/negative/0").put("points", points);
            assertThat(problem(model))
                    .as("points %d", points)
                    .isEqualTo(
                            "model v1: negative[0] (student).points: a negative rule's points are"
                                    + " below zero");
        }
    }

    @Test
    void theReleaseIsNotAboveTheThreshold() {
        ObjectNode model = base();
        at(model, "/salesReady").put("release", 70);
        assertThat(problem(model))
                .isEqualTo(
                        "model v1: salesReady.release: 70.0 is above the threshold 60.0 (the lead"
                                + " would flap)");

        ObjectNode equal = base();
        at(equal, "/salesReady").put("release", 60);
        assertThat(ScoringModelParser.parse(equal, "m").salesReady().release())
                .as("a release at the threshold is no hysteresis, but allowed")
                .isEqualTo(60);
    }

    @Test
    void halfLifeAndWindowAreExclusive() {
        ObjectNode model = base();
        at(model, "/engagement").put("window", "30d");
        assertThat(problem(model))
                .isEqualTo("model v1: engagement: give halfLife or window, not both");
    }

    @Test
    void aRuleCanDecayByItsOwnHalfLifeOrWindowButNotBoth() {
        ObjectNode own = base();
        ((ObjectNode) at(own, "/engagement/rules/0")).put("halfLife", "7d");
        assertThat(ScoringModelParser.parse(own, "m").engagement().rules().get(0).halfLife())
                .isEqualTo(Duration.ofDays(7));

        ObjectNode both = base();
        ((ObjectNode) at(both, "/engagement/rules/0")).put("halfLife", "7d").put("window", "30d");
        assertThat(problem(both))
                .contains("rules[0]")
                .contains("give halfLife or window, not both");
    }

    @Test
    void aDurationMustBeADurationAboveZero() {
        ObjectNode text = base();
        at(text, "/engagement").put("halfLife", "two weeks");
        assertThat(problem(text))
                .startsWith("model v1: engagement.halfLife: 'two weeks' is not a duration");

        ObjectNode zero = base();
        at(zero, "/engagement").remove("halfLife");
        at(zero, "/engagement").put("window", "0d");
        assertThat(problem(zero))
                .isEqualTo("model v1: engagement.window: must be longer than zero");
    }

    @Test
    void gradeBandsGoDown() {
        ObjectNode up = base();
        at(up, "/grades").putArray("fit").add(20).add(40);
        assertThat(problem(up))
                .isEqualTo("model v1: grades.fit: thresholds must go down, highest first");

        ObjectNode equal = base();
        at(equal, "/grades").putArray("engagement").add(30).add(30);
        assertThat(problem(equal))
                .isEqualTo("model v1: grades.engagement: thresholds must go down, highest first");

        ObjectNode empty = base();
        at(empty, "/grades").putArray("fit");
        assertThat(problem(empty)).startsWith("model v1: grades.fit: must be a list of 1 to 8");
    }

    @Test
    void salesReadyIsRequired() {
        ObjectNode model = base();
        model.remove("salesReady");
        assertThat(problem(model)).startsWith("model v1: salesReady: required");

        ObjectNode noThreshold = base();
        at(noThreshold, "/salesReady").remove("threshold");
        at(noThreshold, "/salesReady").remove("release");
        assertThat(problem(noThreshold))
                .isEqualTo("model v1: salesReady.threshold: required, a number");
    }

    @Test
    void capsAreAboveZeroAndEmployeeRangesInOrder() {
        ObjectNode cap = base();
        at(cap, "/engagement/rules/0").put("cap", 0);
        assertThat(problem(cap))
                .isEqualTo("model v1: engagement.rules[0] (pricing).cap: must be above zero");

        ObjectNode range = base();
        ((ArrayNode) range.at("/fit/rules"))
                .addObject()
                .put("id", "mid")
                .put("field", "employees")
                .put("min", 500)
                .put("max", 50)
                .put("points", 5);
        assertThat(problem(range))
                .isEqualTo("model v1: fit.rules[1] (mid): min 500 is above max 50");
    }

    @Test
    void everyProblemIsReportedInOneRefusal() {
        ObjectNode model = base();
        at(model, "/fit/rules/0").put("points", -5); // 1
        at(model, "/engagement/rules/0").putArray("activities").add("page_veiw"); // 2
        at(model, "/engagement").put("window", "30d"); // 3: with the halfLife
        at(model, "/negative/0").put("points", 10); // 4
        at(model, "/grades").putArray("fit").add(10).add(20); // 5
        model.remove("salesReady"); // 6

        ScoringModelException e =
                catchThrowableOfType(
                        () -> ScoringModelParser.parse(model, "model.json"),
                        ScoringModelException.class);

        assertThat(e.problems()).hasSize(6);
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).contains("(saas).points"))
                .anySatisfy(p -> assertThat(p).contains("(pricing).activities"))
                .anySatisfy(p -> assertThat(p).contains("not both"))
                .anySatisfy(p -> assertThat(p).contains("(student).points"))
                .anySatisfy(p -> assertThat(p).contains("grades.fit"))
                .anySatisfy(p -> assertThat(p).contains("salesReady"));
        assertThat(e.getMessage())
                .startsWith("Scoring document from model.json refused, 6 problems:");
        for (String problem : e.problems()) {
            assertThat(e.getMessage()).contains(problem);
        }
    }

    @Test
    void aModelMustBeAnObject() {
        ScoringModelException e =
                catchThrowableOfType(
                        () -> ScoringModelParser.parse(tree("[1, 2]"), "model.json"),
                        ScoringModelException.class);
        assertThat(e.problems()).containsExactly("model: must be a JSON object");
        assertThat(e.getMessage()).contains("1 problem:");
    }
}

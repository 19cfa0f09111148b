package io.leadflow.jobs.scoring;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.leadflow.jobs.scoring.ScoringFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ScoringRegistryTest {

    private static String version(String version, int points) {
        return """
                {"version": "%s",
                 "fit": {"rules": [
                    {"id": "saas", "field": "industry", "values": ["software"], "points": %d}]},
                 "salesReady": {"threshold": 60, "release": 50}}
                """
                .formatted(version, points);
    }

    private static final String V1 = version("v1", 30);
    private static final String V2 = version("v2", 20);
    private static final String V3 = version("v3", 10);

    private static String publish(String model, String as) {
        return "{\"scoring\": {\"publish\": "
                + model
                + (as == null ? "" : ", \"as\": \"" + as + "\"")
                + "}}";
    }

    private static String promote(String version) {
        return "{\"scoring\": {\"promote\": \"" + version + "\"}}";
    }

    private static String retire(String version) {
        return "{\"scoring\": {\"retire\": \"" + version + "\"}}";
    }

    private static final String ROLLBACK = "{\"scoring\": {\"rollback\": true}}";

    private static ScoringRegistry v1() {
        return ScoringRegistry.of(V1, "scoring.json");
    }

    /** The one problem of a refused command. */
    private static String refusal(ScoringRegistry registry, String command) {
        ScoringModelException e =
                catchThrowableOfType(
                        () -> registry.apply(command, "config@7"), ScoringModelException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).contains("config@7");
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    private static void assertInForce(
            ScoringRegistry r, String active, String shadow, String previous) {
        assertThat(r.active()).as("active").isEqualTo(active);
        assertThat(r.shadow()).as("shadow").isEqualTo(shadow);
        assertThat(r.previous()).as("previous").isEqualTo(previous);
    }

    @Test
    void ofMakesTheModelActive() {
        ScoringRegistry r = v1();
        assertInForce(r, "v1", null, null);
        assertThat(r.inForce()).containsExactly("v1");
        assertThat(r.modelTexts()).containsOnlyKeys("v1");
        assertThat(r.model("v1")).isEqualTo(model(V1));
    }

    @Test
    void ofRefusesABadModelNamingTheField() {
        ScoringModelException e =
                catchThrowableOfType(
                        () -> ScoringRegistry.of(V1.replace("30}", "-30}"), "scoring.json"),
                        ScoringModelException.class);
        assertThat(e.problems()).singleElement().asString().contains("(saas).points");
        assertThat(e.getMessage()).contains("scoring.json");

        ScoringModelException notJson =
                catchThrowableOfType(
                        () -> ScoringRegistry.of("{\"version\": ", "scoring.json"),
                        ScoringModelException.class);
        assertThat(notJson.problems()).singleElement().asString().startsWith("not JSON");
    }

    @Test
    void aPublishedVersionIsAShadowUnlessAskedOtherwise() {
        ScoringRegistry r = v1();
        ScoringRegistry shadow = r.apply(publish(V2, null), "config@1");
        assertInForce(shadow, "v1", "v2", null);
        assertThat(shadow.inForce()).containsExactly("v1", "v2");
        assertThat(shadow.model("v2")).isEqualTo(model(V2));
        assertThat(r.shadow()).as("the registry applied to is unchanged").isNull();

        assertThat(r.apply(publish(V2, "shadow"), "config@1")).isEqualTo(shadow);

        ScoringRegistry other = shadow.apply(publish(V3, "shadow"), "config@2");
        assertInForce(other, "v1", "v3", null);
        assertThat(other.modelTexts()).containsOnlyKeys("v1", "v2", "v3");
    }

    @Test
    void aVersionPublishedActiveReplacesTheActiveOne() {
        ScoringRegistry r = v1().apply(publish(V2, "active"), "config@1");
        assertInForce(r, "v2", null, "v1");
        assertThat(r.inForce()).containsExactly("v2");

        ScoringRegistry shadowThenActive =
                v1().apply(publish(V2, "shadow"), "c").apply(publish(V2, "active"), "c");
        assertInForce(shadowThenActive, "v2", null, "v1");

        ScoringRegistry otherShadow =
                v1().apply(publish(V3, "shadow"), "c").apply(publish(V2, "active"), "c");
        assertInForce(otherShadow, "v2", "v3", "v1");
    }

    @Test
    void theActiveVersionIsNotPublishedAsShadow() {
        assertThat(refusal(v1(), publish(V1, "shadow")))
                .isEqualTo("scoring.publish: v1 is active already");
    }

    @Test
    void promoteMakesAKnownVersionActiveAndKeepsTheOldOneForRollback() {
        ScoringRegistry shadow = v1().apply(publish(V2, null), "c");
        ScoringRegistry promoted = shadow.apply(promote("v2"), "c");
        assertInForce(promoted, "v2", null, "v1");

        ScoringRegistry withOtherShadow =
                shadow.apply(publish(V3, null), "c").apply(promote("v2"), "c");
        assertInForce(withOtherShadow, "v2", "v3", "v1");

        assertThat(refusal(promoted, promote("v2")))
                .isEqualTo("scoring.promote: v2 is active already");
    }

    @Test
    void anUnknownVersionIsNotPromoted() {
        ScoringRegistry r = v1().apply(publish(V2, null), "c");
        assertThat(refusal(r, promote("v9")))
                .isEqualTo("scoring.promote: no version 'v9' was published (known: [v1, v2])");
        assertThat(refusal(r, "{\"scoring\": {\"promote\": 2}}"))
                .startsWith("scoring.promote: must be a version");
    }

    @Test
    void rollbackReturnsToThePreviousActiveVersion() {
        ScoringRegistry promoted = v1().apply(publish(V2, "active"), "c");
        ScoringRegistry back = promoted.apply(ROLLBACK, "c");
        assertInForce(back, "v1", null, null);
        assertThat(refusal(back, ROLLBACK))
                .as("once")
                .isEqualTo("scoring.rollback: there is no earlier active version");

        ScoringRegistry withShadow = promoted.apply(publish(V3, null), "c").apply(ROLLBACK, "c");
        assertInForce(withShadow, "v1", "v3", null);

        // v1 republished (unchanged) as the shadow of v2, then v2 rolled back to it.
        ScoringRegistry previousAsShadow = promoted.apply(publish(V1, "shadow"), "c");
        assertInForce(previousAsShadow, "v2", "v1", "v1");
        assertInForce(previousAsShadow.apply(ROLLBACK, "c"), "v1", null, null);
    }

    @Test
    void rollbackIsRefusedWithoutAnEarlierVersion() {
        assertThat(refusal(v1(), ROLLBACK))
                .isEqualTo("scoring.rollback: there is no earlier active version");
    }

    @Test
    void retireStopsOnlyTheShadow() {
        ScoringRegistry shadow = v1().apply(publish(V2, null), "c");
        ScoringRegistry retired = shadow.apply(retire("v2"), "c");
        assertInForce(retired, "v1", null, null);
        assertThat(retired.inForce()).containsExactly("v1");
        assertThat(retired.modelTexts()).as("still known").containsOnlyKeys("v1", "v2");
        assertInForce(retired.apply(promote("v2"), "c"), "v2", null, "v1");

        assertThat(refusal(shadow, retire("v1")))
                .isEqualTo("scoring.retire: 'v1' is not the shadow version (v2 is)");
        assertThat(refusal(v1(), retire("v1")))
                .isEqualTo("scoring.retire: 'v1' is not the shadow version (there is none)");
    }

    @Test
    void anIdenticalVersionIsAcceptedAgainAndAChangedOneRefused() {
        ScoringRegistry shadow = v1().apply(publish(V2, null), "c");
        String sameOnOneLine = V2.replaceAll("\\s+", " ");
        assertThat(shadow.apply(publish(sameOnOneLine, null), "c")).isEqualTo(shadow);

        assertThat(refusal(shadow, publish(version("v2", 25), null)))
                .startsWith("scoring.publish: version v2 is published already with other rules");
        assertThat(refusal(shadow, publish(version("v1", 25), "active")))
                .startsWith("scoring.publish: version v1 is published already with other rules");
        ScoringRegistry retired = shadow.apply(retire("v2"), "c");
        assertThat(refusal(retired, publish(version("v2", 25), null)))
                .as("a retired version is still the same version")
                .startsWith("scoring.publish: version v2 is published already");
    }

    @Test
    void theActiveVersionPublishedActiveAgainChangesNothing() {
        // A repeat of the command that made it active must not lose the rollback target.
        ScoringRegistry r = v1().apply(publish(V2, "active"), "c");
        ScoringRegistry again = r.apply(publish(V2, "active"), "c");
        assertThat(again).isEqualTo(r);
        assertInForce(again.apply(ROLLBACK, "c"), "v1", null, null);

        assertThat(v1().apply(publish(V1, "active"), "c")).isEqualTo(v1());
    }

    @Test
    void theRegistryRoundTripsThroughJson() {
        ScoringRegistry full =
                v1().apply(publish(V2, "active"), "c").apply(publish(V3, "shadow"), "c");
        assertInForce(full, "v2", "v3", "v1");
        String json = full.toJson();
        ScoringRegistry read = ScoringRegistry.fromJson(json);
        assertThat(read).isEqualTo(full);
        assertThat(read.model("v3")).isEqualTo(model(V3));
        assertThat(read.toJson()).isEqualTo(json);

        ScoringRegistry fresh = v1();
        assertThat(ScoringRegistry.fromJson(fresh.toJson())).isEqualTo(fresh);
        assertThat(fresh.toJson()).contains("\"shadow\":null").contains("\"previous\":null");
    }

    @Test
    void aScoringCommandIsToldFromOtherConfigDocuments() {
        assertThat(ScoringRegistry.isCommand(bytes(promote("v2")))).isTrue();
        assertThat(ScoringRegistry.isCommand(bytes(publish(V2, null)))).isTrue();
        assertThat(ScoringRegistry.isCommand(bytes("{\"rules\": [{\"name\": \"hot\"}]}")))
                .as("alert rules")
                .isFalse();
        assertThat(ScoringRegistry.isCommand(bytes("{\"policies\": []}"))).isFalse();
        assertThat(ScoringRegistry.isCommand(bytes("[{\"scoring\": {}}]"))).isFalse();
        assertThat(ScoringRegistry.isCommand(bytes("\"scoring\""))).isFalse();
        assertThat(ScoringRegistry.isCommand(bytes("scoring: promote v2"))).isFalse();
        assertThat(ScoringRegistry.isCommand(bytes("{\"scoring\": "))).isFalse();
        assertThat(ScoringRegistry.isCommand(new byte[] {(byte) 0xff, 0x00, 0x13})).isFalse();
        assertThat(ScoringRegistry.isCommand(new byte[0])).isFalse();
    }

    @Test
    void aBadModelInAPublishIsRefusedNamingTheField() {
        String bad = V2.replace("\"industry\"", "\"industy\"");
        ScoringModelException e =
                catchThrowableOfType(
                        () -> v1().apply(publish(bad, null), "config@9"),
                        ScoringModelException.class);
        assertThat(e.problems())
                .singleElement()
                .asString()
                .startsWith("model v2: fit.rules[0] (saas).field: 'industy' is not one of");
        assertThat(e.getMessage()).contains("config@9");

        assertThat(refusal(v1(), "{\"scoring\": {\"publish\": 3}}"))
                .isEqualTo("model: must be a JSON object");
    }

    @Test
    void aMalformedCommandIsRefused() {
        ScoringRegistry r = v1();
        assertThat(refusal(r, "{\"scoring\": {}}"))
                .startsWith("scoring: must be an object with publish, promote, rollback or retire");
        assertThat(refusal(r, "{\"scoring\": \"promote v2\"}")).startsWith("scoring: must be");
        assertThat(refusal(r, "{\"scoring\": {\"demote\": \"v1\"}}"))
                .startsWith("scoring: unknown field 'demote'");
        assertThat(refusal(r, "{\"scoring\": {\"promote\": \"v1\", \"retire\": \"v2\"}}"))
                .isEqualTo("scoring: give exactly one of publish, promote, rollback, retire");
        assertThat(refusal(r, publish(V2, "primary")))
                .isEqualTo("scoring.as: 'primary' must be shadow or active");
        assertThat(refusal(r, "{\"scoring\": ")).startsWith("not JSON");
        assertThat(refusal(r, "{\"rules\": []}")).startsWith("scoring: must be");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void inForceListsTheActiveVersionFirst() {
        ScoringRegistry r = v1().apply(publish(V2, null), "c").apply(promote("v2"), "c");
        assertThat(r.apply(publish(V3, null), "c").inForce()).containsExactly("v2", "v3");
        assertThat(List.copyOf(r.modelTexts().keySet())).containsExactly("v1", "v2");
    }
}

package io.leadflow.generator;

import java.util.List;
import java.util.Locale;

/**
 * The fictional sales organisation leads are routed to: reps {@code rep-01..rep-24} in four teams,
 * each team owning a territory. Reps work leads of their own team, so hand-offs usually stay inside
 * a team and only sometimes cross to another.
 */
final class SalesRoster {

    static final List<String> TEAMS =
            List.of("team-east", "team-west", "team-central", "team-emea");
    private static final List<String> TERRITORIES =
            List.of("na-east", "na-west", "na-central", "emea");
    private static final int REPS_PER_TEAM = 6;

    private SalesRoster() {}

    static String territoryOf(String team) {
        return TERRITORIES.get(TEAMS.indexOf(team));
    }

    /** Routing by geography first, as most lead-routing rules do. */
    static String teamFor(String country, Dice dice) {
        return switch (country) {
            case "US", "CA" -> dice.pick(TEAMS.subList(0, 3));
            case "AU", "IN" -> dice.chance(0.5) ? "team-west" : "team-emea";
            default -> "team-emea";
        };
    }

    static String repIn(String team, Dice dice) {
        int first = TEAMS.indexOf(team) * REPS_PER_TEAM + 1;
        return String.format(
                Locale.ROOT, "rep-%02d", dice.between(first, first + REPS_PER_TEAM - 1));
    }

    /** A different rep, usually in the same team, for hand-offs. */
    static String otherRep(String currentRep, String team, Dice dice) {
        for (int i = 0; i < 10; i++) {
            String rep = repIn(team, dice);
            if (!rep.equals(currentRep)) {
                return rep;
            }
        }
        return repIn(TEAMS.get((TEAMS.indexOf(team) + 1) % TEAMS.size()), dice);
    }
}

package io.leadflow.generator;

import java.util.List;
import java.util.Locale;

/**
 * The fictional company and person behind a lead: firmographics for scoring and segmentation and
 * contact data for the PII part of {@code lead.created}. Names are assembled from syllables, e-mail
 * domains end in the reserved {@code .example} TLD and phone numbers use the 555 fiction range, so
 * no generated record describes a real person or company.
 */
record Prospect(
        String company,
        String industry,
        int employees,
        String revenueBand,
        String country,
        String segment,
        String firstName,
        String lastName,
        String title,
        String email,
        String phone) {

    private static final List<String> PREFIXES =
            List.of(
                    "Nor", "Bright", "Vel", "Quar", "Ash", "Cor", "Lum", "Tal", "Brim", "Oak",
                    "Sil", "Kest", "Mar", "Drev", "Pell", "Zan");
    private static final List<String> SUFFIXES =
            List.of(
                    "vale", "peak", "stone", "wick", "mont", "ford", "ridge", "lane", "holt",
                    "bury");
    private static final List<String> KINDS =
            List.of(
                    "Systems",
                    "Logistics",
                    "Health",
                    "Analytics",
                    "Foods",
                    "Manufacturing",
                    "Labs",
                    "Partners",
                    "Retail",
                    "Energy");
    private static final List<String> INDUSTRIES =
            List.of(
                    "software",
                    "manufacturing",
                    "healthcare",
                    "financial_services",
                    "retail",
                    "logistics",
                    "education",
                    "professional_services");
    private static final List<String> COUNTRIES =
            List.of("US", "GB", "DE", "FR", "CA", "NL", "AU", "SE", "ES", "IN");
    private static final double[] COUNTRY_WEIGHTS = {45, 12, 10, 6, 6, 5, 5, 4, 4, 3};
    private static final List<String> FIRST_NAMES =
            List.of(
                    "Avery", "Jordan", "Rowan", "Quinn", "Harper", "Emery", "Sasha", "Milan",
                    "Noor", "Kai", "Lena", "Tomas", "Ines", "Mateo", "Yuki", "Priya");
    private static final List<String> LAST_NAMES =
            List.of(
                    "Fairbank",
                    "Okonkwo",
                    "Lindqvist",
                    "Marchetti",
                    "Delacroix",
                    "Haverford",
                    "Nakamura",
                    "Brennan",
                    "Castellano",
                    "Vasquez",
                    "Whitlock",
                    "Ostrowski");
    private static final List<String> TITLES =
            List.of(
                    "Head of Marketing",
                    "VP Sales",
                    "Operations Manager",
                    "CFO",
                    "IT Director",
                    "Marketing Coordinator",
                    "Founder",
                    "Procurement Lead",
                    "Student");

    static Prospect draw(Dice dice) {
        String name = dice.pick(PREFIXES) + dice.pick(SUFFIXES);
        String company = name + " " + dice.pick(KINDS);
        // Company sizes are heavy-tailed: many small firms, few giants.
        int employees = (int) Math.max(1, Math.min(250_000, Math.round(dice.logNormal(60.0, 1.6))));
        String country = dice.weighted(COUNTRIES, COUNTRY_WEIGHTS);
        String first = dice.pick(FIRST_NAMES);
        String last = dice.pick(LAST_NAMES);
        String domain = name.toLowerCase(Locale.ROOT) + ".example";
        String email = (first + "." + last).toLowerCase(Locale.ROOT) + "@" + domain;
        String phone = String.format(Locale.ROOT, "+1-555-01%02d", dice.between(0, 99));
        return new Prospect(
                company,
                dice.pick(INDUSTRIES),
                employees,
                revenueBand(employees),
                country,
                segment(employees),
                first,
                last,
                dice.pick(TITLES),
                email,
                phone);
    }

    static String segment(int employees) {
        if (employees < 100) {
            return "SMB";
        }
        return employees < 1000 ? "mid-market" : "enterprise";
    }

    private static String revenueBand(int employees) {
        if (employees < 50) {
            return "<5M";
        }
        if (employees < 250) {
            return "5M-50M";
        }
        if (employees < 2000) {
            return "50M-500M";
        }
        return ">500M";
    }

    /** Deal sizes follow company size; a currency follows the country. */
    String currency() {
        return switch (country) {
            case "GB" -> "GBP";
            case "DE", "FR", "NL", "ES" -> "EUR";
            default -> "USD";
        };
    }
}

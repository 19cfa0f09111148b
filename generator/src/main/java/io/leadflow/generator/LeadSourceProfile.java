package io.leadflow.generator;

import java.util.List;

/**
 * One marketing source as the generator models it: how leads from it are captured (channel, medium,
 * campaigns, emitting system), how many arrive (relative volume) and how good they are ({@code
 * quality} 0..1 drives engagement, reachability and conversion). Differences between sources are
 * what make per-source funnel and ROI dashboards worth looking at.
 *
 * @param leadSource value of {@code payload.leadSource}, e.g. {@code google_ads}
 * @param channel value of {@code payload.channel}
 * @param medium value of {@code payload.medium}
 * @param campaigns campaign names; for list imports each is a list name
 * @param volume relative share of captured leads
 * @param quality 0 (junk) .. 1 (best)
 * @param salesFirst whether sales engages right at capture (phone, chat, events, partners)
 * @param dailySpend typical spend per campaign and day in USD, 0 for free sources
 */
record LeadSourceProfile(
        String leadSource,
        String channel,
        String medium,
        List<String> campaigns,
        double volume,
        double quality,
        boolean salesFirst,
        double dailySpend) {

    static final String LIST_IMPORT = "list_import";

    /** Campaign names are globally unique, so {@code campaign:<name>} is a usable Kafka key. */
    static final List<LeadSourceProfile> CATALOG =
            List.of(
                    new LeadSourceProfile(
                            "google_ads",
                            "web_form",
                            "cpc",
                            List.of(
                                    "gads-brand",
                                    "gads-generic-crm",
                                    "gads-competitor-terms",
                                    "gads-retargeting"),
                            26,
                            0.45,
                            false,
                            180),
                    new LeadSourceProfile(
                            "organic_search",
                            "web_form",
                            "organic",
                            List.of("seo-blog", "seo-pricing-page"),
                            22,
                            0.6,
                            false,
                            0),
                    new LeadSourceProfile(
                            "linkedin",
                            "social",
                            "paid_social",
                            List.of("li-abm-enterprise", "li-lead-gen-form"),
                            10,
                            0.45,
                            false,
                            220),
                    new LeadSourceProfile(
                            "webinar",
                            "event",
                            "webinar",
                            List.of("webinar-pipeline-101", "webinar-revops-live"),
                            7,
                            0.55,
                            false,
                            40),
                    new LeadSourceProfile(
                            "tradeshow",
                            "event",
                            "event",
                            List.of("expo-northfield-2026"),
                            3,
                            0.75,
                            true,
                            350),
                    new LeadSourceProfile(
                            "partner_referral",
                            "partner",
                            "referral",
                            List.of("partner-brightline-consulting", "partner-orbitex-resellers"),
                            3,
                            0.85,
                            true,
                            0),
                    new LeadSourceProfile(
                            "purchased_list",
                            LIST_IMPORT,
                            "list",
                            List.of("techbuyers-2026", "eu-manufacturing-q1"),
                            20,
                            0.15,
                            false,
                            60),
                    new LeadSourceProfile(
                            "website_chat",
                            "chat",
                            "chat",
                            List.of("site-chatbot"),
                            5,
                            0.55,
                            true,
                            0),
                    new LeadSourceProfile(
                            "inbound_phone",
                            "phone",
                            "phone",
                            List.of("main-line"),
                            4,
                            0.65,
                            true,
                            0));

    boolean listImport() {
        return LIST_IMPORT.equals(channel);
    }

    /** The envelope {@code source} of the capture event: the system that recorded it. */
    String captureSystem(String campaign) {
        return switch (channel) {
            case LIST_IMPORT -> "import:" + campaign;
            case "web_form", "social" -> "web";
            case "chat" -> "chat";
            case "partner" -> "partner-portal";
            default -> "crm";
        };
    }
}

package io.leadflow.generator.replay;

import io.leadflow.generator.KafkaRecord;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The X Education leads as leadflow events, ready to produce, plus what a reader of the results
 * must know about the conversion: how many leads and converted leads, how many activities of each
 * kind, which leads hit a cap, which country names have no ISO code (their leads carry no country),
 * and the synthetic creation times (the file has no dates, see {@link
 * XEducationLeads#FIRST_LEAD_AT}).
 *
 * @param records every event in event-time order (creation first on ties), keyed by lead id
 * @param leads data rows, one lead each
 * @param converted leads with Converted = 1: each gets SQL, an opportunity and its win
 * @param consentChanges leads with Do Not Email or Do Not Call = Yes: one lead.updated each
 * @param pageViews page_view activities for pages viewed (after the cap)
 * @param siteTime time-on-site activities (page_view with url {@link
 *     XEducationLeads#SITE_TIME_URL}), one per started {@link XEducationLeads#SITE_TIME_UNIT}
 * @param downloads content_download activities (the free e-book)
 * @param pageViewsCapped lead ids whose page views were cut to {@link
 *     XEducationLeads#MAX_PAGE_VIEWS}
 * @param siteTimeCapped lead ids whose time-on-site activities were cut to {@link
 *     XEducationLeads#MAX_SITE_TIME}
 * @param leadSources lead count per leadSource as written to the events (empty: none written), most
 *     frequent first
 * @param unmappedCountries Country values that are not a country (e.g. {@code unknown}) and how
 *     many leads have them; those leads carry no country
 * @param firstCreatedAt creation of the first lead, null when the file has none
 * @param lastCreatedAt creation of the last lead, null when the file has none
 */
public record XEducationReplayPlan(
        List<ReplayRecord> records,
        int leads,
        int converted,
        int consentChanges,
        long pageViews,
        long siteTime,
        int downloads,
        List<String> pageViewsCapped,
        List<String> siteTimeCapped,
        Map<String, Long> leadSources,
        Map<String, Long> unmappedCountries,
        Instant firstCreatedAt,
        Instant lastCreatedAt) {

    public XEducationReplayPlan {
        records = List.copyOf(records);
        pageViewsCapped = List.copyOf(pageViewsCapped);
        siteTimeCapped = List.copyOf(siteTimeCapped);
        leadSources = Collections.unmodifiableMap(new LinkedHashMap<>(leadSources));
        unmappedCountries = Collections.unmodifiableMap(new TreeMap<>(unmappedCountries));
    }

    /** Activities of all kinds. */
    public long activities() {
        return pageViews + siteTime + downloads;
    }

    /** The records for Kafka with the configured topic names, in event-time order. */
    public List<KafkaRecord> kafkaRecords(String leadsTopic, String activitiesTopic) {
        return records.stream().map(r -> r.toKafka(leadsTopic, activitiesTopic)).toList();
    }
}

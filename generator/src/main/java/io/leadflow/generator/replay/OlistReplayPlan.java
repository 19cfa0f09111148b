package io.leadflow.generator.replay;

import io.leadflow.generator.KafkaRecord;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Olist marketing funnel as leadflow events, ready to produce, plus what a reader of the
 * results must know about the data: how many leads and deals, which wins had to be moved because
 * the data set says they were won before the lead's first contact, how the lead sources are
 * distributed, and the date ranges that make late cohorts right-censored (MQLs stop months before
 * the deals do, so late cohorts look worse than they are).
 *
 * @param records every event in event-time order (creation first on ties), keyed by lead id
 * @param leads MQL rows, one lead each
 * @param deals closed-deal rows that joined to an MQL, one win each
 * @param unjoinedDeals closed-deal rows whose mql_id is not among the MQLs (skipped)
 * @param clampedWins lead ids whose win was moved to one second after the lead's creation
 * @param leadSources lead count per leadSource as written to the events, most frequent first
 * @param firstContactFrom earliest first_contact_date
 * @param firstContactTo latest first_contact_date: the end of the observed MQL cohorts
 * @param lastWonAt latest won_date as in the data set (UTC)
 * @param winsAfterLastContact wins dated after the last MQL's first-contact day
 */
public record OlistReplayPlan(
        List<ReplayRecord> records,
        int leads,
        int deals,
        int unjoinedDeals,
        List<String> clampedWins,
        Map<String, Long> leadSources,
        LocalDate firstContactFrom,
        LocalDate firstContactTo,
        Instant lastWonAt,
        int winsAfterLastContact) {

    public OlistReplayPlan {
        records = List.copyOf(records);
        clampedWins = List.copyOf(clampedWins);
        leadSources = Collections.unmodifiableMap(new LinkedHashMap<>(leadSources));
    }

    /** The records for Kafka with the configured topic names, in event-time order. */
    public List<KafkaRecord> kafkaRecords(String leadsTopic, String activitiesTopic) {
        return records.stream().map(r -> r.toKafka(leadsTopic, activitiesTopic)).toList();
    }
}

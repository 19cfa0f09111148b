package io.leadflow.jobs.io;

import io.leadflow.jobs.aggregate.Aggregate;
import io.leadflow.jobs.aggregate.AggregateRow;
import io.leadflow.jobs.aggregate.EventDays;
import io.leadflow.jobs.rows.CampaignCostRow;
import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.jobs.rows.EventClockRow;
import io.leadflow.jobs.rows.LateEventRow;
import io.leadflow.jobs.rows.LeadScoreRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.rows.SlaClockRow;
import io.leadflow.jobs.rows.SlaPendingRow;
import io.leadflow.jobs.sla.PagingOutcome;
import io.leadflow.jobs.sla.SlaAlert;
import io.leadflow.jobs.sla.UntouchedLead;
import io.leadflow.jobs.time.FlushClock;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.connector.sink2.Sink;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The tables the job writes and the sinks that write them. Each table's columns are defined once
 * here ({@link ClickHouseTable}); the migrations in {@code schemas/clickhouse} must agree, which a
 * test checks against {@code DESCRIBE TABLE}. Every row carries a deterministic key and a version
 * (ReplacingMergeTree), so retried or replayed inserts overwrite instead of adding.
 */
public final class ClickHouseRowSinks {

    /** {@code lead_state}: the lead and, in parallel arrays, its transitions and rejections. */
    public static final ClickHouseTable<LeadStateRow> LEAD_STATE =
            ClickHouseTable.<LeadStateRow>named("lead_state")
                    .string("lead_id", r -> r.lead().leadId())
                    .string("status", r -> r.lead().status())
                    .string("contact_status", r -> r.lead().contactStatus().name())
                    .unsigned("cycle", 32, r -> r.lead().cycle())
                    .string("status_reason", r -> r.lead().statusReason())
                    .string("source", r -> r.lead().source())
                    .string("channel", r -> r.lead().channel())
                    .string("lead_source", r -> r.lead().leadSource())
                    .string("campaign", r -> r.lead().campaign())
                    .string("medium", r -> r.lead().medium())
                    .string("landing_page", r -> r.lead().landingPage())
                    .string("owner", r -> r.lead().owner())
                    .string("team", r -> r.lead().team())
                    .string("territory", r -> r.lead().territory())
                    .string("company", r -> r.lead().company())
                    .string("industry", r -> r.lead().industry())
                    .string("country", r -> r.lead().country())
                    .string("segment", r -> r.lead().segment())
                    .nullableUnsigned("employees", 32, r -> r.lead().employees())
                    .nullableDateTime("created_at", r -> r.lead().createdAt())
                    .nullableDateTime("status_changed_at", r -> r.lead().statusChangedAt())
                    .nullableDateTime("assigned_at", r -> r.lead().assignedAt())
                    .unsigned("assignments", 32, r -> r.lead().assignments())
                    .nullableDateTime("first_activity_at", r -> r.lead().firstActivityAt())
                    .nullableDateTime("last_activity_at", r -> r.lead().lastActivityAt())
                    .unsigned("activity_count", 32, r -> r.lead().activityCount())
                    .unsigned("contact_attempts", 32, r -> r.lead().contactAttempts())
                    .nullableDateTime("first_attempt_at", r -> r.lead().firstAttemptAt())
                    .nullableDateTime("first_connect_at", r -> r.lead().firstConnectAt())
                    .string("last_disposition", r -> r.lead().lastDisposition())
                    .string("opportunity_id", r -> r.lead().opportunityId())
                    .nullableFloat64("opportunity_amount", r -> r.lead().opportunityAmount())
                    .string("opportunity_currency", r -> r.lead().opportunityCurrency())
                    .nullableDateTime("qualified_at", r -> r.lead().qualifiedAt())
                    .string("last_touch_source", r -> r.lead().lastTouchSource())
                    .string("last_touch_campaign", r -> r.lead().lastTouchCampaign())
                    .string("last_touch_medium", r -> r.lead().lastTouchMedium())
                    .nullableDateTime("last_touch_at", r -> r.lead().lastTouchAt())
                    .nullableUnsigned("attempts_to_connect", 32, r -> r.lead().attemptsToConnect())
                    .unsigned("handoffs_before_contact", 32, r -> r.lead().handoffsBeforeContact())
                    .dateTime("last_event_at", r -> r.lead().lastEventAt())
                    .unsigned("events_applied", 32, r -> r.lead().eventsApplied())
                    .unsigned("version", 64, LeadStateRow::version)
                    .dateTime("updated_at", r -> System.currentTimeMillis())
                    .array(
                            "transition_seq",
                            "UInt32",
                            LeadStateRow::transitions,
                            (t, out) -> out.writeNumber(t.seq()))
                    .array(
                            "transition_cycle",
                            "UInt32",
                            LeadStateRow::transitions,
                            (t, out) -> out.writeNumber(t.cycle()))
                    .array(
                            "transition_from_status",
                            "String",
                            LeadStateRow::transitions,
                            (t, out) -> ClickHouseTable.writeString(t.fromStatus(), out))
                    .array(
                            "transition_to_status",
                            "String",
                            LeadStateRow::transitions,
                            (t, out) -> ClickHouseTable.writeString(t.toStatus(), out))
                    .array(
                            "transition_occurred_at",
                            "DateTime('UTC')",
                            LeadStateRow::transitions,
                            (t, out) ->
                                    out.writeNumber(ClickHouseTable.seconds(t.occurredAtMillis())))
                    .array(
                            "transition_event_id",
                            "String",
                            LeadStateRow::transitions,
                            (t, out) -> ClickHouseTable.writeString(t.eventId(), out))
                    .array(
                            "transition_event_type",
                            "String",
                            LeadStateRow::transitions,
                            (t, out) -> ClickHouseTable.writeString(t.eventType(), out))
                    .array(
                            "transition_actor",
                            "String",
                            LeadStateRow::transitions,
                            (t, out) -> ClickHouseTable.writeString(t.actor(), out))
                    .array(
                            "transition_reason",
                            "String",
                            LeadStateRow::transitions,
                            (t, out) -> ClickHouseTable.writeString(t.reason(), out))
                    .array(
                            "transition_implied",
                            "UInt8",
                            LeadStateRow::transitions,
                            (t, out) -> out.writeNumber(t.implied() ? 1 : 0))
                    .array(
                            "rejected_event_id",
                            "String",
                            LeadStateRow::rejections,
                            (r, out) -> ClickHouseTable.writeString(r.eventId(), out))
                    .array(
                            "rejected_event_type",
                            "String",
                            LeadStateRow::rejections,
                            (r, out) -> ClickHouseTable.writeString(r.eventType(), out))
                    .array(
                            "rejected_at",
                            "DateTime('UTC')",
                            LeadStateRow::rejections,
                            (r, out) ->
                                    out.writeNumber(ClickHouseTable.seconds(r.occurredAtMillis())))
                    .array(
                            "rejected_from_status",
                            "String",
                            LeadStateRow::rejections,
                            (r, out) -> ClickHouseTable.writeString(r.fromStatus(), out))
                    .array(
                            "rejected_to_status",
                            "String",
                            LeadStateRow::rejections,
                            (r, out) -> ClickHouseTable.writeString(r.toStatus(), out))
                    .array(
                            "rejected_reason",
                            "String",
                            LeadStateRow::rejections,
                            (r, out) -> ClickHouseTable.writeString(r.reason(), out))
                    .array(
                            "transition_amount",
                            "Nullable(Float64)",
                            LeadStateRow::transitions,
                            (t, out) -> {
                                if (t.amount() == null) {
                                    out.writeNull();
                                } else {
                                    out.writeNumber(t.amount());
                                }
                            })
                    .array(
                            "transition_currency",
                            "String",
                            LeadStateRow::transitions,
                            (t, out) -> ClickHouseTable.writeString(t.currency(), out))
                    .nullableDateTime("cycle_started_at", r -> r.lead().cycleStartedAt())
                    .nullableDateTime("response_started_at", r -> r.lead().responseStartedAt())
                    .nullableDateTime("first_response_at", r -> r.lead().firstResponseAt())
                    .string("first_response_owner", r -> r.lead().firstResponseOwner())
                    .string("first_response_team", r -> r.lead().firstResponseTeam())
                    .nullableDateTime(
                            "first_attempt_after_qualified_at",
                            r -> r.lead().firstAttemptAfterQualifiedAt())
                    .nullableDateTime("last_sales_touch_at", r -> r.lead().lastSalesTouchAt())
                    .nullableFloat64("score", r -> r.score() == null ? null : r.score().total())
                    .string("score_grade", r -> r.score() == null ? "" : r.score().grade())
                    .string(
                            "score_model_version",
                            r -> r.score() == null ? "" : r.score().modelVersion())
                    .flag("score_sales_ready", r -> r.score() != null && r.score().salesReady())
                    .nullableDateTime(
                            "score_scored_at", r -> r.score() == null ? null : r.score().scoredAt())
                    .build();

    /** The table of one aggregate, its columns derived from the {@link Aggregate}. */
    public static ClickHouseTable<AggregateRow> aggregateTable(Aggregate aggregate) {
        ClickHouseTable.Builder<AggregateRow> table =
                ClickHouseTable.<AggregateRow>named(aggregate.table());
        List<Aggregate.Dimension> dimensions = aggregate.dimensions();
        for (int i = 0; i < dimensions.size(); i++) {
            int at = i;
            Aggregate.Dimension d = dimensions.get(i);
            if (d.numeric()) {
                table.column(
                        d.name(),
                        d.type(),
                        (r, out) -> out.writeNumber(Long.parseLong(r.key().dimensions().get(at))));
            } else {
                table.column(
                        d.name(),
                        d.type(),
                        (r, out) -> out.writeString(r.key().dimensions().get(at)));
            }
        }
        List<String> counters = aggregate.counters();
        for (int i = 0; i < counters.size(); i++) {
            int at = i;
            String name = counters.get(i);
            table.column(
                    name,
                    Aggregate.isSum(name) ? "Int64" : "UInt64",
                    (r, out) -> out.writeNumber(r.measures().counters()[at]));
        }
        for (int h = 0; h < aggregate.histograms().size(); h++) {
            int histogram = h;
            String name = aggregate.histograms().get(h);
            table.column(
                    name + "_bucket",
                    "Array(UInt16)",
                    (r, out) -> writeHistogram(r.measures().histogram(), histogram, true, out));
            table.column(
                    name + "_count",
                    "Array(UInt64)",
                    (r, out) -> writeHistogram(r.measures().histogram(), histogram, false, out));
        }
        return table.unsigned("version", 64, AggregateRow::version).build();
    }

    private static void writeHistogram(
            long[] pairs, int histogram, boolean buckets, JsonGenerator out) throws IOException {
        out.writeStartArray();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] >>> 16 == histogram) {
                out.writeNumber(buckets ? pairs[i] & 0xFFFF : pairs[i + 1]);
            }
        }
        out.writeEndArray();
    }

    /** The aggregate tables, in {@link Aggregate} order. */
    public static final List<ClickHouseTable<AggregateRow>> AGGREGATE_TABLES =
            Arrays.stream(Aggregate.values()).map(ClickHouseRowSinks::aggregateTable).toList();

    /** {@code dead_letters}: the record's text, exact bytes, where it came from and why. */
    public static final ClickHouseTable<DeadLetter> DEAD_LETTERS =
            ClickHouseTable.<DeadLetter>named("dead_letters")
                    .string("dead_letter_id", DeadLetter::id)
                    .string("topic", DeadLetter::topic)
                    .unsigned("partition", 32, DeadLetter::partition)
                    .column("offset", "Int64", (d, out) -> out.writeNumber(d.offset()))
                    .string("record_key", DeadLetter::recordKey)
                    .dateTime("received_at", DeadLetter::receivedAtMillis)
                    .string("reason_code", DeadLetter::reasonCode)
                    .string("reason", DeadLetter::reason)
                    // Invalid UTF-8 shows as U+FFFD here; raw_base64 keeps the exact bytes.
                    .string("raw", d -> new String(d.raw(), StandardCharsets.UTF_8))
                    .string("raw_base64", d -> Base64.getEncoder().encodeToString(d.raw()))
                    .unsigned("version", 64, d -> 1L)
                    .build();

    /** {@code campaign_costs}: the latest report of a day's spend per source and campaign. */
    public static final ClickHouseTable<CampaignCostRow> CAMPAIGN_COSTS =
            ClickHouseTable.<CampaignCostRow>named("campaign_costs")
                    .date("day", r -> r.cost().day())
                    .string("lead_source", r -> r.cost().leadSource())
                    .string("campaign", r -> r.cost().campaign())
                    .string("medium", r -> r.cost().medium())
                    .float64("amount", r -> r.cost().amount())
                    .string("currency", r -> r.cost().currency())
                    .string("event_id", CampaignCostRow::eventId)
                    .dateTime("reported_at", CampaignCostRow::reportedAtMillis)
                    .unsigned("version", 64, CampaignCostRow::reportedAtMillis)
                    .build();

    /** {@code sla_alerts}: every alert, keyed by its stable id. */
    public static final ClickHouseTable<SlaAlert> SLA_ALERTS =
            ClickHouseTable.<SlaAlert>named("sla_alerts")
                    .string("alert_id", SlaAlert::alertId)
                    .string("kind", a -> a.kind().name())
                    .string("policy", SlaAlert::policy)
                    .string("lead_id", SlaAlert::leadId)
                    .string("owner", SlaAlert::owner)
                    .string("team", SlaAlert::team)
                    .string("recipient", SlaAlert::recipient)
                    .dateTime("started_at", SlaAlert::startedAtMillis)
                    .dateTime("due_at", SlaAlert::dueAtMillis)
                    .nullableDateTime("stopped_at", SlaAlert::stoppedAtMillis)
                    .dateTime("raised_at", SlaAlert::raisedAtMillis)
                    .flag("live", SlaAlert::live)
                    .string("detail", SlaAlert::detail)
                    .unsigned("version", 64, a -> 1L)
                    .build();

    /** {@code sla_clocks}: every SLA clock that started, with what happened to it. */
    public static final ClickHouseTable<SlaClockRow> SLA_CLOCKS =
            ClickHouseTable.<SlaClockRow>named("sla_clocks")
                    .string("policy", SlaClockRow::policy)
                    .string("lead_id", SlaClockRow::leadId)
                    .string("owner", SlaClockRow::owner)
                    .string("team", SlaClockRow::team)
                    .dateTime("started_at", SlaClockRow::startedAt)
                    .nullableDateTime("warn_at", r -> r.warnAt() < 0 ? null : r.warnAt())
                    .dateTime("due_at", SlaClockRow::dueAt)
                    .nullableDateTime("stopped_at", r -> r.stoppedAt() < 0 ? null : r.stoppedAt())
                    .nullableDateTime(
                            "left_scope_at", r -> r.leftScopeAt() < 0 ? null : r.leftScopeAt())
                    .unsigned("covered", 8, SlaClockRow::covered)
                    .unsigned("version", 64, SlaClockRow::version)
                    .build();

    /** {@code sla_pending}: SLA clocks waiting for their outcome (see {@link SlaPendingRow}). */
    public static final ClickHouseTable<SlaPendingRow> SLA_PENDING =
            ClickHouseTable.<SlaPendingRow>named("sla_pending")
                    .string("policy", SlaPendingRow::policy)
                    .column(
                            "day",
                            "Date",
                            (r, out) -> out.writeString(EventDays.day(r.startedAt())))
                    .string("lead_id", SlaPendingRow::leadId)
                    .string("owner", SlaPendingRow::owner)
                    .string("team", SlaPendingRow::team)
                    .dateTime("started_at", SlaPendingRow::startedAt)
                    .nullableDateTime("warn_at", r -> r.warnAt() < 0 ? null : r.warnAt())
                    .dateTime("due_at", SlaPendingRow::dueAt)
                    .unsigned("pending", 8, SlaPendingRow::pending)
                    .unsigned("version", 64, SlaPendingRow::version)
                    .build();

    /**
     * {@code lead_scores}: every change of a lead's score per model version, with its explanation
     * in parallel arrays, one entry per contributing rule.
     */
    public static final ClickHouseTable<LeadScoreRow> LEAD_SCORES =
            ClickHouseTable.<LeadScoreRow>named("lead_scores")
                    .string("lead_id", LeadScoreRow::leadId)
                    .string("model_version", r -> r.score().modelVersion())
                    .unsigned("seq", 64, LeadScoreRow::seq)
                    .flag("active", LeadScoreRow::active)
                    .string("reason", LeadScoreRow::reason)
                    .dateTime("scored_at", r -> r.score().at())
                    .float64("fit", r -> r.score().fit())
                    .float64("engagement", r -> r.score().engagement())
                    .float64("total", r -> r.score().total())
                    .string("grade", r -> r.score().grade())
                    .flag("sales_ready", LeadScoreRow::salesReady)
                    .flag("requirements_met", r -> r.score().requirementsMet())
                    .float64("calibration_score", LeadScoreRow::calibrationScore)
                    .nullableDateTime("created_at", LeadScoreRow::createdAt)
                    .nullableDateTime("reached_sql_at", LeadScoreRow::reachedSqlAt)
                    .nullableDateTime("won_at", LeadScoreRow::wonAt)
                    .array(
                            "rule_id",
                            "String",
                            r -> r.score().contributions(),
                            (c, out) -> ClickHouseTable.writeString(c.rule(), out))
                    .array(
                            "rule_group",
                            "String",
                            r -> r.score().contributions(),
                            (c, out) -> ClickHouseTable.writeString(c.group(), out))
                    .array(
                            "rule_points",
                            "Float64",
                            r -> r.score().contributions(),
                            (c, out) -> out.writeNumber(c.points()))
                    .array(
                            "rule_undecayed",
                            "Float64",
                            r -> r.score().contributions(),
                            (c, out) -> out.writeNumber(c.undecayed()))
                    .array(
                            "rule_matches",
                            "UInt32",
                            r -> r.score().contributions(),
                            (c, out) -> out.writeNumber(c.matches()))
                    .build();

    /** {@code untouched_reports}: every lead a scheduled untouched-leads report listed. */
    public static final ClickHouseTable<UntouchedLead> UNTOUCHED_REPORTS =
            ClickHouseTable.<UntouchedLead>named("untouched_reports")
                    .dateTime("report_at", UntouchedLead::reportAtMillis)
                    .string("owner", UntouchedLead::owner)
                    .string("team", UntouchedLead::team)
                    .string("lead_id", UntouchedLead::leadId)
                    .dateTime("touched_at", UntouchedLead::touchedAtMillis)
                    .unsigned(
                            "days_untouched",
                            32,
                            u ->
                                    Duration.ofMillis(u.reportAtMillis() - u.touchedAtMillis())
                                            .toDays())
                    .unsigned("version", 64, u -> 1L)
                    .build();

    /** {@code late_events}: events beyond the allowed lateness, not applied. */
    public static final ClickHouseTable<LateEventRow> LATE_EVENTS =
            ClickHouseTable.<LateEventRow>named("late_events")
                    .string("event_id", LateEventRow::eventId)
                    .string("lead_id", LateEventRow::leadId)
                    .string("event_type", LateEventRow::eventType)
                    .string("source", LateEventRow::source)
                    .dateTime("occurred_at", LateEventRow::occurredAtMillis)
                    .dateTime("watermark_at", LateEventRow::watermarkMillis)
                    .unsigned(
                            "lateness_seconds",
                            64,
                            r -> ClickHouseTable.seconds(r.latenessMillis()))
                    .unsigned("version", 64, r -> 1L)
                    .build();

    /** {@code webhook_deliveries}: what became of each alert posted to the webhook. */
    public static final ClickHouseTable<PagingOutcome> WEBHOOK_DELIVERIES =
            ClickHouseTable.<PagingOutcome>named("webhook_deliveries")
                    .string("alert_id", r -> r.alert().alertId())
                    .string("kind", r -> r.alert().kind().name())
                    .string("policy", r -> r.alert().policy())
                    .string("lead_id", r -> r.alert().leadId())
                    .string("recipient", r -> r.alert().recipient())
                    .dateTime("raised_at", r -> r.alert().raisedAtMillis())
                    .string("outcome", r -> r.delivery().outcome().name())
                    .unsigned("attempts", 32, r -> r.delivery().attempts())
                    .unsigned("http_status", 32, r -> r.delivery().httpStatus())
                    .string("error", r -> r.delivery().error())
                    .dateTime("finished_at", PagingOutcome::finishedAtMillis)
                    .unsigned("version", 64, PagingOutcome::version)
                    .build();

    /** {@code event_clock}: the latest event time each writer has seen, the job's clock. */
    public static final ClickHouseTable<EventClockRow> EVENT_CLOCK =
            ClickHouseTable.<EventClockRow>named("event_clock")
                    .string("writer", EventClockRow::writer)
                    .dateTime("clock", EventClockRow::clockMillis)
                    .unsigned("clock_ms", 64, EventClockRow::clockMillis)
                    .build();

    /** Every table the job writes, for checks against the migrated schema. */
    public static final List<ClickHouseTable<?>> TABLES =
            List.of(
                    LEAD_STATE,
                    DEAD_LETTERS,
                    CAMPAIGN_COSTS,
                    SLA_ALERTS,
                    UNTOUCHED_REPORTS,
                    LATE_EVENTS,
                    WEBHOOK_DELIVERIES,
                    EVENT_CLOCK,
                    SLA_CLOCKS,
                    SLA_PENDING,
                    LEAD_SCORES);

    /** Every table, the aggregate ones included. */
    public static List<ClickHouseTable<?>> allTables() {
        List<ClickHouseTable<?>> all = new java.util.ArrayList<>(TABLES);
        all.addAll(AGGREGATE_TABLES);
        return all;
    }

    private final ClickHouseSink.Settings settings;

    public ClickHouseRowSinks(ClickHouseSink.Settings settings) {
        this.settings = settings;
    }

    /** Where the sinks write, for writers of their own such as the webhook's delivery ledger. */
    public ClickHouseSink.Settings settings() {
        return settings;
    }

    public Sink<LeadStateRow> leadState() {
        return new ClickHouseSink<>(LEAD_STATE, settings);
    }

    public Sink<DeadLetter> deadLetters() {
        return new ClickHouseSink<>(DEAD_LETTERS, settings);
    }

    public Sink<CampaignCostRow> campaignCosts() {
        return new ClickHouseSink<>(CAMPAIGN_COSTS, settings);
    }

    public Sink<SlaAlert> slaAlerts() {
        return new ClickHouseSink<>(SLA_ALERTS, settings);
    }

    public Sink<UntouchedLead> untouchedReports() {
        return new ClickHouseSink<>(UNTOUCHED_REPORTS, settings);
    }

    /**
     * SLA clocks, written when their checkpoint completes (they are per lead, but emitted only on
     * change).
     */
    public Sink<SlaClockRow> slaClocks() {
        return new CommittedClickHouseSink<>(
                List.of(SLA_CLOCKS),
                row -> 0,
                row -> List.of(row.policy(), row.leadId()),
                settings);
    }

    /**
     * SLA clocks waiting for their outcome, written when their checkpoint completes, like the
     * {@code sla_daily} rows they complete.
     */
    public Sink<SlaPendingRow> slaPending() {
        return new CommittedClickHouseSink<>(
                List.of(SLA_PENDING), row -> 0, SlaPendingRow::key, settings);
    }

    /**
     * {@code lead_scores}, written when its checkpoint completes, so a restart rewrites no row;
     * every row is a new one of the history (its key holds the row's sequence number).
     */
    public Sink<LeadScoreRow> leadScores() {
        return CommittedClickHouseSink.appending(LEAD_SCORES, settings);
    }

    public Sink<LateEventRow> lateEvents() {
        return new ClickHouseSink<>(LATE_EVENTS, settings);
    }

    /**
     * One sink for every aggregate table, each row to its own table, written when its checkpoint
     * completes ({@link CommittedClickHouseSink} says why).
     */
    public Sink<AggregateRow> aggregates() {
        return new CommittedClickHouseSink<>(
                AGGREGATE_TABLES,
                row -> row.key().aggregate().ordinal(),
                AggregateRow::key,
                settings);
    }

    /** The job's event-time clock, from the lead events it routes to the lifecycle. */
    public Sink<LeadEvent> eventClock() {
        return new EventClockSink(
                new ClickHouseSink<>(EVENT_CLOCK, settings),
                new FlushClock(settings.flushInterval()));
    }
}

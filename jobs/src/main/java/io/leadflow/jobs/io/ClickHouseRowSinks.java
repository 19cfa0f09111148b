package io.leadflow.jobs.io;

import io.leadflow.jobs.lifecycle.LeadSnapshot;
import io.leadflow.jobs.lifecycle.RejectedTransition;
import io.leadflow.jobs.lifecycle.Transition;
import io.leadflow.jobs.rows.CampaignCostRow;
import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.jobs.rows.LateEventRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.sla.SlaAlert;
import io.leadflow.jobs.sla.UntouchedLead;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Builds the JDBC sinks that write rows to ClickHouse with the official driver. Every row carries a
 * deterministic key and a version (ReplacingMergeTree), so retried or replayed batches overwrite
 * instead of adding. A failing batch is retried with the connector's growing back-off; when the
 * retries run out the job fails and restarts from its last checkpoint, which holds the Kafka
 * offsets back: ClickHouse being down causes back-pressure and a replay, never data loss.
 *
 * <p>DateTime values are bound as epoch seconds: the driver's own timestamp binding needs functions
 * ClickHouse 18.16 lacks.
 */
public final class ClickHouseRowSinks {

    /** Connection and batching settings of the sinks. */
    public record Settings(
            String jdbcUrl,
            String database,
            String user,
            String password,
            int batchSize,
            Duration flushInterval,
            int maxRetries)
            implements java.io.Serializable {}

    private static final String DRIVER = "com.clickhouse.jdbc.Driver";

    private final Settings settings;

    public ClickHouseRowSinks(Settings settings) {
        this.settings = settings;
    }

    public Sink<LeadStateRow> leadState() {
        return sink(
                table("lead_state")
                        + " (lead_id, status, contact_status, cycle, status_reason,"
                        + " source, channel, lead_source, campaign, medium, landing_page, owner,"
                        + " team, territory, company, industry, country, segment, employees,"
                        + " created_at, status_changed_at, assigned_at, assignments,"
                        + " first_activity_at, last_activity_at, activity_count, contact_attempts,"
                        + " first_attempt_at, first_connect_at, last_disposition, opportunity_id,"
                        + " opportunity_amount, opportunity_currency, qualified_at,"
                        + " last_touch_source, last_touch_campaign, last_touch_medium,"
                        + " last_touch_at, attempts_to_connect, handoffs_before_contact,"
                        + " last_event_at,"
                        + " events_applied, version, updated_at, transition_seq,"
                        + " transition_cycle, transition_from_status, transition_to_status,"
                        + " transition_occurred_at, transition_event_id, transition_event_type,"
                        + " transition_actor, transition_reason, transition_implied,"
                        + " rejected_event_id, rejected_event_type, rejected_at,"
                        + " rejected_from_status, rejected_to_status, rejected_reason)",
                60,
                (ps, row) -> {
                    LeadSnapshot l = row.lead();
                    int i = 0;
                    ps.setString(++i, l.leadId());
                    ps.setString(++i, l.status());
                    ps.setString(++i, l.contactStatus().name());
                    ps.setInt(++i, l.cycle());
                    ps.setString(++i, l.statusReason());
                    ps.setString(++i, l.source());
                    ps.setString(++i, l.channel());
                    ps.setString(++i, l.leadSource());
                    ps.setString(++i, l.campaign());
                    ps.setString(++i, l.medium());
                    ps.setString(++i, l.landingPage());
                    ps.setString(++i, l.owner());
                    ps.setString(++i, l.team());
                    ps.setString(++i, l.territory());
                    ps.setString(++i, l.company());
                    ps.setString(++i, l.industry());
                    ps.setString(++i, l.country());
                    ps.setString(++i, l.segment());
                    setNullableLong(
                            ps, ++i, l.employees() == null ? null : l.employees().longValue());
                    setDateTime(ps, ++i, l.createdAt());
                    setDateTime(ps, ++i, l.statusChangedAt());
                    setDateTime(ps, ++i, l.assignedAt());
                    ps.setInt(++i, l.assignments());
                    setDateTime(ps, ++i, l.firstActivityAt());
                    setDateTime(ps, ++i, l.lastActivityAt());
                    ps.setInt(++i, l.activityCount());
                    ps.setInt(++i, l.contactAttempts());
                    setDateTime(ps, ++i, l.firstAttemptAt());
                    setDateTime(ps, ++i, l.firstConnectAt());
                    ps.setString(++i, l.lastDisposition());
                    ps.setString(++i, l.opportunityId());
                    if (l.opportunityAmount() == null) {
                        ps.setNull(++i, Types.DOUBLE);
                    } else {
                        ps.setDouble(++i, l.opportunityAmount());
                    }
                    ps.setString(++i, l.opportunityCurrency());
                    setDateTime(ps, ++i, l.qualifiedAt());
                    ps.setString(++i, l.lastTouchSource());
                    ps.setString(++i, l.lastTouchCampaign());
                    ps.setString(++i, l.lastTouchMedium());
                    setDateTime(ps, ++i, l.lastTouchAt());
                    setNullableLong(
                            ps,
                            ++i,
                            l.attemptsToConnect() == null
                                    ? null
                                    : l.attemptsToConnect().longValue());
                    ps.setInt(++i, l.handoffsBeforeContact());
                    ps.setLong(++i, seconds(l.lastEventAt()));
                    ps.setInt(++i, l.eventsApplied());
                    ps.setLong(++i, row.version());
                    ps.setLong(++i, System.currentTimeMillis() / 1000);
                    i = setTransitions(ps, i, row.transitions());
                    setRejections(ps, i, row.rejections());
                });
    }

    /**
     * Binds the transitions as the ten parallel arrays of the Nested column, from {@code i + 1}.
     */
    private static int setTransitions(PreparedStatement ps, int i, List<Transition> transitions)
            throws SQLException {
        int n = transitions.size();
        long[] seq = new long[n];
        long[] cycle = new long[n];
        String[] from = new String[n];
        String[] to = new String[n];
        long[] at = new long[n];
        String[] eventId = new String[n];
        String[] eventType = new String[n];
        String[] actor = new String[n];
        String[] reason = new String[n];
        int[] implied = new int[n];
        for (int k = 0; k < n; k++) {
            Transition t = transitions.get(k);
            seq[k] = t.seq();
            cycle[k] = t.cycle();
            from[k] = t.fromStatus();
            to[k] = t.toStatus();
            at[k] = seconds(t.occurredAtMillis());
            eventId[k] = t.eventId();
            eventType[k] = t.eventType();
            actor[k] = t.actor();
            reason[k] = t.reason();
            implied[k] = t.implied() ? 1 : 0;
        }
        for (Object array :
                new Object[] {
                    seq, cycle, from, to, at, eventId, eventType, actor, reason, implied
                }) {
            ps.setObject(++i, array);
        }
        return i;
    }

    /** Binds the rejected transitions as the six parallel {@code rejected_*} arrays. */
    private static void setRejections(
            PreparedStatement ps, int i, List<RejectedTransition> rejections) throws SQLException {
        int n = rejections.size();
        String[] eventId = new String[n];
        String[] eventType = new String[n];
        long[] at = new long[n];
        String[] from = new String[n];
        String[] to = new String[n];
        String[] reason = new String[n];
        for (int k = 0; k < n; k++) {
            RejectedTransition r = rejections.get(k);
            eventId[k] = r.eventId();
            eventType[k] = r.eventType();
            at[k] = seconds(r.occurredAtMillis());
            from[k] = r.fromStatus();
            to[k] = r.toStatus();
            reason[k] = r.reason();
        }
        for (Object array : new Object[] {eventId, eventType, at, from, to, reason}) {
            ps.setObject(++i, array);
        }
    }

    public Sink<DeadLetter> deadLetters() {
        return sink(
                table("dead_letters")
                        + " (dead_letter_id, topic, partition, offset, record_key,"
                        + " received_at, reason_code, reason, raw, raw_base64, version)",
                11,
                (ps, d) -> {
                    int i = 0;
                    ps.setString(++i, d.id());
                    ps.setString(++i, d.topic());
                    ps.setInt(++i, d.partition());
                    ps.setLong(++i, d.offset());
                    ps.setString(++i, d.recordKey());
                    ps.setLong(++i, seconds(d.receivedAtMillis()));
                    ps.setString(++i, d.reasonCode());
                    ps.setString(++i, d.reason());
                    ps.setString(++i, new String(d.raw(), StandardCharsets.UTF_8));
                    ps.setString(++i, Base64.getEncoder().encodeToString(d.raw()));
                    ps.setLong(++i, 1L);
                });
    }

    public Sink<CampaignCostRow> campaignCosts() {
        return sink(
                table("campaign_costs")
                        + " (day, lead_source, campaign, medium, amount, currency,"
                        + " event_id, reported_at, version)",
                9,
                (ps, r) -> {
                    int i = 0;
                    ps.setString(++i, r.cost().day());
                    ps.setString(++i, r.cost().leadSource());
                    ps.setString(++i, r.cost().campaign());
                    ps.setString(++i, r.cost().medium() == null ? "" : r.cost().medium());
                    ps.setDouble(++i, r.cost().amount());
                    ps.setString(++i, r.cost().currency());
                    ps.setString(++i, r.eventId());
                    ps.setLong(++i, seconds(r.reportedAtMillis()));
                    ps.setLong(++i, r.reportedAtMillis());
                });
    }

    public Sink<SlaAlert> slaAlerts() {
        return sink(
                table("sla_alerts")
                        + " (alert_id, kind, policy, lead_id, owner, team, recipient, started_at,"
                        + " due_at, stopped_at, raised_at, live, detail, version)",
                14,
                (ps, a) -> {
                    int i = 0;
                    ps.setString(++i, a.alertId());
                    ps.setString(++i, a.kind().name());
                    ps.setString(++i, a.policy());
                    ps.setString(++i, a.leadId());
                    ps.setString(++i, a.owner());
                    ps.setString(++i, a.team());
                    ps.setString(++i, a.recipient());
                    ps.setLong(++i, seconds(a.startedAtMillis()));
                    ps.setLong(++i, seconds(a.dueAtMillis()));
                    setDateTime(ps, ++i, a.stoppedAtMillis());
                    ps.setLong(++i, seconds(a.raisedAtMillis()));
                    ps.setInt(++i, a.live() ? 1 : 0);
                    ps.setString(++i, a.detail());
                    ps.setLong(++i, 1L);
                });
    }

    public Sink<UntouchedLead> untouchedReports() {
        return sink(
                table("untouched_reports")
                        + " (report_at, owner, team, lead_id, touched_at, days_untouched, version)",
                7,
                (ps, u) -> {
                    int i = 0;
                    ps.setLong(++i, seconds(u.reportAtMillis()));
                    ps.setString(++i, u.owner());
                    ps.setString(++i, u.team());
                    ps.setString(++i, u.leadId());
                    ps.setLong(++i, seconds(u.touchedAtMillis()));
                    ps.setLong(
                            ++i,
                            Duration.ofMillis(u.reportAtMillis() - u.touchedAtMillis()).toDays());
                    ps.setLong(++i, 1L);
                });
    }

    public Sink<LateEventRow> lateEvents() {
        return sink(
                table("late_events")
                        + " (event_id, lead_id, event_type, source, occurred_at, watermark_at,"
                        + " lateness_seconds, version)",
                8,
                (ps, r) -> {
                    int i = 0;
                    ps.setString(++i, r.eventId());
                    ps.setString(++i, r.leadId());
                    ps.setString(++i, r.eventType());
                    ps.setString(++i, r.source());
                    ps.setLong(++i, seconds(r.occurredAtMillis()));
                    ps.setLong(++i, seconds(r.watermarkMillis()));
                    ps.setLong(++i, seconds(r.latenessMillis()));
                    ps.setLong(++i, 1L);
                });
    }

    private <T> Sink<T> sink(String insert, int columns, JdbcStatementBuilder<T> binder) {
        String sql =
                "INSERT INTO "
                        + insert
                        + " VALUES ("
                        + String.join(", ", Collections.nCopies(columns, "?"))
                        + ")";
        return new FailoverSafeSink<>(
                JdbcSink.<T>builder()
                        .withQueryStatement(sql, binder)
                        .withExecutionOptions(
                                JdbcExecutionOptions.builder()
                                        .withBatchSize(settings.batchSize())
                                        .withBatchIntervalMs(settings.flushInterval().toMillis())
                                        .withMaxRetries(settings.maxRetries())
                                        .build())
                        .buildAtLeastOnce(
                                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                                        .withUrl(settings.jdbcUrl())
                                        .withDriverName(DRIVER)
                                        .withUsername(settings.user())
                                        .withPassword(settings.password())
                                        .build()));
    }

    /**
     * Tables are qualified with the database: the driver does not take the default database from
     * the JDBC URL path, and a row must never land in another database.
     */
    private String table(String name) {
        return "`" + settings.database() + "`.`" + name + "`";
    }

    private static long seconds(long epochMillis) {
        return Math.floorDiv(epochMillis, 1000);
    }

    private static void setDateTime(PreparedStatement ps, int index, Long epochMillis)
            throws SQLException {
        setNullableLong(ps, index, epochMillis == null ? null : seconds(epochMillis));
    }

    private static void setNullableLong(PreparedStatement ps, int index, Long value)
            throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}

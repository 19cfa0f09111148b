package io.leadflow.cli.replay;

import io.leadflow.generator.KafkaRecord;
import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.schema.event.EventType;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.parse.EventParser;
import io.leadflow.schema.parse.ParseOutcome;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * An export of events, one JSON event of the contract per line (JSON Lines), read for a backfill:
 * each line is checked with the job's own parser, a good one routed like any producer would (lead
 * events and campaign costs to the leads topic, activities and opportunities to the activities
 * topic, keyed by lead), a bad one turned into a dead letter that names the file and its line
 * number. Blank lines are skipped. The line's bytes are kept as they were, so the job reads exactly
 * what the file holds.
 *
 * @param records the good lines, in file order, as Kafka records
 * @param deadLetters the bad lines: topic {@code file:<path>}, offset = line number
 * @param lines lines read, blank ones included
 * @param blank blank lines skipped
 * @param byType good events per type
 * @param firstEventAt the earliest event time, epoch millis (0 when none)
 * @param lastEventAt the latest
 */
public record EventFile(
        List<KafkaRecord> records,
        List<DeadLetter> deadLetters,
        long lines,
        long blank,
        Map<String, Long> byType,
        long firstEventAt,
        long lastEventAt) {

    /** The longest line read; a longer one is cut there and is a dead letter (TOO_LARGE). */
    static final int MAX_LINE_BYTES = 1 << 20;

    /**
     * Reads {@code file}.
     *
     * @param progress told the number of lines read every 100,000 lines
     */
    public static EventFile read(
            Path file, String leadsTopic, String activitiesTopic, LongConsumer progress)
            throws IOException {
        EventParser parser = new EventParser();
        List<KafkaRecord> records = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        Map<String, Long> byType = new TreeMap<>();
        long lines = 0;
        long blank = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        String origin = "file:" + file.toAbsolutePath().normalize();
        long now = System.currentTimeMillis();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
            boolean more = true;
            while (more) {
                line.reset();
                boolean tooLong = false;
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    if (line.size() < MAX_LINE_BYTES) {
                        line.write(b);
                    } else {
                        tooLong = true;
                    }
                }
                more = b != -1;
                if (!more && line.size() == 0) {
                    break;
                }
                lines++;
                if (lines % 100_000 == 0) {
                    progress.accept(lines);
                }
                byte[] bytes = stripCarriageReturn(line.toByteArray());
                if (isBlank(bytes)) {
                    blank++;
                    continue;
                }
                ParseOutcome outcome = tooLong ? null : parser.parse(bytes);
                if (outcome == null || !outcome.isAccepted()) {
                    String code =
                            outcome == null ? "TOO_LARGE" : outcome.rejection().reason().name();
                    String why =
                            outcome == null
                                    ? "longer than " + MAX_LINE_BYTES + " bytes"
                                    : outcome.rejection().message();
                    dead.add(
                            new DeadLetter(
                                    origin,
                                    0,
                                    lines,
                                    "",
                                    now,
                                    code,
                                    "line " + lines + ": " + why,
                                    bytes));
                    continue;
                }
                LeadEvent event = outcome.event();
                boolean activities =
                        event.type() == EventType.ACTIVITY || event.type() == EventType.OPPORTUNITY;
                String key =
                        event.type() == EventType.CAMPAIGN_COST
                                ? "campaign:" + event.campaignCost().campaign()
                                : event.leadId();
                records.add(new KafkaRecord(activities ? activitiesTopic : leadsTopic, key, bytes));
                byType.merge(event.type().wireName(), 1L, Long::sum);
                first = Math.min(first, event.occurredAtMillis());
                last = Math.max(last, event.occurredAtMillis());
            }
        }
        return new EventFile(
                records,
                dead,
                lines,
                blank,
                byType,
                records.isEmpty() ? 0 : first,
                records.isEmpty() ? 0 : last);
    }

    private static byte[] stripCarriageReturn(byte[] line) {
        if (line.length > 0 && line[line.length - 1] == '\r') {
            return java.util.Arrays.copyOf(line, line.length - 1);
        }
        return line;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}

package io.leadflow.e2e;

import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.TopicRouting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Records an attacker or a clumsy producer would send: not JSON, not UTF-8, schema-breaking,
 * ambiguous, absurd, oversized, and valid events whose strings would be altered by a careless
 * encoder or SQL layer. Each record says what must become of it: a dead letter with a given reason
 * code, or a lead stored byte for byte. Keys are {@code hostile-<n>}, so each dead letter can be
 * matched to the record it came from. Seeded: the same seed gives the same corpus.
 */
final class HostileCorpus {

    /** What must become of a record. */
    record Expectation(String reasonCode, StoredLead stored) {
        static Expectation rejected(String reasonCode) {
            return new Expectation(reasonCode, null);
        }
    }

    /** A valid lead whose text must arrive exactly as sent. */
    record StoredLead(String leadId, String owner, String campaign, String landingPage) {}

    /** One record and what must become of it. */
    record Hostile(KafkaRecord record, Expectation expectation) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Strings that SQL text, JDBC escapes, CSV/TSV or a lossy encoder would change or merge. */
    static final List<String> TRICKY =
            List.of(
                    "{fn ucase('x')}",
                    "ucase('x')",
                    "{d '2020-01-01'}",
                    "{ts '2020-01-01 00:00:00'}",
                    "{call x()}",
                    "it's",
                    "'); DROP TABLE lead_state; --",
                    "back\\slash\\",
                    "\\'",
                    "?",
                    "? ?",
                    "$1 :name @p",
                    "tab\there",
                    "line\nbreak\r\n",
                    "nul\u0000byte",
                    "\u0001\u001f\u007f",
                    "\\N",
                    "NULL",
                    "\"quoted\"",
                    "<script>alert(1)</script>",
                    "ünïcødé ß 日本語 עברית",
                    "emoji 😀 and 𝄞",
                    "emoji ?",
                    "\u202eRTL override",
                    "zero\u200bwidth",
                    " padded ");

    private final SplittableRandom random;
    private final TopicRouting routing;
    private final String now;
    private final List<Hostile> out = new ArrayList<>();

    private HostileCorpus(long seed, TopicRouting routing, String nowIso) {
        this.random = new SplittableRandom(seed);
        this.routing = routing;
        this.now = nowIso;
    }

    /** About {@code 3,000} hostile records for these topics, event times around {@code nowIso}. */
    static List<Hostile> generate(long seed, TopicRouting routing, String nowIso) {
        HostileCorpus corpus = new HostileCorpus(seed, routing, nowIso);
        corpus.notJson(400);
        corpus.notUtf8(400);
        corpus.schemaViolations(700);
        corpus.unknownTypes(200);
        corpus.missingLeadIds(200);
        corpus.absurdTimes(300);
        corpus.tooLarge(40);
        corpus.storedExactly(760);
        return corpus.out;
    }

    private void add(String topic, byte[] value, Expectation expectation) {
        out.add(new Hostile(new KafkaRecord(topic, "hostile-" + out.size(), value), expectation));
    }

    private void reject(byte[] value, String reason) {
        add(
                random.nextBoolean() ? routing.leadsTopic() : routing.activitiesTopic(),
                value,
                Expectation.rejected(reason));
    }

    private void reject(String value, String reason) {
        reject(value.getBytes(StandardCharsets.UTF_8), reason);
    }

    /** A valid activity as an object tree, to break in one place. */
    private ObjectNode activity(String leadId) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", "hostile-e-" + out.size());
        e.put("type", "activity");
        e.put("leadId", leadId);
        e.put("occurredAt", now);
        e.put("source", "web");
        e.put("schemaVersion", 1);
        ObjectNode p = e.putObject("payload");
        p.put("kind", "page_view");
        p.put("direction", "inbound");
        p.put("url", "/pricing");
        return e;
    }

    private ObjectNode opportunity(String leadId) {
        ObjectNode e = activity(leadId);
        e.put("type", "opportunity");
        ObjectNode p = e.putObject("payload");
        p.put("action", "won");
        p.put("opportunityId", "o-" + out.size());
        p.put("amount", 1000);
        p.put("currency", "EUR");
        return e;
    }

    private ObjectNode cost(String day) {
        ObjectNode e = activity("x");
        e.remove("leadId");
        e.put("type", "campaign.cost");
        ObjectNode p = e.putObject("payload");
        p.put("day", day);
        p.put("leadSource", "google_ads");
        p.put("campaign", "hostile");
        p.put("amount", 10);
        p.put("currency", "EUR");
        return e;
    }

    private String lead() {
        return "H-" + out.size();
    }

    private void notJson(int n) {
        for (int i = 0; i < n; i++) {
            String valid = activity(lead()).toString();
            switch (i % 8) {
                case 0 -> reject(randomAscii(1 + random.nextInt(200)), "NOT_JSON");
                case 1 ->
                        reject(
                                valid.substring(0, 1 + random.nextInt(valid.length() - 2)),
                                "NOT_JSON");
                case 2 -> reject(valid + " trailing", "NOT_JSON");
                case 3 -> reject(valid + valid, "NOT_JSON");
                case 4 -> reject("[".repeat(2_000 + random.nextInt(50_000)), "NOT_JSON");
                case 5 ->
                        reject(
                                valid.replace(
                                        "\"schemaVersion\":1",
                                        "\"schemaVersion\":1" + "0".repeat(1_200)),
                                "NOT_JSON");
                case 6 -> reject(new byte[0], "NOT_JSON");
                default -> reject(valid.replace("{\"eventId\"", "{'eventId'"), "NOT_JSON");
            }
        }
    }

    private void notUtf8(int n) {
        int[][] sequences = {
            {0xED, 0xA0, 0x80},
            {0xED, 0xBF, 0xBF},
            {0xC0, 0xAF},
            {0xC1, 0x81},
            {0xE0, 0x80, 0xAF},
            {0xF0, 0x80, 0x80, 0xAF},
            {0xF4, 0x90, 0x80, 0x80},
            {0xF8, 0x88, 0x80, 0x80, 0x80},
            {0xFF},
            {0xFE},
            {0x80},
            {0xBF},
            {0xE2, 0x82},
            {0xC3}
        };
        for (int i = 0; i < n; i++) {
            if (i % 8 == 1) {
                // Valid JSON, in an encoding a parser would guess from the first bytes.
                java.nio.charset.Charset other =
                        i % 16 == 1
                                ? StandardCharsets.UTF_16LE
                                : java.nio.charset.Charset.forName("UTF-32BE");
                reject(activity(lead()).toString().getBytes(other), "INVALID_UTF8");
                continue;
            }
            if (i % 4 == 3) {
                // Escaped halves of a surrogate pair: valid JSON, not text.
                String half = String.format("\\u%04x", 0xD800 + random.nextInt(0x800));
                String json = activity("L-" + "@@").toString().replace("@@", half + out.size());
                reject(json, "INVALID_UTF8");
                continue;
            }
            byte[] valid = activity(lead() + "-@@").toString().getBytes(StandardCharsets.UTF_8);
            int at = indexOf(valid, "@@".getBytes(StandardCharsets.US_ASCII));
            int[] bad = sequences[random.nextInt(sequences.length)];
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(valid, 0, at);
            for (int b : bad) {
                bytes.write(b);
            }
            bytes.write(valid, at + 2, valid.length - at - 2);
            reject(bytes.toByteArray(), "INVALID_UTF8");
        }
    }

    private void schemaViolations(int n) {
        for (int i = 0; i < n; i++) {
            ObjectNode e = activity(lead());
            ObjectNode p = (ObjectNode) e.get("payload");
            String json;
            switch (i % 14) {
                case 0 -> {
                    p.put("kind", "teleport");
                    json = e.toString();
                }
                case 1 -> {
                    p.remove("direction");
                    json = e.toString();
                }
                case 2 -> {
                    p.put("colour", "red");
                    json = e.toString();
                }
                case 3 -> {
                    e.put("schemaVersion", 2);
                    json = e.toString();
                }
                case 4 -> {
                    e.put("eventId", "x".repeat(129));
                    json = e.toString();
                }
                case 5 -> {
                    e.put("occurredAt", "yesterday");
                    json = e.toString();
                }
                case 6 -> {
                    // Two meanings in one record: refused, never last-one-wins.
                    json =
                            e.toString()
                                    .replace(
                                            "\"type\":\"activity\"",
                                            "\"type\":\"activity\",\"leadId\":\"other\"");
                }
                case 7 ->
                        json =
                                opportunity(lead())
                                        .toString()
                                        .replace("\"amount\":1000", "\"amount\":1e400");
                case 8 ->
                        json =
                                opportunity(lead())
                                        .toString()
                                        .replace("\"amount\":1000", "\"amount\":-1e400");
                case 9 ->
                        json =
                                opportunity(lead())
                                        .toString()
                                        .replace("\"amount\":1000", "\"amount\":5e15");
                case 10 ->
                        json =
                                opportunity(lead())
                                        .toString()
                                        .replace("\"amount\":1000", "\"amount\":-3");
                case 11 ->
                        json =
                                cost("2026-01-05")
                                        .toString()
                                        .replace("\"amount\":10", "\"amount\":1e999");
                case 12 -> json = "[" + e + "]";
                default -> {
                    e.set("payload", JSON.createArrayNode());
                    json = e.toString();
                }
            }
            reject(json, "SCHEMA_VIOLATION");
        }
    }

    private void unknownTypes(int n) {
        for (int i = 0; i < n; i++) {
            ObjectNode e = activity(lead());
            e.put(
                    "type",
                    i % 2 == 0
                            ? "lead.deleted"
                            : randomAscii(1 + random.nextInt(30)).replace("\"", ""));
            reject(e.toString(), "UNKNOWN_TYPE");
        }
    }

    private void missingLeadIds(int n) {
        for (int i = 0; i < n; i++) {
            ObjectNode e = activity(lead());
            switch (i % 4) {
                case 0 -> e.remove("leadId");
                case 1 -> e.put("leadId", "   ");
                case 2 -> e.put("leadId", 42);
                default -> e.putNull("leadId");
            }
            reject(e.toString(), "MISSING_LEAD_ID");
        }
    }

    private void absurdTimes(int n) {
        String[] times = {
            "1970-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2999-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2100-06-01T00:00:00+02:00"
        };
        String[] days = {"1970-01-01", "1969-07-20", "1999-12-31", "2999-01-01"};
        for (int i = 0; i < n; i++) {
            if (i % 3 == 2) {
                reject(cost(days[random.nextInt(days.length)]).toString(), "ABSURD_TIMESTAMP");
            } else {
                ObjectNode e = activity(lead());
                e.put("occurredAt", times[random.nextInt(times.length)]);
                reject(e.toString(), "ABSURD_TIMESTAMP");
            }
        }
    }

    private void tooLarge(int n) {
        for (int i = 0; i < n; i++) {
            ObjectNode e = activity(lead());
            ((ObjectNode) e.get("payload")).put("url", "/" + "a".repeat(257 * 1024));
            reject(e.toString(), "TOO_LARGE");
        }
    }

    private void storedExactly(int n) {
        for (int i = 0; i < n; i++) {
            String tricky =
                    i < TRICKY.size() * 2
                            ? TRICKY.get(i % TRICKY.size())
                            : randomText(random, 1 + random.nextInt(20));
            // The first round uses the tricky string alone as the id, so pairs like
            // "{fn ucase('x')}" and "ucase('x')" must stay two leads.
            String leadId = i < TRICKY.size() ? tricky : "H-" + i + "-" + tricky;
            if (leadId.isBlank()) {
                leadId = "H-" + i + leadId;
            }
            StoredLead stored = new StoredLead(leadId, tricky, tricky, "/" + tricky);
            ObjectNode e = JSON.createObjectNode();
            e.put("eventId", "hostile-stored-" + i);
            e.put("type", "lead.created");
            e.put("leadId", leadId);
            e.put("occurredAt", now);
            e.put("source", "web");
            e.put("schemaVersion", 1);
            ObjectNode p = e.putObject("payload");
            p.put("channel", "web_form");
            p.put("owner", tricky);
            p.put("campaign", tricky);
            p.put("landingPage", "/" + tricky);
            add(
                    routing.leadsTopic(),
                    e.toString().getBytes(StandardCharsets.UTF_8),
                    new Expectation(null, stored));
        }
    }

    private String randomAscii(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append((char) (0x21 + random.nextInt(0x5E)));
        }
        return s.charAt(0) == '{' || s.charAt(0) == '[' ? "x" + s : s.toString();
    }

    /** Code points from every plane, surrogates excluded (they are not characters). */
    static String randomText(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder();
        while (out.codePointCount(0, out.length()) < length) {
            int cp =
                    switch (random.nextInt(4)) {
                        case 0 -> random.nextInt(0, 0x80);
                        case 1 -> random.nextInt(0x80, 0x800);
                        case 2 -> random.nextInt(0x800, 0x10000);
                        default -> random.nextInt(0x10000, 0x110000);
                    };
            if (cp < 0xD800 || cp > 0xDFFF) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("marker not found");
    }
}

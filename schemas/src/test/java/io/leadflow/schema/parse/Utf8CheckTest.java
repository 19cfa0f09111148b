package io.leadflow.schema.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8CheckTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ascii | 41 42 7F |",
                "NUL | 41 00 42 | NUL byte",
                "UTF-16LE | 7B 00 22 00 | NUL byte",
                "two bytes | C3 A9 |",
                "three bytes | E2 82 AC |",
                "four bytes | F0 9F 98 80 |",
                "largest code point | F4 8F BF BF |",
                "last before surrogates | ED 9F BF |",
                "first after surrogates | EE 80 80 |",
                "overlong slash | C0 AF | overlong",
                "overlong two bytes | C1 BF | overlong",
                "overlong three bytes | E0 80 AF | overlong",
                "overlong four bytes | F0 80 80 AF | overlong",
                "high surrogate | ED A0 80 | surrogate",
                "low surrogate | ED BF BF | surrogate",
                "beyond U+10FFFF | F4 90 80 80 | beyond U+10FFFF",
                "never in UTF-8 | F5 80 80 80 | never",
                "FF | 41 FF | never",
                "lone continuation | 80 | continuation",
                "cut short at the end | E2 82 | end of the record",
                "cut short by ASCII | E2 41 42 | cut short",
                "cut short in the third byte | F0 9F 41 80 | cut short",
            })
    void agreesWithTheStandard(String name, String hex, String problem) {
        byte[] bytes = HexFormat.ofDelimiter(" ").parseHex(hex);
        String found = Utf8Check.problem(bytes);
        if (problem == null) {
            assertThat(found).isNull();
        } else {
            assertThat(found).contains(problem).contains("at offset");
        }
    }

    @Test
    void acceptsExactlyWhatTheJdksStrictDecoderAccepts() {
        SplittableRandom random = new SplittableRandom(7);
        var decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int run = 0; run < 200_000; run++) {
            byte[] bytes = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly the bytes near the boundaries, where encoders and decoders disagree.
                bytes[i] =
                        (byte)
                                (random.nextBoolean()
                                        ? 0x80 + random.nextInt(0x80)
                                        : random.nextInt(256));
            }
            boolean jdk;
            try {
                decoder.decode(java.nio.ByteBuffer.wrap(bytes));
                // NUL is UTF-8 but never JSON text; the check refuses it on purpose.
                jdk =
                        java.util.stream.IntStream.range(0, bytes.length)
                                .noneMatch(i -> bytes[i] == 0);
            } catch (CharacterCodingException e) {
                jdk = false;
            }
            assertThat(Utf8Check.problem(bytes) == null)
                    .as(HexFormat.ofDelimiter(" ").formatHex(bytes))
                    .isEqualTo(jdk);
        }
    }

    @Test
    void findsUnpairedSurrogates() {
        assertThat(Utf8Check.unpairedSurrogate("plain")).isEqualTo(-1);
        assertThat(Utf8Check.unpairedSurrogate("a\uD83D\uDE00b")).isEqualTo(-1);
        assertThat(Utf8Check.unpairedSurrogate("ab\uD800")).isEqualTo(2);
        assertThat(Utf8Check.unpairedSurrogate("\uDC00")).isZero();
        assertThat(Utf8Check.unpairedSurrogate("\uD800x")).isZero();
        assertThat(Utf8Check.unpairedSurrogate("\uDE00\uD83D")).isZero();
    }
}

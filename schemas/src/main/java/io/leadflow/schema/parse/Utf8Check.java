package io.leadflow.schema.parse;

/**
 * Strict UTF-8 as RFC 3629 defines it, checked on the raw bytes before any JSON parser sees them
 * (and no NUL bytes, see {@link #problem}): no overlong encodings ({@code C0 AF} is not {@code /}),
 * no encoded surrogates ({@code ED A0 80}, CESU-8), nothing above U+10FFFF, no truncated sequences.
 * Lenient decoders turn such bytes into {@code ?}, {@code U+FFFD} or a different character, and two
 * distinct lead ids can then become the same one; the contract says UTF-8, so anything else is
 * refused with the offset of the first bad byte. {@link #unpairedSurrogate(String)} covers the
 * other way in: a JSON escape such as {@code \\ud800} that names half a character.
 */
public final class Utf8Check {

    private Utf8Check() {}

    /**
     * What is wrong with the bytes as the UTF-8 of JSON text, or null when they are well-formed.
     * Besides strict UTF-8 this refuses NUL bytes, which JSON text never holds (a NUL inside a
     * string is written {@code \\u0000}): they are how UTF-16 and UTF-32 look, which a JSON parser
     * would otherwise guess from the first bytes and decode as such, past this check.
     */
    public static String problem(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                if (b == 0) {
                    return at(
                            bytes,
                            i,
                            1,
                            "is a NUL byte, which JSON text never holds (UTF-16 or UTF-32 text?)");
                }
                i++;
                continue;
            }
            int length;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                if (b == 0xE0) {
                    min2 = 0xA0; // below: overlong
                } else if (b == 0xED) {
                    max2 = 0x9F; // above: a UTF-16 surrogate, U+D800..U+DFFF
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                if (b == 0xF0) {
                    min2 = 0x90; // below: overlong
                } else if (b == 0xF4) {
                    max2 = 0x8F; // above: beyond U+10FFFF
                }
            } else if (b == 0xC0 || b == 0xC1) {
                return at(bytes, i, 2, "is an overlong encoding");
            } else if (b >= 0x80 && b <= 0xBF) {
                return at(bytes, i, 1, "is a continuation byte without a lead byte");
            } else {
                return at(bytes, i, 1, "can never appear in UTF-8");
            }
            if (i + length > n) {
                return at(bytes, i, n - i, "is a sequence cut short by the end of the record");
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min2 || second > max2) {
                if (second >= 0x80 && second <= 0xBF) {
                    String what =
                            b == 0xED
                                    ? "encodes a UTF-16 surrogate, which is not a character"
                                    : b == 0xF4
                                            ? "encodes a code point beyond U+10FFFF"
                                            : "is an overlong encoding";
                    return at(bytes, i, length, what);
                }
                return at(bytes, i, 2, "is a sequence cut short");
            }
            for (int k = 2; k < length; k++) {
                int c = bytes[i + k] & 0xFF;
                if (c < 0x80 || c > 0xBF) {
                    return at(bytes, i, k + 1, "is a sequence cut short");
                }
            }
            i += length;
        }
        return null;
    }

    /**
     * The index of the first UTF-16 surrogate in {@code text} that is not half of a pair, or -1.
     * Such text cannot be written as UTF-8 at all.
     */
    public static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String at(byte[] bytes, int offset, int count, String what) {
        StringBuilder hex = new StringBuilder();
        for (int k = 0; k < count && offset + k < bytes.length; k++) {
            hex.append(k == 0 ? "" : " ").append(String.format("%02X", bytes[offset + k] & 0xFF));
        }
        return "not UTF-8: the bytes " + hex + " at offset " + offset + " " + what;
    }
}

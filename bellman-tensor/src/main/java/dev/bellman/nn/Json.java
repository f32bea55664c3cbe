package dev.bellman.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON (RFC 8259) reader and writer for safetensors headers and small manifests.
 *
 * <p>Values map to: object → {@code LinkedHashMap<String,Object>} (document order), array →
 * {@code List<Object>}, string → {@code String}, integer literal → {@code Long}, other number →
 * {@code Double}, {@code true/false} → {@code Boolean}, {@code null} → {@code null}. Duplicate keys
 * are rejected (the safetensors reference rejects them too).
 */
final class Json {
    private Json() {}

    /** Thrown on malformed input, with the character position. */
    static final class ParseException extends Exception {
        ParseException(String message, int pos) {
            super(message + " at character " + pos);
        }
    }

    static Object parse(String text) throws ParseException {
        Parser p = new Parser(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.pos != text.length()) throw new ParseException("unexpected trailing content", p.pos);
        return v;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void ws() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') pos++;
                else break;
            }
        }

        char peek() throws ParseException {
            if (pos >= s.length()) throw new ParseException("unexpected end of input", pos);
            return s.charAt(pos);
        }

        void expect(char c) throws ParseException {
            if (peek() != c) throw new ParseException("expected '" + c + "' but found '" + s.charAt(pos) + "'", pos);
            pos++;
        }

        Object value(int depth) throws ParseException {
            if (depth > 64) throw new ParseException("nesting deeper than 64", pos);
            char c = peek();
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) yield number();
                    throw new ParseException("unexpected character '" + c + "'", pos);
                }
            };
        }

        Object literal(String word, Object v) throws ParseException {
            if (!s.startsWith(word, pos)) throw new ParseException("invalid literal", pos);
            pos += word.length();
            return v;
        }

        Map<String, Object> object(int depth) throws ParseException {
            expect('{');
            Map<String, Object> m = new LinkedHashMap<>();
            ws();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                ws();
                int keyPos = pos;
                if (peek() != '"') throw new ParseException("expected a string key", pos);
                String k = string();
                ws();
                expect(':');
                ws();
                Object v = value(depth + 1);
                if (m.containsKey(k)) throw new ParseException("duplicate key \"" + k + "\"", keyPos);
                m.put(k, v);
                ws();
                char c = peek();
                pos++;
                if (c == '}') return m;
                if (c != ',') throw new ParseException("expected ',' or '}' but found '" + c + "'", pos - 1);
            }
        }

        List<Object> array(int depth) throws ParseException {
            expect('[');
            List<Object> a = new ArrayList<>();
            ws();
            if (peek() == ']') {
                pos++;
                return a;
            }
            while (true) {
                ws();
                a.add(value(depth + 1));
                ws();
                char c = peek();
                pos++;
                if (c == ']') return a;
                if (c != ',') throw new ParseException("expected ',' or ']' but found '" + c + "'", pos - 1);
            }
        }

        String string() throws ParseException {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = peek();
                pos++;
                if (c == '"') return sb.toString();
                if (c < 0x20) throw new ParseException("control character in string", pos - 1);
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = peek();
                pos++;
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) throw new ParseException("truncated \\u escape", pos);
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new ParseException("bad \\u escape", pos);
                        }
                        pos += 4;
                    }
                    default -> throw new ParseException("bad escape '\\" + e + "'", pos - 1);
                }
            }
        }

        Object number() throws ParseException {
            int start = pos;
            if (s.charAt(pos) == '-') pos++;
            boolean integral = true;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c >= '0' && c <= '9') pos++;
                else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    integral = false;
                    pos++;
                } else break;
            }
            String t = s.substring(start, pos);
            try {
                if (integral) return Long.parseLong(t);
                return Double.parseDouble(t);
            } catch (NumberFormatException ex) {
                throw new ParseException("bad number '" + t + "'", start);
            }
        }
    }

    /** Appends {@code v} as compact JSON (no spaces), as serde_json writes it. */
    static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String str) {
            quote(sb, str);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) throw new IllegalArgumentException("JSON cannot hold " + d);
            sb.append(d);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (var e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                quote(sb, (String) e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof int[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(a[i]);
            }
            sb.append(']');
        } else if (v instanceof long[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(a[i]);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}

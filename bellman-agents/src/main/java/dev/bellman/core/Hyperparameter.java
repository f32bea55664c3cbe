package dev.bellman.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One hyperparameter of an algorithm as the command line and config files see it: a kebab-case
 * name (CleanRL's name, e.g. {@code learning-rate}), a type, a default, a one-line description and
 * the values it accepts.
 *
 * <p>{@link #parse(Object)} turns a raw value (a string from {@code --set key=value}, or a number or
 * boolean from a YAML file) into the typed value ({@link Integer}, {@link Long}, {@link Double},
 * {@link Boolean} or {@link String}) and validates it; the message of its
 * {@link InvalidHyperparameterException} names the value and what was expected.
 *
 * @param name kebab-case name, e.g. {@code learning-rate}
 * @param type value type
 * @param defaultValue the algorithm's default (already of {@code type}, and valid)
 * @param description one line, no trailing period needed
 * @param range accepted numeric interval, or null for any value of the type
 * @param choices accepted strings for {@link Type#STRING}, empty for any
 */
public record Hyperparameter(String name, Type type, Object defaultValue, String description, Range range,
                             List<String> choices) {

    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** The value types a hyperparameter may have. */
    public enum Type {
        INT("an integer"), LONG("an integer"), DOUBLE("a number"), BOOLEAN("true or false"), STRING("a string");

        private final String noun;

        Type(String noun) {
            this.noun = noun;
        }

        /** How the type reads in a message: "an integer", "a number", ... */
        public String noun() {
            return noun;
        }
    }

    /**
     * A numeric interval; either end may be open, closed or absent (infinite).
     *
     * @param min lower end, or {@code Double.NEGATIVE_INFINITY}
     * @param minInclusive whether {@code min} itself is accepted
     * @param max upper end, or {@code Double.POSITIVE_INFINITY}
     * @param maxInclusive whether {@code max} itself is accepted
     */
    public record Range(double min, boolean minInclusive, double max, boolean maxInclusive) {
        public Range {
            if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
                throw new IllegalArgumentException("range needs min <= max but was [" + min + ", " + max + "]");
            }
        }

        /** Whether {@code v} lies in the interval. */
        public boolean contains(double v) {
            boolean lo = minInclusive ? v >= min : v > min;
            boolean hi = maxInclusive ? v <= max : v < max;
            return lo && hi;
        }

        /** Reads as {@code "> 0"}, {@code ">= 1"}, {@code "in [0, 1]"}, {@code "in (0, 1]"}. */
        @Override
        public String toString() {
            boolean noMin = min == Double.NEGATIVE_INFINITY;
            boolean noMax = max == Double.POSITIVE_INFINITY;
            if (noMin && noMax) {
                return "any value";
            }
            if (noMax) {
                return (minInclusive ? ">= " : "> ") + fmt(min);
            }
            if (noMin) {
                return (maxInclusive ? "<= " : "< ") + fmt(max);
            }
            return "in " + (minInclusive ? "[" : "(") + fmt(min) + ", " + fmt(max) + (maxInclusive ? "]" : ")");
        }

        private static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    public Hyperparameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue of " + name);
        Objects.requireNonNull(description, "description of " + name);
        if (!KEBAB.matcher(name).matches()) {
            throw new IllegalArgumentException("hyperparameter name must be kebab-case (e.g. learning-rate) but was '" + name + "'");
        }
        if (range != null && (type == Type.BOOLEAN || type == Type.STRING)) {
            throw new IllegalArgumentException("a range applies to numeric hyperparameters only, but " + name + " is " + type);
        }
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (!choices.isEmpty() && type != Type.STRING) {
            throw new IllegalArgumentException("choices apply to string hyperparameters only, but " + name + " is " + type);
        }
        Object checked = convert(name, type, range, choices, defaultValue);
        if (!checked.equals(defaultValue)) {
            throw new IllegalArgumentException("default of " + name + " must be of type " + type + " but was "
                    + defaultValue.getClass().getSimpleName() + " " + defaultValue);
        }
    }

    /** An integer hyperparameter with no bounds (add them with {@link #atLeast} or {@link #between}). */
    public static Hyperparameter ofInt(String name, int defaultValue, String description) {
        return new Hyperparameter(name, Type.INT, defaultValue, description, null, List.of());
    }

    /** A long hyperparameter with no bounds. */
    public static Hyperparameter ofLong(String name, long defaultValue, String description) {
        return new Hyperparameter(name, Type.LONG, defaultValue, description, null, List.of());
    }

    /** A floating-point hyperparameter with no bounds. */
    public static Hyperparameter ofDouble(String name, double defaultValue, String description) {
        return new Hyperparameter(name, Type.DOUBLE, defaultValue, description, null, List.of());
    }

    /** A boolean hyperparameter. */
    public static Hyperparameter ofBoolean(String name, boolean defaultValue, String description) {
        return new Hyperparameter(name, Type.BOOLEAN, defaultValue, description, null, List.of());
    }

    /** A string hyperparameter; when {@code choices} are given only those are accepted. */
    public static Hyperparameter ofString(String name, String defaultValue, String description, String... choices) {
        return new Hyperparameter(name, Type.STRING, defaultValue, description, null, List.of(choices));
    }

    /** This hyperparameter accepting only values in {@code [min, max]}. */
    public Hyperparameter between(double min, double max) {
        return withRange(new Range(min, true, max, true));
    }

    /** This hyperparameter accepting only values {@code >= min}. */
    public Hyperparameter atLeast(double min) {
        return withRange(new Range(min, true, Double.POSITIVE_INFINITY, false));
    }

    /** This hyperparameter accepting only values {@code > 0}. */
    public Hyperparameter positive() {
        return withRange(new Range(0, false, Double.POSITIVE_INFINITY, false));
    }

    /** This hyperparameter accepting only values in the given interval. */
    public Hyperparameter withRange(Range r) {
        return new Hyperparameter(name, type, defaultValue, description, r, choices);
    }

    /** What the hyperparameter accepts, as it reads in a message: "a number in (0, 1]". */
    public String expected() {
        StringBuilder sb = new StringBuilder(type.noun());
        if (range != null) {
            sb.append(' ').append(range);
        }
        if (!choices.isEmpty()) {
            sb.append(", one of ").append(String.join(", ", choices));
        }
        return sb.toString();
    }

    /**
     * Converts a raw value to this hyperparameter's type and checks it.
     *
     * @param raw a string ({@code "0.5"}, {@code "true"}), a {@link Number} or a {@link Boolean}
     * @return an {@link Integer}, {@link Long}, {@link Double}, {@link Boolean} or {@link String}
     * @throws InvalidHyperparameterException naming the value and what was expected
     */
    public Object parse(Object raw) {
        return convert(name, type, range, choices, raw);
    }

    private static Object convert(String name, Type type, Range range, List<String> choices, Object raw) {
        if (raw == null) {
            throw invalid(name, type, range, choices, null);
        }
        Object value = switch (type) {
            case INT -> {
                Long l = asLong(raw);
                yield l != null && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? Integer.valueOf(l.intValue()) : null;
            }
            case LONG -> asLong(raw);
            case DOUBLE -> asDouble(raw);
            case BOOLEAN -> asBoolean(raw);
            case STRING -> raw instanceof String || raw instanceof Number || raw instanceof Boolean ? raw.toString() : null;
        };
        if (value == null) {
            throw invalid(name, type, range, choices, raw);
        }
        if (range != null && !range.contains(((Number) value).doubleValue())) {
            throw invalid(name, type, range, choices, raw);
        }
        if (!choices.isEmpty() && !choices.contains(value)) {
            throw invalid(name, type, range, choices, raw);
        }
        return value;
    }

    private static InvalidHyperparameterException invalid(String name, Type type, Range range, List<String> choices,
                                                          Object raw) {
        String expected = new StringBuilder(type.noun())
                .append(range == null ? "" : " " + range)
                .append(choices.isEmpty() ? "" : ", one of " + String.join(", ", choices))
                .toString();
        String shown = raw == null ? "nothing" : "'" + raw + "'";
        return new InvalidHyperparameterException(name, raw,
                "hyperparameter " + name + " must be " + expected + " but was " + shown);
    }

    private static Long asLong(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 9.0e18 ? (long) d : null;
        }
        if (raw instanceof String s) {
            String t = s.strip().replace("_", "");
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                // "1e6" and "1000000.0" are integers too, as in CleanRL's total_timesteps=1e6
                Double d = asDouble(t);
                return d != null && d == Math.rint(d) && Math.abs(d) < 9.0e18 ? (long) d.doubleValue() : null;
            }
        }
        return null;
    }

    private static Double asDouble(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            String t = s.strip().replace("_", "");
            if (t.isEmpty() || !t.matches("[-+0-9.eE]+|[-+]?(?i)(inf|infinity|nan)")) {
                return null;
            }
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.endsWith("inf") || lower.endsWith("infinity")) {
                return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (lower.endsWith("nan")) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Boolean asBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> Boolean.TRUE;
                case "false", "no", "off", "0" -> Boolean.FALSE;
                default -> null;
            };
        }
        return null;
    }
}

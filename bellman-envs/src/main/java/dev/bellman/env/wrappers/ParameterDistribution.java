package dev.bellman.env.wrappers;

import dev.bellman.env.Envs;
import dev.bellman.env.NpRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A distribution over one physical parameter's value, as {@link DomainRandomization} samples it at every reset.
 * {@link #parse} reads the command-line form ({@code uniform(0.05,0.5)}, {@code loguniform(0.25,2)},
 * {@code normal(9.8,0.5)}, {@code normal(9.8,0.5,9,10.5)} truncated to [9, 10.5], {@code choice(5,10,15)}, or a plain
 * number for a fixed value); {@link #toString()} writes it back in that form.
 */
public sealed interface ParameterDistribution {

    /** One draw from {@code random}. */
    double sample(NpRandom random);

    /** The smallest and largest value a draw can take (infinite for an untruncated normal). */
    double[] range();

    /** Always {@code value}. */
    record Fixed(double value) implements ParameterDistribution {
        public Fixed {
            requireFinite("value", value);
        }

        @Override
        public double sample(NpRandom random) {
            return value;
        }

        @Override
        public double[] range() {
            return new double[] {value, value};
        }

        @Override
        public String toString() {
            return num(value);
        }
    }

    /** Uniform on [low, high). */
    record Uniform(double low, double high) implements ParameterDistribution {
        public Uniform {
            requireFinite("low", low);
            requireFinite("high", high);
            if (!(low <= high)) {
                throw new IllegalArgumentException("uniform(low, high) needs low <= high but was uniform(" + num(low)
                        + "," + num(high) + ")");
            }
        }

        @Override
        public double sample(NpRandom random) {
            return random.uniform(low, high);
        }

        @Override
        public double[] range() {
            return new double[] {low, high};
        }

        @Override
        public String toString() {
            return "uniform(" + num(low) + "," + num(high) + ")";
        }
    }

    /** exp of a uniform draw on [ln low, ln high): every factor of the range equally likely. */
    record LogUniform(double low, double high) implements ParameterDistribution {
        public LogUniform {
            requireFinite("low", low);
            requireFinite("high", high);
            if (!(low > 0 && low <= high)) {
                throw new IllegalArgumentException("loguniform(low, high) needs 0 < low <= high but was loguniform("
                        + num(low) + "," + num(high) + ")");
            }
        }

        @Override
        public double sample(NpRandom random) {
            return Math.exp(random.uniform(Math.log(low), Math.log(high)));
        }

        @Override
        public double[] range() {
            return new double[] {low, high};
        }

        @Override
        public String toString() {
            return "loguniform(" + num(low) + "," + num(high) + ")";
        }
    }

    /**
     * Normal with mean {@code mean} and standard deviation {@code std}, truncated to [low, high] by redrawing
     * (at most 1000 tries, then the nearest bound); the bounds are infinite for an untruncated normal.
     */
    record Normal(double mean, double std, double low, double high) implements ParameterDistribution {
        public Normal {
            requireFinite("mean", mean);
            requireFinite("std", std);
            if (!(std >= 0)) {
                throw new IllegalArgumentException("normal(mean, std) needs std >= 0 but was " + num(std));
            }
            if (Double.isNaN(low) || Double.isNaN(high) || !(low <= high) || !(low <= mean + 10 * std)
                    || !(high >= mean - 10 * std)) {
                throw new IllegalArgumentException("normal(mean, std, low, high) needs low <= high with the interval"
                        + " within 10 std of the mean but was normal(" + num(mean) + "," + num(std) + "," + num(low) + ","
                        + num(high) + ")");
            }
        }

        /** An untruncated normal. */
        public Normal(double mean, double std) {
            this(mean, std, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }

        @Override
        public double sample(NpRandom random) {
            for (int i = 0; i < 1000; i++) {
                double v = random.normal(mean, std);
                if (v >= low && v <= high) {
                    return v;
                }
            }
            return Math.min(Math.max(mean, low), high);
        }

        @Override
        public double[] range() {
            return new double[] {low, high};
        }

        @Override
        public String toString() {
            return "normal(" + num(mean) + "," + num(std)
                    + (Double.isInfinite(low) && Double.isInfinite(high) ? "" : "," + num(low) + "," + num(high)) + ")";
        }
    }

    /** One of {@code values}, each equally likely. */
    record Choice(double[] values) implements ParameterDistribution {
        public Choice {
            if (values == null || values.length == 0) {
                throw new IllegalArgumentException("choice(...) needs at least one value");
            }
            values = values.clone();
            for (double v : values) {
                requireFinite("choice value", v);
            }
        }

        @Override
        public double sample(NpRandom random) {
            return values[random.choice(values.length)];
        }

        @Override
        public double[] range() {
            return new double[] {Arrays.stream(values).min().orElseThrow(), Arrays.stream(values).max().orElseThrow()};
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Choice c && Arrays.equals(values, c.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "choice(" + Arrays.stream(values).mapToObj(ParameterDistribution::num).collect(Collectors.joining(","))
                    + ")";
        }
    }

    /**
     * Reads {@code uniform(a,b)}, {@code loguniform(a,b)}, {@code normal(mean,std)}, {@code normal(mean,std,low,high)},
     * {@code choice(v1,...)} or a plain number (spaces allowed).
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    static ParameterDistribution parse(String text) {
        String t = text == null ? "" : text.strip();
        String forms = "expected a number or uniform(low,high), loguniform(low,high), normal(mean,std),"
                + " normal(mean,std,low,high) or choice(v1,v2,...)";
        try {
            if (!t.contains("(")) {
                String guess = guess(t);
                if (guess != null) {
                    bad(t, "did you mean '" + guess + "'? " + forms);
                }
                return new Fixed(number(t, t));
            }
            int open = t.indexOf('(');
            if (!t.endsWith(")")) {
                throw new IllegalArgumentException("'" + t + "' has no closing parenthesis; " + forms);
            }
            String kind = t.substring(0, open).strip().toLowerCase(Locale.ROOT);
            String[] parts = t.substring(open + 1, t.length() - 1).split(",", -1);
            double[] a = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                a[i] = number(parts[i].strip(), t);
            }
            return switch (kind) {
                case "uniform" -> new Uniform(arg(a, 2, 2, t)[0], a[1]);
                case "loguniform", "log_uniform", "log-uniform" -> new LogUniform(arg(a, 2, 2, t)[0], a[1]);
                case "normal", "gaussian" -> arg(a, 2, 4, t).length == 2 ? new Normal(a[0], a[1])
                        : a.length == 4 ? new Normal(a[0], a[1], a[2], a[3])
                        : bad(t, "normal takes 2 or 4 numbers (mean,std or mean,std,low,high)");
                case "choice" -> new Choice(a);
                default -> bad(t, "unknown distribution '" + kind + "'"
                        + closestKind(kind).map(k -> " (did you mean '" + k + "'?)").orElse("") + "; " + forms);
            };
        } catch (IllegalArgumentException e) {
            throw e.getMessage().contains("'" + t + "'") ? e
                    : new IllegalArgumentException("bad distribution '" + t + "': " + e.getMessage());
        }
    }

    /** The distribution name nearest to a mistyped one ({@link Envs#closestName}). */
    private static Optional<String> closestKind(String kind) {
        return Envs.closestName(kind, List.of("uniform", "loguniform", "normal", "choice"));
    }

    /**
     * What a distribution written without parentheses most likely meant: {@code uniform:1,2}, {@code unifrm 1 2} or
     * {@code normal=9.8,0.5} read as {@code uniform(1,2)} / {@code normal(9.8,0.5)}; null when the text does not start
     * with a distribution's name (a plain number, or a word too far from every name).
     */
    private static String guess(String t) {
        Matcher m = Pattern.compile("([A-Za-z_-]+)\\s*[:=\\s]?\\s*(.*)").matcher(t);
        if (!m.matches()) {
            return null;
        }
        String word = m.group(1).toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        Optional<String> kind = word.equals("gaussian") ? Optional.of("normal")
                : word.length() < 3 ? Optional.empty() : closestKind(word); // "e5" is a bad number, not a name
        if (kind.isEmpty()) {
            return null;
        }
        String args = m.group(2).strip();
        String placeholders = switch (kind.get()) {
            case "normal" -> "mean,std";
            case "choice" -> "v1,v2,...";
            default -> "low,high";
        };
        return kind.get() + "(" + (args.isEmpty() ? placeholders : String.join(",", args.split("[\\s,;:]+"))) + ")";
    }

    private static double[] arg(double[] a, int min, int max, String text) {
        if (a.length < min || a.length > max) {
            bad(text, "it takes " + (min == max ? min : min + " to " + max) + " numbers but got " + a.length);
        }
        return a;
    }

    private static ParameterDistribution bad(String text, String why) {
        throw new IllegalArgumentException("bad distribution '" + text + "': " + why);
    }

    private static double number(String s, String text) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("bad distribution '" + text + "': '" + s + "' is not a finite number;"
                + " expected a number or uniform(low,high), loguniform(low,high), normal(mean,std),"
                + " normal(mean,std,low,high) or choice(v1,v2,...)");
    }

    private static void requireFinite(String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be a finite number but was " + v);
        }
    }

    /** A number as the parser reads it back: no trailing ".0". */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

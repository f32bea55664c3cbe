package dev.bellman.env;

import java.util.Objects;

/**
 * One physical parameter an environment declares through {@link HasPhysicalParameters}: a constant of its simulation
 * (a mass, a length, gravity) that domain randomization may vary and that a keyword argument of the same name fixes.
 *
 * @param name     the keyword-argument name, e.g. {@code masspole}
 * @param nominal  the value the registered env uses (Gymnasium's)
 * @param meaning  what it is, with its unit, e.g. "mass of the pole (kg)"
 * @param positive whether only values &gt; 0 are physical (masses, lengths, time steps)
 */
public record PhysicalParameter(String name, double nominal, String meaning, boolean positive) {
    public PhysicalParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(meaning, "meaning");
        if (!Double.isFinite(nominal) || positive && nominal <= 0) {
            throw new IllegalArgumentException("nominal value of " + name + " must be a " + (positive ? "positive " : "")
                    + "finite number but was " + nominal);
        }
    }

    /** Whether {@code value} is allowed: finite, and positive when {@link #positive()}. */
    public boolean accepts(double value) {
        return Double.isFinite(value) && (!positive || value > 0);
    }
}

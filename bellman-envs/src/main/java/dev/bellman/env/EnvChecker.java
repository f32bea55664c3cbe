package dev.bellman.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Checks that an environment keeps the {@link Env} contract ({@code gymnasium.utils.env_checker.check_env}): run it on
 * your own environments before training on them.
 *
 * <p>Checks: both spaces exist, are members of the sealed family, and contain their own samples; {@code reset}
 * returns an observation inside the observation space and a non-null info; {@code step} with sampled actions returns
 * observations inside the space, finite rewards and non-null infos; the same seed gives the same trajectory (reset
 * observations, step observations, rewards and flags) both on one instance and on a fresh one; {@code reset()} without
 * a seed continues the generator (after a seeded reset, an unseeded reset differs from re-seeding); {@code close} is
 * idempotent.
 *
 * <p>Every violation is collected; {@link #check} throws one {@link AssertionError} listing them all.
 */
public final class EnvChecker {
    private EnvChecker() {
    }

    /** Checks an environment built by {@code factory} (called twice, for the fresh-instance determinism check). */
    public static void check(Supplier<? extends Env<?, ?>> factory) {
        List<String> problems = problems(factory, 50);
        if (!problems.isEmpty()) {
            throw new AssertionError("environment check failed:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** Checks the registered environment {@code id}. */
    public static void check(String id) {
        check(() -> Envs.make(id));
    }

    /** The list of contract violations found in {@code steps} steps per episode (empty when the environment passes). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static List<String> problems(Supplier<? extends Env<?, ?>> factory, int steps) {
        List<String> out = new ArrayList<>() {
            @Override
            public boolean add(String s) { // report each distinct problem once
                return !contains(s) && super.add(s);
            }
        };
        Env env = factory.get();
        try {
            Space obsSpace = env.observationSpace();
            Space actSpace = env.actionSpace();
            if (obsSpace == null || actSpace == null) {
                out.add("observationSpace() and actionSpace() must not be null");
                return out;
            }
            actSpace.seed(123);
            obsSpace.seed(123);
            for (int i = 0; i < 5; i++) {
                Object a = actSpace.sample();
                if (!actSpace.contains(a)) {
                    out.add("action space " + actSpace + " does not contain its own sample " + Spaces.describe(a));
                }
                Object o = obsSpace.sample();
                if (!obsSpace.contains(o)) {
                    out.add("observation space " + obsSpace + " does not contain its own sample " + Spaces.describe(o));
                }
            }
            List<Object> first = rollout(env, 7L, steps, 99L, out);
            List<Object> second = rollout(env, 7L, steps, 99L, out);
            if (!sameTrajectory(first, second)) {
                out.add("the same seed gave different trajectories on one instance (reset(7) twice)");
            }
            Env fresh = factory.get();
            try {
                List<Object> third = rollout(fresh, 7L, steps, 99L, out);
                if (!sameTrajectory(first, third)) {
                    out.add("the same seed gave different trajectories on a fresh instance");
                }
            } finally {
                fresh.close();
            }
            // reset() without a seed continues the generator rather than reseeding: when different seeds give different
            // starts, unseeded resets after reset(11) must not all repeat reset(11)'s start
            Object seeded = copy(env.reset(11L, Map.of()).observation());
            Object other = copy(env.reset(12L, Map.of()).observation());
            if (!Objects.deepEquals(seeded, other)) {
                env.reset(11L, Map.of());
                boolean allRepeat = true;
                for (int i = 0; i < 3; i++) {
                    allRepeat &= Objects.deepEquals(seeded, env.reset().observation());
                }
                if (allRepeat) {
                    out.add("reset() without a seed repeated the last seeded start: it must continue the generator");
                }
            }
            env.close();
            try {
                env.close();
            } catch (RuntimeException e) {
                out.add("close() is not idempotent: second call threw " + e);
            }
        } catch (RuntimeException e) {
            out.add("unexpected exception: " + e);
        } finally {
            try {
                env.close();
            } catch (RuntimeException ignored) {
                // already reported
            }
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Object> rollout(Env env, long seed, int steps, long actionSeed, List<String> out) {
        List<Object> trace = new ArrayList<>();
        Space obsSpace = env.observationSpace();
        Space actSpace = env.actionSpace();
        actSpace.seed(actionSeed);
        Reset r = env.reset(seed, Map.of());
        if (r == null || r.info() == null) {
            out.add("reset returned null or a null info");
            return trace;
        }
        if (!obsSpace.contains(r.observation())) {
            out.add("reset observation " + Spaces.describe(r.observation()) + " is outside " + obsSpace);
        }
        trace.add(copy(r.observation()));
        for (int t = 0; t < steps; t++) {
            Object a = actSpace.sample();
            Step s = env.step(a);
            if (s == null || s.info() == null) {
                out.add("step returned null or a null info");
                return trace;
            }
            if (!obsSpace.contains(s.observation())) {
                out.add("step observation " + Spaces.describe(s.observation()) + " is outside " + obsSpace);
            }
            if (!Double.isFinite(s.reward())) {
                out.add("step reward " + s.reward() + " is not finite");
            }
            trace.add(copy(s.observation()));
            trace.add(s.reward());
            trace.add(s.terminated());
            trace.add(s.truncated());
            if (s.terminated() || s.truncated()) {
                r = env.reset();
                if (!obsSpace.contains(r.observation())) {
                    out.add("reset observation " + Spaces.describe(r.observation()) + " is outside " + obsSpace);
                }
                trace.add(copy(r.observation()));
            }
        }
        return trace;
    }

    private static Object copy(Object o) {
        return switch (o) {
            case float[] a -> a.clone();
            case int[] a -> a.clone();
            case byte[] a -> a.clone();
            default -> o;
        };
    }

    private static boolean sameTrajectory(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Objects.deepEquals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}

package dev.bellman.envs.minatar;

import dev.bellman.env.Env;
import dev.bellman.env.EnvRegistration;
import dev.bellman.env.EnvSpec;
import dev.bellman.env.wrappers.AtariPreprocessing;
import dev.bellman.env.wrappers.FrameStackObservation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Registers the five MinAtar games as MinAtar's own Gymnasium registration does: {@code MinAtar/<Game>-v0} with all
 * six actions and {@code MinAtar/<Game>-v1} with the minimal action set, for Asterix, Breakout, Freeway, Seaquest and
 * SpaceInvaders; no time limit and no reward threshold (the reference sets neither). Keyword arguments
 * {@code sticky_action_prob} (default 0.1) and {@code difficulty_ramping} (default true), as the reference's
 * {@code Environment}.
 *
 * <p>Pixels: with {@code pixels=true} the observation is not MinAtar's planes but Atari-style screens, for the Nature
 * CNN: each {@link MinAtarEnv#render()} frame (160×160 RGB) through {@link AtariPreprocessing} (grayscale, 84×84 with
 * area interpolation, {@code noop_max} no-op steps at most after a reset, default 30; {@code frame_skip} frames per
 * step with the maximum of the last two, default 1 because MinAtar's steps are already coarse: the MinAtar paper's
 * agents act on every frame) and {@link FrameStackObservation} of {@code stack_num} frames (default 4), giving
 * {@code uint8} observations of shape {@code [stack_num, 84, 84]}, oldest first. {@code frame_skip}, {@code noop_max}
 * and {@code stack_num} apply only with {@code pixels=true}. {@code MinAtar/<Game>Pixels-v1} (the minimal action set)
 * is {@code MinAtar/<Game>-v1} with {@code pixels=true}: an id of its own, so that tuned hyperparameters (keyed by id)
 * can give it the Nature CNN.
 */
public final class MinAtarRegistration implements EnvRegistration {
    @Override
    public Collection<EnvSpec> specs() {
        List<EnvSpec> out = new ArrayList<>();
        for (MinAtarEnv.Game g : MinAtarEnv.Game.values()) {
            for (int v = 0; v <= 1; v++) {
                boolean minimal = v == 1;
                out.add(spec("MinAtar/" + g.title() + "-v" + v, g, minimal, false));
            }
            out.add(spec("MinAtar/" + g.title() + "Pixels-v1", g, true, true));
        }
        return out;
    }

    private static EnvSpec spec(String id, MinAtarEnv.Game g, boolean minimal, boolean pixels) {
        return new EnvSpec(id, kw -> withPixels(new MinAtarEnv(g, minimal,
                doubleArg("sticky_action_prob", kw.get("sticky_action_prob")),
                boolArg("difficulty_ramping", kw.get("difficulty_ramping"))), kw),
                null, null, Map.of("sticky_action_prob", 0.1, "difficulty_ramping", true, "pixels", pixels,
                        "frame_skip", 1, "noop_max", 30, "stack_num", 4));
    }

    /** The env itself, or with {@code pixels=true} its stacked Atari-style screens (see the class comment). */
    private static Env<?, Integer> withPixels(MinAtarEnv env, Map<String, Object> kw) {
        int frameSkip = intArg("frame_skip", kw.get("frame_skip"), 1);
        int noopMax = intArg("noop_max", kw.get("noop_max"), 0);
        int stackNum = intArg("stack_num", kw.get("stack_num"), 1);
        if (!boolArg("pixels", kw.get("pixels"))) {
            if (frameSkip != 1 || noopMax != 30 || stackNum != 4) {
                throw new IllegalArgumentException("frame_skip, noop_max and stack_num apply to pixel observations but"
                        + " pixels is false (frame_skip " + frameSkip + ", noop_max " + noopMax + ", stack_num "
                        + stackNum + "); set pixels=true, or leave them out for MinAtar's 10x10 planes");
            }
            return env;
        }
        AtariPreprocessing.Config config = AtariPreprocessing.Config.DEFAULTS.withFrameSkip(frameSkip).withNoopMax(noopMax);
        return new FrameStackObservation<>(AtariPreprocessing.of(env, config), stackNum);
    }

    private static int intArg(String name, Object v, int min) {
        Object n = v instanceof String s ? s.trim() : v;
        try {
            int i = n instanceof Integer k ? k : n instanceof Long l ? Math.toIntExact(l) : Integer.parseInt((String) n);
            if (i >= min) {
                return i;
            }
        } catch (RuntimeException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(name + " must be an integer >= " + min + " but was " + v);
    }

    private static double doubleArg(String name, Object v) {
        if (v instanceof Number num) return num.doubleValue();
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(name + " must be a number but was " + v);
    }

    private static boolean boolArg(String name, Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.trim());
        }
        throw new IllegalArgumentException(name + " must be true or false but was " + v);
    }
}

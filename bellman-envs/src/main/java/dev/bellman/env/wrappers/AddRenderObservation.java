package dev.bellman.env.wrappers;

import dev.bellman.env.ByteBox;
import dev.bellman.env.DictSpace;
import dev.bellman.env.Env;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Observations from {@link Env#render()} ({@code gymnasium.wrappers.AddRenderObservation}): pixels from any environment
 * that renders RGB frames. {@link #pixels} is {@code render_only=True}: the observation is the rendered frame, a
 * {@code [H, W, 3]} {@link ByteBox#pixels} image, and the inner observation is dropped; "CartPole from pixels" is
 * {@code AddRenderObservation.pixels(Envs.make("CartPole-v1"))}. {@link #withState} is {@code render_only=False}: a
 * {@link DictSpace} observation holding the frame under {@code renderKey} and the inner observation under
 * {@code obsKey}, or, when the inner observation is already a dict, its entries with the frame added under
 * {@code renderKey} (which must not be one of its keys).
 *
 * <p>As Gymnasium's, the constructor resets the inner environment once (unseeded) and renders, to learn the frame
 * size; every frame must keep that size. An environment whose {@code render()} returns null is refused.
 */
public final class AddRenderObservation<O, A> extends Wrapper<O, A, Object, A> {
    /** What an observation holds: the frame only, the frame and the inner observation, or the inner dict plus the frame. */
    private enum Mode { PIXELS, STATE, DICT }

    private final Space<O> space;
    private final Mode mode;
    private final String renderKey;
    private final String obsKey;
    private final int height;
    private final int width;

    @SuppressWarnings("unchecked")
    private AddRenderObservation(Env<?, A> env, Space<?> space, Mode mode, String renderKey, String obsKey,
                                 RenderFrame first) {
        super((Env<Object, A>) env);
        this.space = (Space<O>) space;
        this.mode = mode;
        this.renderKey = renderKey;
        this.obsKey = obsKey;
        this.height = first.height();
        this.width = first.width();
    }

    private static RenderFrame firstFrame(Env<?, ?> env) {
        env.reset();
        RenderFrame f = env.render();
        if (f == null) {
            throw new IllegalArgumentException("AddRenderObservation needs an environment that renders RGB frames but "
                    + env + " returned no frame from render()");
        }
        return f;
    }

    /** {@code AddRenderObservation(env, render_only=True)}: the observation is the rendered RGB frame. */
    public static <A> AddRenderObservation<byte[], A> pixels(Env<?, A> env) {
        RenderFrame f = firstFrame(env);
        return new AddRenderObservation<>(env, ByteBox.pixels(f.height(), f.width(), 3), Mode.PIXELS, null, null, f);
    }

    /**
     * {@code AddRenderObservation(env, render_only=False, render_key=renderKey, obs_key=obsKey)}; Gymnasium's defaults
     * are {@code "pixels"} and {@code "state"}.
     */
    public static <A> AddRenderObservation<Map<String, Object>, A> withState(Env<?, A> env, String renderKey,
                                                                           String obsKey) {
        RenderFrame f = firstFrame(env);
        ByteBox pixelSpace = ByteBox.pixels(f.height(), f.width(), 3);
        Map<String, Space<?>> spaces = new LinkedHashMap<>();
        if (env.observationSpace() instanceof DictSpace d) {
            if (d.spaces().containsKey(renderKey)) {
                throw new IllegalArgumentException("AddRenderObservation renderKey '" + renderKey
                        + "' already exists in the observation space " + d);
            }
            spaces.put(renderKey, pixelSpace);
            spaces.putAll(d.spaces());
            return new AddRenderObservation<>(env, new DictSpace(spaces), Mode.DICT, renderKey, null, f);
        }
        if (renderKey.equals(obsKey)) {
            throw new IllegalArgumentException("AddRenderObservation needs different renderKey and obsKey but both were '"
                    + renderKey + "'");
        }
        spaces.put(obsKey, env.observationSpace());
        spaces.put(renderKey, pixelSpace);
        return new AddRenderObservation<>(env, new DictSpace(spaces), Mode.STATE, renderKey, obsKey, f);
    }

    /** {@code withState(env, "pixels", "state")}. */
    public static <A> AddRenderObservation<Map<String, Object>, A> withState(Env<?, A> env) {
        return withState(env, "pixels", "state");
    }

    private byte[] frame() {
        RenderFrame f = env.render();
        if (f == null || f.height() != height || f.width() != width) {
            throw new IllegalStateException("AddRenderObservation expected a " + height + "x" + width + " frame from "
                    + env + " but render() returned " + (f == null ? "null" : f.height() + "x" + f.width()));
        }
        return f.rgb().clone();
    }

    @SuppressWarnings("unchecked")
    private O observe(Object obs) {
        switch (mode) {
            case PIXELS:
                return (O) frame();
            case STATE: {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(obsKey, obs);
                m.put(renderKey, frame());
                return (O) m;
            }
            default: {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(renderKey, frame());
                m.putAll((Map<String, Object>) obs);
                return (O) m;
            }
        }
    }

    @Override
    public Space<O> observationSpace() {
        return space;
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        Reset<Object> r = env.reset(seed, options);
        return new Reset<>(observe(r.observation()), r.info());
    }

    @Override
    public Step<O> step(A action) {
        Step<Object> s = env.step(action);
        return new Step<>(observe(s.observation()), s.reward(), s.terminated(), s.truncated(), s.info());
    }
}

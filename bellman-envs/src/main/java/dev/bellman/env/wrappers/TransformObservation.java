package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Applies a function to every observation ({@code gymnasium.wrappers.TransformObservation}). The constructor declares
 * the space of the transformed observations; {@link #keepingSpace} is Gymnasium's {@code observation_space=None}: the
 * function keeps observations inside the inner space, which the wrapper keeps.
 */
public final class TransformObservation<O, P, A> extends Wrapper<P, A, O, A> {
    private final Function<? super O, ? extends P> f;
    private final Space<P> space;

    public TransformObservation(Env<O, A> env, Function<? super O, ? extends P> f, Space<P> space) {
        super(env);
        this.f = Objects.requireNonNull(f, "f");
        this.space = Objects.requireNonNull(space, "observation space of the transformed observations");
    }

    /** {@code TransformObservation(env, f, observation_space=None)}: the inner observation space is kept. */
    public static <O, A> TransformObservation<O, O, A> keepingSpace(Env<O, A> env, UnaryOperator<O> f) {
        return new TransformObservation<>(env, f, env.observationSpace());
    }

    @Override
    public Space<P> observationSpace() {
        return space;
    }

    @Override
    public Reset<P> reset(Long seed, Map<String, Object> options) {
        Reset<O> r = env.reset(seed, options);
        return new Reset<>(f.apply(r.observation()), r.info());
    }

    @Override
    public Step<P> step(A action) {
        Step<O> s = env.step(action);
        return new Step<>(f.apply(s.observation()), s.reward(), s.terminated(), s.truncated(), s.info());
    }
}

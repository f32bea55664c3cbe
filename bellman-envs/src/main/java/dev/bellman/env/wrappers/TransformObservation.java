package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Applies a function to every observation ({@code gymnasium.wrappers.TransformObservation}) with a declared new space. */
public final class TransformObservation<O, P, A> extends Wrapper<P, A, O, A> {
    private final Function<? super O, ? extends P> f;
    private final Space<P> space;

    public TransformObservation(Env<O, A> env, Function<? super O, ? extends P> f, Space<P> space) {
        super(env);
        this.f = Objects.requireNonNull(f, "f");
        this.space = Objects.requireNonNull(space, "observation space of the transformed observations");
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

package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/** Applies a function to every reward ({@code gymnasium.wrappers.TransformReward}). */
public final class TransformReward<O, A> extends Wrapper<O, A, O, A> {
    private final DoubleUnaryOperator f;

    public TransformReward(Env<O, A> env, DoubleUnaryOperator f) {
        super(env);
        this.f = Objects.requireNonNull(f, "f");
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        return new Step<>(s.observation(), f.applyAsDouble(s.reward()), s.terminated(), s.truncated(), s.info());
    }
}

package dev.bellman.env;

import java.util.Map;
import java.util.Objects;

/**
 * Base of environment wrappers ({@code gymnasium.Wrapper}): holds the inner environment and forwards everything.
 * A wrapper that keeps the inner types ({@code O == IO}, {@code A == IA}) overrides only what it changes; one that
 * changes a type overrides the matching space and {@code reset}/{@code step}.
 *
 * @param <O>  observation type seen by the caller
 * @param <A>  action type taken from the caller
 * @param <IO> observation type of the inner environment
 * @param <IA> action type of the inner environment
 */
public abstract class Wrapper<O, A, IO, IA> implements Env<O, A> {
    protected final Env<IO, IA> env;
    private EnvSpec spec;

    protected Wrapper(Env<IO, IA> env) {
        this.env = Objects.requireNonNull(env, "env to wrap must not be null");
    }

    /** The environment directly beneath this wrapper. */
    public Env<IO, IA> inner() {
        return env;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        return (Reset<O>) env.reset(seed, options);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Step<O> step(A action) {
        return (Step<O>) env.step((IA) action);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Space<O> observationSpace() {
        return (Space<O>) env.observationSpace();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Space<A> actionSpace() {
        return (Space<A>) env.actionSpace();
    }

    @Override
    public EnvSpec spec() {
        return spec != null ? spec : env.spec();
    }

    /** Set by {@link Envs#make} on the outermost wrapper. */
    void attachSpec(EnvSpec spec) {
        this.spec = spec;
    }

    @Override
    public RenderFrame render() {
        return env.render();
    }

    @Override
    public int renderFps() {
        return env.renderFps();
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public Env<?, ?> unwrapped() {
        return env.unwrapped();
    }

    /** The first wrapper of type {@code type} in this chain (this one included), or null. */
    public static <W> W find(Env<?, ?> env, Class<W> type) {
        Env<?, ?> e = env;
        while (true) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            if (e instanceof Wrapper<?, ?, ?, ?> w) {
                e = w.inner();
            } else {
                return null;
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}

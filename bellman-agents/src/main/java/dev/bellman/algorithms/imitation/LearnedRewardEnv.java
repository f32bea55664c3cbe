package dev.bellman.algorithms.imitation;

import dev.bellman.env.Env;
import dev.bellman.env.EnvRegistration;
import dev.bellman.env.EnvSpec;
import dev.bellman.env.Envs;
import dev.bellman.env.Reset;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An env whose reward is a learned one ({@link LearnedReward}, written by {@code --algo airl}): {@value #ID} with
 * kwargs {@code env} (the base env id), {@code reward_model} (the AIRL run directory); the base env is made with
 * its registered defaults. Observations, actions, terminations and truncations are the base env's; the reward of a step is
 * g(s[, a]) of the observation the action was taken in. {@code bellman train --reward-model RUN} trains on it; any
 * algorithm can, since it is an ordinary registered env.
 *
 * <p>The observation the next reward depends on is the wrapper's own state: a checkpoint of a run on this env restores
 * the base env but not that observation, so the first reward after a resume is of the reset observation.
 */
public final class LearnedRewardEnv<O, A> extends Wrapper<O, A, O, A> {
    /** The registered id. */
    public static final String ID = "LearnedReward-v0";

    private final LearnedReward reward;
    private float[] last;

    LearnedRewardEnv(Env<O, A> env, LearnedReward reward) {
        super(env);
        this.reward = reward;
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        Reset<O> r = env.reset(seed, options);
        last = floats(r.observation());
        return r;
    }

    @Override
    public Step<O> step(A action) {
        if (last == null) throw new IllegalStateException("step before reset on " + ID);
        double r = reward.reward(last, action);
        Step<O> s = env.step(action);
        last = floats(s.observation());
        return new Step<>(s.observation(), r, s.terminated(), s.truncated(), s.info());
    }

    private static float[] floats(Object o) {
        if (o instanceof float[] f) return f.clone();
        throw new IllegalArgumentException(ID + " needs float[] observations but got "
                + (o == null ? "null" : o.getClass().getSimpleName()));
    }

    /** Builds {@value #ID} from its kwargs. */
    static Env<?, ?> make(Map<String, Object> kwargs) {
        Object base = kwargs.get("env");
        Object run = kwargs.get("reward_model");
        if (base == null || run == null || base.toString().isBlank() || run.toString().isBlank()) {
            throw new IllegalArgumentException(ID + " needs the kwargs env (the base env id) and reward_model (an airl run"
                    + " directory) but got " + kwargs.keySet());
        }
        LearnedReward reward;
        try {
            reward = LearnedReward.load(Path.of(run.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Env<Object, Object> env = Envs.make(base.toString());
        if (env.observationSpace().flatDim() != reward.obsSize) {
            env.close();
            throw new IllegalArgumentException("the learned reward in " + run + " takes observations of " + reward.obsSize
                    + " values but " + base + "'s have " + env.observationSpace().flatDim());
        }
        return new LearnedRewardEnv<>(env, reward);
    }

    /** Registers {@value #ID} (listed in {@code META-INF/services/dev.bellman.env.EnvRegistration}). */
    public static final class Registration implements EnvRegistration {
        @Override
        public Collection<EnvSpec> specs() {
            return List.of(new EnvSpec(ID, LearnedRewardEnv::make, null, null, Map.of("env", "", "reward_model", "")));
        }
    }
}

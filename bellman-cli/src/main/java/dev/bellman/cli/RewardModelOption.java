package dev.bellman.cli;

import dev.bellman.algorithms.imitation.LearnedReward;
import dev.bellman.algorithms.imitation.LearnedRewardEnv;
import dev.bellman.core.Evaluation;
import dev.bellman.core.Policy;
import dev.bellman.env.Env;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bellman train --reward-model RUN}: trains on {@link LearnedRewardEnv} (the env with AIRL's learned reward in
 * place of its own) and, after the usual evaluation on that env, evaluates the policy on the base env's true reward.
 */
final class RewardModelOption {
    private RewardModelOption() {}

    /** The kwargs of {@link LearnedRewardEnv#ID} wrapping {@code envId} (no kwargs of its own) with the run's reward. */
    static Map<String, Object> kwargs(String envId, Map<String, Object> kwargs, Path runDir) {
        Path run = LearnedReward.exists(runDir.resolve(RunDir.MODEL)) ? runDir.resolve(RunDir.MODEL) : runDir;
        if (!LearnedReward.exists(run)) {
            throw new UserError("--reward-model " + runDir + " holds no learned reward (" + LearnedReward.FILE
                    + "); give a run directory written by 'bellman train --algo airl'.");
        }
        if (envId.equals(LearnedRewardEnv.ID)) {
            throw new UserError("--reward-model wraps the env given by --env; give the base env (e.g. Pendulum-v1), not "
                    + LearnedRewardEnv.ID + ".");
        }
        if (!kwargs.isEmpty()) {
            throw new UserError("--reward-model wraps --env with its registered defaults; drop --env-kwarg " + kwargs.keySet()
                    + ".");
        }
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("env", envId);
        k.put("reward_model", run.toAbsolutePath().normalize().toString());
        return k;
    }

    /** The greedy evaluation on the true reward when {@code envId} is the learned-reward env, else null. */
    static Evaluation.Result trueEval(String envId, Map<String, Object> envKwargs, Policy policy, int episodes,
                                      long seed) {
        if (!envId.equals(LearnedRewardEnv.ID) || episodes <= 0) return null;
        try (Env<?, ?> env = EnvCatalog.make(baseEnv(envKwargs), Map.of())) {
            return Evaluation.evaluate(env, policy, episodes, seed);
        }
    }

    /** The base env of the learned-reward env's kwargs. */
    static String baseEnv(Map<String, Object> envKwargs) {
        return String.valueOf(envKwargs.get("env"));
    }
}

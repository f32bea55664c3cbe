package dev.bellman.algorithms.pg;

import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorEnvs;

import java.util.Map;

/** Vector envs for the loops: the native batched env where one exists and no kwargs are given, else a sync one. */
final class PgEnvs {
    private PgEnvs() {}

    static VectorEnv make(String envId, Map<String, Object> kwargs, int numEnvs, AutoresetMode mode) {
        return kwargs.isEmpty() ? VectorEnvs.make(envId, numEnvs, mode) : VectorEnvs.sync(envId, kwargs, numEnvs, mode);
    }
}

"""Gymnasium's side of Bellman's Box2DEnvBench: steps per second of gym.make(id) with uniformly random actions
(precomputed), a reset after each episode end, no rendering, one process.

    source /work/shared/peers/bin/env.sh
    PYTHONPATH=$PEERS_PATH_GYM_HEAD $PY tools/bench/box2d_env_bench.py [STEPS]
"""
import sys
import time

import gymnasium as gym
import numpy as np

IDS = ["LunarLander-v3", "LunarLanderContinuous-v3", "BipedalWalker-v3", "BipedalWalkerHardcore-v3"]


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = np.random.default_rng(0)
    for env_id in IDS:
        env = gym.make(env_id)
        if env_id == "LunarLander-v3":
            actions = [int(a) for a in rng.integers(4, size=4096)]
        else:
            dims = 4 if env_id.startswith("Bipedal") else 2
            actions = list(rng.uniform(-1, 1, size=(4096, dims)).astype(np.float32))
        env.reset(seed=0)
        for i in range(2000):  # warm-up
            _, _, term, trunc, _ = env.step(actions[i % 4096])
            if term or trunc:
                env.reset()
        env.reset(seed=0)
        w0, c0 = time.perf_counter(), time.process_time()
        for i in range(steps):
            _, _, term, trunc, _ = env.step(actions[i % 4096])
            if term or trunc:
                env.reset()
        w1, c1 = time.perf_counter(), time.process_time()
        print(f"{env_id}: {steps / (w1 - w0):,.0f} steps/s wall, {steps / (c1 - c0):,.0f} steps/s process CPU "
              f"({steps} steps)")
        env.close()


if __name__ == "__main__":
    main()

"""Gymnasium's side of Bellman's CarRacingBench: steps per second of gym.make("CarRacing-v3") (the observation is the
96x96 rendering, so every step renders), continuous actions drawn uniformly from the action space (precomputed),
a reset after each episode end, one process.

    source /work/shared/peers/bin/env.sh
    PYTHONPATH=$PEERS_PATH_GYM_HEAD $PY tools/bench/carracing_bench.py [STEPS]
"""
import sys
import time

import gymnasium as gym
import numpy as np


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rng = np.random.default_rng(0)
    for continuous in (True, False):
        env = gym.make("CarRacing-v3", continuous=continuous)
        if continuous:
            actions = list(np.stack([rng.uniform(-1, 1, 4096), rng.uniform(0, 1, 4096), rng.uniform(0, 1, 4096)],
                                    axis=1).astype(np.float32))
        else:
            actions = [int(a) for a in rng.integers(5, size=4096)]
        env.reset(seed=0)
        for i in range(200):  # warm-up
            _, _, term, trunc, _ = env.step(actions[i % 4096])
            if term or trunc:
                env.reset()
        env.reset(seed=0)
        resets = 0
        w0, c0 = time.perf_counter(), time.process_time()
        for i in range(steps):
            _, _, term, trunc, _ = env.step(actions[i % 4096])
            if term or trunc:
                env.reset()
                resets += 1
        w1, c1 = time.perf_counter(), time.process_time()
        print(f"CarRacing-v3 continuous={continuous}: {steps / (w1 - w0):,.0f} steps/s wall, "
              f"{steps / (c1 - c0):,.0f} steps/s process CPU ({steps} steps, {resets} resets)")
        env.close()


if __name__ == "__main__":
    main()

"""Gymnasium's side of Bellman's Box2DEnvBench: steps per second of gym.make(id) with uniformly random actions
(precomputed), a reset after each episode end, no rendering, one process.

    source /work/shared/peers/bin/env.sh
    PYTHONPATH=$PEERS_PATH_GYM_HEAD $PY tools/bench/box2d_env_bench.py [STEPS] [--physics]

--physics also times pybox2d's b2World.Step (wrapped at class level with a perf_counter_ns timer, about 0.2 us a
call counted in it) and prints its share of the steps' wall time: how much of a Gymnasium step is compiled Box2D.
"""
import sys
import time

import Box2D
import gymnasium as gym
import numpy as np


def time_world_steps():
    """Wraps b2World.Step with a timer; returns [nanoseconds, calls], which the caller may reset."""
    step = Box2D.b2World.Step
    spent = [0, 0]

    def timed(world, *args):
        t = time.perf_counter_ns()
        out = step(world, *args)
        spent[0] += time.perf_counter_ns() - t
        spent[1] += 1
        return out

    Box2D.b2World.Step = timed
    return spent

IDS = ["LunarLander-v3", "LunarLanderContinuous-v3", "BipedalWalker-v3", "BipedalWalkerHardcore-v3"]


def main():
    args = [a for a in sys.argv[1:] if a != "--physics"]
    steps = int(args[0]) if args else 100_000
    spent = time_world_steps() if "--physics" in sys.argv[1:] else None
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
        if spent:
            spent[0] = spent[1] = 0
        w0, c0 = time.perf_counter(), time.process_time()
        for i in range(steps):
            _, _, term, trunc, _ = env.step(actions[i % 4096])
            if term or trunc:
                env.reset()
        w1, c1 = time.perf_counter(), time.process_time()
        print(f"{env_id}: {steps / (w1 - w0):,.0f} steps/s wall, {steps / (c1 - c0):,.0f} steps/s process CPU "
              f"({steps} steps)")
        if spent:
            print(f"  b2World.Step {spent[0] / spent[1] / 1000:.1f} us x {spent[1]} calls = "
                  f"{100 * spent[0] / 1e9 / (w1 - w0):.0f}% of the wall time")
        env.close()


if __name__ == "__main__":
    main()

"""How much of a Gymnasium Box2D step is the physics: the share of env.step's wall time spent in pybox2d's
b2World.Step (compiled Box2D), per id, with uniformly random actions (precomputed, as box2d_env_bench.py), a reset
after each episode end, no rendering. b2World.Step is wrapped at class level with a perf_counter_ns timer (about
0.2 us per call of overhead, counted in the Step share).

    source /work/shared/peers/bin/env.sh
    PYTHONPATH=$PEERS_PATH_GYM_HEAD $PY tools/bench/box2d_physics_share.py [STEPS]

Bellman's side of the same question is a JFR profile of Box2DEnvBench's work (docs in tools/bench/README.md).
"""
import sys
import time

import Box2D
import gymnasium as gym
import numpy as np

IDS = ["LunarLander-v3", "LunarLanderContinuous-v3", "BipedalWalker-v3"]


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    step = Box2D.b2World.Step
    spent = [0, 0]

    def timed(world, *args):
        t = time.perf_counter_ns()
        out = step(world, *args)
        spent[0] += time.perf_counter_ns() - t
        spent[1] += 1
        return out

    Box2D.b2World.Step = timed
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
        spent[0] = spent[1] = 0
        w0 = time.perf_counter_ns()
        for i in range(steps):
            _, _, term, trunc, _ = env.step(actions[i % 4096])
            if term or trunc:
                env.reset()
        wall = time.perf_counter_ns() - w0
        print(f"{env_id}: {wall / steps / 1000:.1f} us per step (wall, resets included); b2World.Step "
              f"{spent[0] / spent[1] / 1000:.1f} us x {spent[1]} calls = {100 * spent[0] / wall:.0f}% of the time")
        env.close()


if __name__ == "__main__":
    main()

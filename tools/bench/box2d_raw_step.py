"""Gymnasium's Box2D physics alone: process-CPU rate of the raw pybox2d world.Step(1/50, 6*30, 2*30) that
LunarLander-v3 and BipedalWalker-v3 call once per env step (C++ Box2D 2.3), over the first 50 steps after each of 40
seeded resets, no actions. A ceiling indicator for Box2DEnvBench ratios (see tools/bench/README.md).

    source /work/shared/peers/bin/env.sh
    PYTHONPATH=$PEERS_PATH_GYM_HEAD $PY tools/bench/box2d_raw_step.py
"""
import time, gymnasium as gym
for env_id in ["LunarLander-v3", "BipedalWalker-v3"]:
    env = gym.make(env_id); u = env.unwrapped
    tot = 0.0; n = 0
    for ep in range(40):
        env.reset(seed=ep)
        c0 = time.process_time()
        for i in range(50):
            u.world.Step(1.0 / 50, 6 * 30, 2 * 30)
        tot += time.process_time() - c0; n += 50
    print(f"{env_id}: raw world.Step {n / tot:,.0f} steps/s process CPU ({n} steps, 50 after each reset, no actions)")

#!/usr/bin/env python3
"""Records seeded Gymnasium episodes that Bellman's envs must reproduce exactly (GymnasiumConformanceTest).

Writes, under bellman-envs/src/test/resources/gymnasium/episodes/:
  <env id>.jsonl  one episode per line: the env id, its keyword arguments, the reset seed, the policy's name, the
                  reset observation, then per step the action, observation, reward, terminated and truncated, and
                  for classic control the float64 internal state after the step (env.unwrapped.state)
  libm_sincos.jsonl  arguments with NumPy's float64 np.sin/np.cos of them (glibc's libm on Linux), for GlibcTrigTest
  libm_pow2.jsonl  NumPy's float64 and float32 x ** 2 (glibc pow and powf, not always x * x), for GlibcPowTest
  np_choice.json  Generator.choice draws per seed, for NpRandomTest
  meta.json       the Gymnasium version and commit, the NumPy and Python versions, the platform

Episodes come from gymnasium.make(id, **kwargs) (TimeLimit included) under deterministic policies whose Box actions stay inside the
action space (Bellman rejects actions outside it where Gymnasium clips them), chosen to give long
episodes: a balancing controller for CartPole, energy pumping for the mountain cars and Acrobot, an energy-shaping
swing-up for Pendulum, fixed strategies for the toy-text envs. Each env has at least one episode that reaches its step
limit (truncated) where it has one. Floats are written with Python's repr, which round-trips exactly: observations
are float32 values written as the float64 that holds them.

Usage (Gymnasium from source, e.g. the mirrored git repository):
  git --git-dir=/work/.mirror/Farama-Foundation+Gymnasium/repo archive HEAD gymnasium | tar x -C /tmp/gymsrc
  python3 tools/reference/gym_episodes.py --gymnasium-src /tmp/gymsrc --commit $(git --git-dir=... rev-parse HEAD)
farama_notifications (imported by gymnasium/__init__.py) is stubbed in a temporary directory when it is missing.
"""
import argparse
import json
import os
import platform
import random
import sys
import tempfile

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "bellman-envs", "src", "test", "resources", "gymnasium",
                   "episodes")


def import_gymnasium(src):
    if src:
        sys.path.insert(0, os.path.abspath(src))
    try:
        import farama_notifications  # noqa: F401
    except ImportError:
        stub = tempfile.mkdtemp(prefix="farama_stub")
        with open(os.path.join(stub, "farama_notifications.py"), "w") as f:
            f.write("notifications = {}\n")
        sys.path.insert(0, stub)
    import gymnasium
    return gymnasium


def f32list(a):
    import numpy as np
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def obs_json(obs):
    import numpy as np
    if isinstance(obs, tuple):
        return [int(v) for v in obs]
    if isinstance(obs, (int, np.integer)):
        return int(obs)
    return f32list(obs)


# ---- policies: obs (as the env returned it), step index -> action -------------------------------------------------
def cartpole_lqr(o, t):
    x, v, th, w = (float(z) for z in o)
    return 1 if (th * 40.0 + w * 8.0 + x * 1.0 + v * 2.5) > 0 else 0


def cartpole_pole_x(o, t):
    # balances the pole but feeds the cart position back with the wrong sign: long episodes, some end at |x| > 2.4
    x, v, th, w = (float(z) for z in o)
    return 1 if (th + 0.25 * w + 0.3 * x) > 0 else 0


def mountaincar_pump(o, t):
    return 2 if float(o[1]) >= 0 else 0


def mountaincar_pump_late(o, t):
    return 1 if t < 40 else mountaincar_pump(o, t)


def mountaincar_idle(o, t):
    return 1


def mcc_pump(o, t):
    import numpy as np
    v = float(o[1])
    return np.array([np.clip(80.0 * v + 0.35 * np.sign(v), -1.0, 1.0)], dtype=np.float32)


def mcc_weak(o, t):
    import numpy as np
    v = float(o[1])
    return np.array([0.05 * np.sign(v) + 3.0 * v], dtype=np.float32)


def acrobot_pump(o, t):
    return 2 if float(o[4]) > 0 else 0


def acrobot_pump_both(o, t):
    return 2 if float(o[4]) + 0.3 * float(o[5]) > 0 else 0


def acrobot_idle(o, t):
    return 1


def pendulum_swing(o, t):
    import numpy as np
    c, s, w = (float(z) for z in o)
    th = np.arctan2(s, c)
    if c > 0.85:  # near the top: PD
        u = -12.0 * th - 2.0 * w
    else:  # energy shaping: E = 0.5 w^2 / 3 + 10 * (cos th - 1)... push along w toward E_top
        energy = w * w / 6.0 + 10.0 * (c - 1.0) / 2.0
        u = 2.0 * np.sign(w * c if abs(c) > 1e-3 else w) * (1.0 if energy < 0 else -0.3)
    return np.array([np.clip(u, -2.0, 2.0)], dtype=np.float32)


def pendulum_damp(o, t):
    import numpy as np
    c, s, w = (float(z) for z in o)
    return np.array([-0.7 * w + 0.1 * s], dtype=np.float32)


def blackjack_sab(o, t):
    player, dealer, ace = o
    return 1 if player < (17 if not ace else 18) else 0


def blackjack_hit_to_13(o, t):
    return 1 if o[0] < 13 else 0


def cliff_safe(o, t):
    # up to the top row, right along it, down the last column; slippery moves make it wander
    row, col = divmod(int(o), 12)
    if col == 11:
        return 2
    if row > 0:
        return 0
    return 1


def cliff_edge(o, t):
    row, col = divmod(int(o), 12)
    if row == 3 and col == 0:
        return 0
    if col == 11:
        return 2
    return 1 if row == 2 else 2


def cliff_lazy(o, t):
    return [0, 3][t % 2]  # never reaches the goal: walks into the top-left corner


def taxi_cycle(o, t):
    return [0, 1, 2, 3, 4, 5, 2, 2, 0, 0, 3][t % 11]


def taxi_random(seed):
    rng = random.Random(seed)
    return lambda o, t: rng.randrange(6)


def cartpole_wobble(o, t):
    # tracks a slowly swinging target angle, so the pole visits angles up to about 0.15 rad
    import math
    x, v, th, w = (float(z) for z in o)
    target = 0.12 * math.sin(t / 15.0) - 0.05 * x
    return 1 if (th - target) + 0.2 * w > 0 else 0


CLASSIC_IDS = {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"}
CLASSIC = False

# env id, kwargs, policy name, policy, seeds, max steps for envs without a limit
PLAN = [
    ("CartPole-v1", {}, "lqr", cartpole_lqr, [0, 1, 2, 3, 4, 5, 6, 7], None),
    ("CartPole-v1", {}, "pole_x", cartpole_pole_x, [10, 11, 12, 13, 14, 15, 16, 17], None),
    ("CartPole-v1", {}, "wobble", cartpole_wobble, [30, 31, 32, 33], None),
    ("CartPole-v1", {"sutton_barto_reward": True}, "pole_x", cartpole_pole_x, [12], None),
    ("MountainCar-v0", {}, "pump", mountaincar_pump, [0, 1, 2], None),
    ("MountainCar-v0", {}, "pump_late", mountaincar_pump_late, [3, 4], None),
    ("MountainCar-v0", {}, "idle", mountaincar_idle, [5], None),
    ("MountainCarContinuous-v0", {}, "pump", mcc_pump, [0, 1, 2], None),
    ("MountainCarContinuous-v0", {}, "weak", mcc_weak, [3], None),
    ("Acrobot-v1", {}, "pump", acrobot_pump, [0, 1, 2], None),
    ("Acrobot-v1", {}, "pump_both", acrobot_pump_both, [3, 4], None),
    ("Acrobot-v1", {}, "idle", acrobot_idle, [5], None),
    ("Pendulum-v1", {}, "swing_up", pendulum_swing, [0, 1, 2, 3], None),
    ("Pendulum-v1", {}, "damp", pendulum_damp, [4], None),
    ("Blackjack-v1", {}, "sab_threshold", blackjack_sab, list(range(0, 40)), None),
    ("Blackjack-v1", {"natural": True, "sab": False}, "hit_to_13", blackjack_hit_to_13, list(range(100, 300)), None),
    ("Blackjack-v1", {"natural": False, "sab": False}, "hit_to_13", blackjack_hit_to_13, list(range(200, 240)), None),
    ("CliffWalking-v1", {}, "safe", cliff_safe, [0], None),
    ("CliffWalking-v1", {}, "edge", cliff_edge, [1], None),
    ("CliffWalking-v1", {}, "lazy", cliff_lazy, [2], 60),
    ("CliffWalkingSlippery-v1", {}, "safe", cliff_safe, [0, 1, 2, 3, 4, 5], 400),
    ("CliffWalkingSlippery-v1", {}, "edge", cliff_edge, [6, 7], 400),
    ("Taxi-v4", {}, "cycle", taxi_cycle, [0, 1], None),
    ("Taxi-v4", {}, "random", None, [2, 3, 4], None),
    ("Taxi-v4", {"is_rainy": True}, "random", None, [5, 6, 7], None),
    ("Taxi-v4", {"is_rainy": True, "rainy_probability": 0.6}, "random", None, [8, 9], None),
]


def run_episode(gymnasium, env_id, kwargs, policy, seed, cap):
    global CLASSIC
    env = gymnasium.make(env_id, **kwargs)
    CLASSIC = env_id in CLASSIC_IDS
    obs, _ = env.reset(seed=seed)
    ep = {"env": env_id, "kwargs": kwargs, "seed": seed, "obs0": obs_json(obs), "actions": [], "obs": [],
          "rewards": [], "terminated": [], "truncated": []}
    t = 0
    while True:
        a = policy(obs, t)
        obs, r, term, trunc, _ = env.step(a)
        ep["actions"].append(f32list(a) if hasattr(a, "dtype") and a.ndim == 1 else int(a))
        ep["obs"].append(obs_json(obs))
        ep["rewards"].append(float(r))
        ep["terminated"].append(1 if term else 0)
        ep["truncated"].append(1 if trunc else 0)
        if CLASSIC:
            ep.setdefault("states", []).append([float(v) for v in env.unwrapped.state])
        t += 1
        if term or trunc or (cap is not None and t >= cap):
            break
    env.close()
    return ep


def sincos_cases():
    import numpy as np
    rng = random.Random(13)
    xs = []
    for lo, hi, n in [(-0.3, 0.3, 1500), (-1.0, 1.0, 500), (-4.0, 4.0, 1500), (-100.0, 100.0, 400),
                      (-1e7, 1e7, 100), (-1e-6, 1e-6, 50)]:
        xs += [rng.uniform(lo, hi) for _ in range(n)]
    xs += [0.0, -0.0, 1e-300, 0.126, -0.126, 0.85546875, -0.85546875, 2.426265, np.pi / 2, np.pi, 3 * 0.5236]
    a = np.array(xs, dtype=np.float64)
    return [{"x": float(x), "sin": float(s), "cos": float(c)} for x, s, c in zip(a, np.sin(a), np.cos(a))]


def pow2_cases():
    """float64 x ** 2 and float32 x ** 2 in NumPy (glibc pow and powf), which Acrobot and Pendulum use."""
    import numpy as np
    rng = random.Random(17)
    xs = [rng.uniform(-30.0, 30.0) for _ in range(3000)] + [rng.uniform(-1.0, 1.0) for _ in range(2000)]
    xs += [rng.uniform(-1e5, 1e5) for _ in range(200)] + [0.0, 1.0, -1.0, 1e-200, 3e150]
    fs = [np.float32(rng.uniform(-2.0, 2.0)) for _ in range(4000)] + [np.float32(rng.uniform(-100, 100)) for _ in range(500)]
    out = [{"x": float(x), "pow2": float(np.float64(x) ** 2)} for x in xs]
    out += [{"x32": float(f), "pow2": float(f ** 2)} for f in fs]
    return out


def choice_cases():
    """Generator.choice(a) on one-dimensional a, as Blackjack draws cards (13) and suits (4): the chosen indices."""
    import numpy as np
    sizes = [13, 13, 4, 3, 13, 2, 1, 1000003, 13, 5, 2**31 + 11, 13]
    cases = []
    for seed in [0, 1, 42, 2**33 + 7]:
        g = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
        draws = [[n, int(g.choice(np.arange(n)) if n < 10**6 else g.choice(n))] for n in sizes]
        cases.append({"seed": seed, "draws": draws})
    return cases


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--gymnasium-src", default=None, help="directory that holds the gymnasium package")
    p.add_argument("--commit", default="unknown", help="the Gymnasium git commit the sources came from")
    p.add_argument("--out", default=OUT)
    args = p.parse_args()
    gymnasium = import_gymnasium(args.gymnasium_src)
    import numpy as np
    os.makedirs(args.out, exist_ok=True)
    by_env = {}
    for env_id, kwargs, name, policy, seeds, cap in PLAN:
        for seed in seeds:
            pol = policy if policy is not None else taxi_random(seed)
            ep = run_episode(gymnasium, env_id, kwargs, pol, seed, cap)
            ep = {"env": ep.pop("env"), "kwargs": ep.pop("kwargs"), "seed": ep.pop("seed"), "policy": name, **ep}
            by_env.setdefault(env_id, []).append(ep)
    for env_id, eps in by_env.items():
        with open(os.path.join(args.out, env_id + ".jsonl"), "w") as f:
            for ep in eps:
                f.write(json.dumps(ep, separators=(",", ":")) + "\n")
        summary = [(len(e["actions"]), "T" if e["terminated"][-1] else ("t" if e["truncated"][-1] else "-"))
                   for e in eps]
        print(env_id, summary, file=sys.stderr)
    with open(os.path.join(args.out, "libm_sincos.jsonl"), "w") as f:
        for c in sincos_cases():
            f.write(json.dumps(c, separators=(",", ":")) + "\n")
    with open(os.path.join(args.out, "libm_pow2.jsonl"), "w") as f:
        for c in pow2_cases():
            f.write(json.dumps(c, separators=(",", ":")) + "\n")
    with open(os.path.join(args.out, "np_choice.json"), "w") as f:
        f.write(json.dumps({"numpy": np.__version__, "cases": choice_cases()}) + "\n")
    meta = {"gymnasium_version": gymnasium.__version__, "gymnasium_commit": args.commit, "numpy": np.__version__,
            "python": platform.python_version(), "platform": platform.platform(), "machine": platform.machine(),
            "libc": " ".join(platform.libc_ver())}
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        f.write(json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    main()

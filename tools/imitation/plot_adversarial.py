"""Learning curves of the runs tools/imitation/gail_figures.sh wrote, against the expert's and a random policy's return.

    python3 tools/imitation/plot_adversarial.py OUT_DIR EXPERT_CARTPOLE_RETURN [EXPERT_PENDULUM_RETURN]
For every run OUT_DIR/{gail,airl,ppo-on-airl-reward}-{cartpole,pendulum}-s*: the env's true episodic return
(charts/episodic_return; for the re-optimisation run that is the learned reward's, so its curve is the final true
evaluation only) as a mean over the last 20 episodes, against env steps; horizontal lines at the expert's return and at
the random policy's (OUT_DIR/random-ENV, written by 'bellman record --policy random', read by BELLMAN dataset info). Writes learning_curve_vs_expert.png
into each run directory and OUT_DIR/ALGO-ENV.png for all seeds together, and prints the final evaluations with the
normalised score (R - R_random) / (R_expert - R_random).
"""
import csv
import glob
import json
import os
import re
import subprocess
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

out = sys.argv[1]
expert = {"cartpole": float(sys.argv[2])}
if len(sys.argv) > 3:
    expert["pendulum"] = float(sys.argv[3])
env_ids = {"cartpole": "CartPole-v1", "pendulum": "Pendulum-v1"}


def random_return(env):
    bellman = os.environ.get("BELLMAN", "./bellman").split()
    info = subprocess.run(bellman + ["dataset", "info", os.path.join(out, "random-" + env_ids[env]), "--json"],
                          check=True, capture_output=True, text=True).stdout
    return json.loads(info)["return_mean"]


def curve(run):
    xs, ys, window = [], [], []
    with open(os.path.join(run, "metrics.csv")) as fh:
        for row in csv.DictReader(fh):
            v = row.get("charts/episodic_return")
            if v:
                window.append(float(v))
                window = window[-20:]
                xs.append(int(row["global_step"]))
                ys.append(sum(window) / len(window))
    return xs, ys


groups = {}
for d in sorted(glob.glob(os.path.join(out, "*-s[0-9]*"))):
    m = re.match(r".*/(gail|airl|ppo-on-airl-reward)-(cartpole|pendulum)-s(\d+)$", d)
    if m and os.path.isfile(os.path.join(d, "summary.json")):
        groups.setdefault((m.group(1), m.group(2)), []).append((int(m.group(3)), d))

for (algo, env), runs in sorted(groups.items()):
    if env not in expert:
        continue
    rnd = random_return(env)
    fig_all, ax_all = plt.subplots(figsize=(7, 4))
    for seed, d in runs:
        with open(os.path.join(d, "summary.json")) as fh:
            summ = json.load(fh)
        final = (summ.get("true_eval") or summ.get("eval") or {}).get("mean")
        score = (final - rnd) / (expert[env] - rnd)
        print(f"{algo} {env_ids[env]} seed {seed}: greedy return {final:.1f} over 100 episodes,"
              f" normalised score {score:.3f} (expert {expert[env]:.1f}, random {rnd:.1f}),"
              f" {summ['wall_time_s']} s")
        fig, ax = plt.subplots(figsize=(7, 4))
        for a in (ax, ax_all):
            if algo != "ppo-on-airl-reward":
                xs, ys = curve(d)
                a.plot(xs, ys, label=f"{algo} seed {seed} (true return, last 20 episodes)")
            a.axhline(expert[env], color="green", linestyle="--", label="expert" if a is ax or seed == runs[0][0] else None)
            a.axhline(rnd, color="red", linestyle=":", label="random" if a is ax or seed == runs[0][0] else None)
            a.scatter([summ["total_timesteps"]], [final], marker="*", s=80,
                      label=f"final greedy eval seed {seed}")
        ax.set_xlabel("env steps")
        ax.set_ylabel("return")
        ax.set_title(f"{algo} on {env_ids[env]}, seed {seed}")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(os.path.join(d, "learning_curve_vs_expert.png"), dpi=100)
        plt.close(fig)
    ax_all.set_xlabel("env steps")
    ax_all.set_ylabel("return")
    ax_all.set_title(f"{algo} on {env_ids[env]} from 10 expert episodes")
    ax_all.legend(fontsize=7)
    fig_all.tight_layout()
    fig_all.savefig(os.path.join(out, f"{algo}-{env}.png"), dpi=100)
    plt.close(fig_all)

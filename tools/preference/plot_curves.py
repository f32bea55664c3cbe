"""Curves of preference-learning runs: true episodic return against env steps and against labels used,
disagreement vs random queries, with the true-reward baseline. Reads the runs' metrics.csv files.

usage: $PY plot_curves.py OUT.png TITLE BASELINE_GLOB DISAGREEMENT_GLOB RANDOM_GLOB
"""
import csv
import glob
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def curves(run):
    """(steps, smoothed true return, labels used at that step) at each finished episode."""
    steps, rets, labels = [], [], []
    window = []
    used = 0.0
    with open(run + "/metrics.csv") as f:
        for row in csv.DictReader(f):
            if row.get("preference/labels_used"):
                used = float(row["preference/labels_used"])
            if row.get("charts/episodic_return"):
                window = (window + [float(row["charts/episodic_return"])])[-20:]
                steps.append(int(row["global_step"]))
                rets.append(sum(window) / len(window))
                labels.append(used)
    return np.array(steps), np.array(rets), np.array(labels)


def mean_on(grid, xs, ys):
    return np.mean([np.interp(grid, x, y) for x, y in zip(xs, ys)], axis=0)


def main():
    out, title, base, dis, rnd = sys.argv[1:6]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5))
    groups = [("true reward (baseline)", sorted(glob.glob(base)), "k"),
              ("preferences, disagreement queries", sorted(glob.glob(dis)), "tab:blue"),
              ("preferences, random queries", sorted(glob.glob(rnd)), "tab:orange")]
    for name, runs, colour in groups:
        runs = [r for r in runs if glob.os.path.isfile(r + "/metrics.csv")]
        if not runs:
            continue
        data = [curves(r) for r in runs]
        end = min(d[0][-1] for d in data)
        grid = np.linspace(0, end, 200)
        m = mean_on(grid, [d[0] for d in data], [d[1] for d in data])
        a1.plot(grid, m, color=colour, label=f"{name} ({len(runs)} seeds)")
        for d in data:
            a1.plot(d[0], d[1], color=colour, alpha=0.2, lw=0.8)
        if name.startswith("preferences"):
            for i, d in enumerate(data):
                a2.plot(d[2], d[1], color=colour, alpha=0.6, lw=1, label=name if i == 0 else None)
    a1.set_xlabel("env steps")
    a1.set_ylabel("true episodic return (last 20 episodes)")
    a1.legend(fontsize=8)
    a1.set_title(title)
    a2.set_xlabel("labels used (synthetic comparisons)")
    a2.set_ylabel("true episodic return (last 20 episodes)")
    a2.set_title("return against labels used (one line per seed)")
    a2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


if __name__ == "__main__":
    main()

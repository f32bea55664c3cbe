"""Plots return against expert labels for the runs tools/imitation/cartpole_figures.sh wrote, and prints the table.

    python3 tools/imitation/plot_labels.py OUT_DIR   ->  OUT_DIR/cartpole_return_vs_labels.png
BC points: the final greedy evaluation (100 episodes, summary.json) of BC from the first K demonstrated steps (K labels).
DAgger points: charts/greedy_return (10 greedy episodes after each round) against charts/expert_labels (metrics.csv).
"""
import csv
import glob
import json
import os
import re
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

out = sys.argv[1]
bc = {}
for d in glob.glob(os.path.join(out, "bc-k*-s*")):
    k, s = map(int, re.match(r".*bc-k(\d+)-s(\d+)$", d).groups())
    with open(os.path.join(d, "summary.json")) as fh:
        summ = json.load(fh)
    ev = summ.get("eval") or {}
    bc.setdefault(k, {})[s] = ev.get("mean", summ.get("eval_mean"))
dagger = {}
for d in glob.glob(os.path.join(out, "dagger-s*")):
    s = int(re.match(r".*dagger-s(\d+)$", d).group(1))
    pts = []
    with open(os.path.join(d, "metrics.csv")) as fh:
        for row in csv.DictReader(fh):
            if row.get("charts/greedy_return"):
                pts.append((float(row["charts/expert_labels"]), float(row["charts/greedy_return"])))
    dagger[s] = pts
plt.figure(figsize=(7, 4.5))
ks = sorted(bc)
for s in sorted({s for v in bc.values() for s in v}):
    plt.plot(ks, [bc[k].get(s) for k in ks], "o-", color="tab:blue", alpha=0.6,
             label="BC (first K expert steps)" if s == 1 else None)
for s, pts in sorted(dagger.items()):
    plt.plot([p[0] for p in pts], [p[1] for p in pts], "s-", color="tab:orange", alpha=0.6,
             label="DAgger (100 demo steps + queried labels)" if s == 1 else None)
plt.axhline(500, color="gray", ls="--", lw=0.8, label="expert (PPO) 500")
plt.axhline(22, color="gray", ls=":", lw=0.8, label="random ~22")
plt.xscale("log")
plt.xlabel("expert labels (state-action pairs)")
plt.ylabel("greedy return")
plt.title("CartPole-v1: return against expert labels, seeds 1-3")
plt.legend(loc="lower right", fontsize=8)
plt.tight_layout()
png = os.path.join(out, "cartpole_return_vs_labels.png")
plt.savefig(png, dpi=120)
print("BC: K -> greedy return per seed")
for k in ks:
    print(f"  {k:5d}  " + "  ".join(f"s{s}={bc[k][s]:.1f}" for s in sorted(bc[k])))
print("DAgger: (labels, greedy return) per round")
for s, pts in sorted(dagger.items()):
    print(f"  s{s}: " + " ".join(f"({int(l)},{r:.0f})" for l, r in pts))
print("wrote " + png)

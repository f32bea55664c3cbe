#!/usr/bin/env python3
"""Reference draws for the toy-text environments, computed with NumPy's Generator (PCG64 + SeedSequence).

Gymnasium seeds env.np_random (and generate_random_map's generator) with np.random.default_rng(seed). This script
records what such a generator yields under the two sampling rules the Java port must reproduce:

* random maps: choice(["F", "H"], (size, size), p=[p, 1 - p]) per board, corners set to S and G, boards redrawn until
  the goal is reachable from the start through non-hole tiles;
* categorical_sample: the first index where cumsum(probabilities) > one draw of random() (index 0 if none).

Run: /usr/bin/python3 tools/toytext_fixtures.py > bellman-envs/src/test/resources/toytext/fixtures.json
"""
import json
from collections import deque

import numpy as np


def reachable(board):
    n = len(board)
    seen = {(0, 0)}
    queue = deque([(0, 0)])
    while queue:
        r, c = queue.popleft()
        if board[r][c] == "G":
            return True
        for dr, dc in ((1, 0), (0, 1), (-1, 0), (0, -1)):
            rr, cc = r + dr, c + dc
            if 0 <= rr < n and 0 <= cc < n and (rr, cc) not in seen and board[rr][cc] != "H":
                seen.add((rr, cc))
                queue.append((rr, cc))
    return False


def random_map(size, p, seed):
    rng = np.random.default_rng(seed)
    while True:
        q = min(1.0, p)
        board = rng.choice(["F", "H"], (size, size), p=[q, 1 - q])
        board[0][0] = "S"
        board[-1][-1] = "G"
        if reachable(board):
            return ["".join(row) for row in board]


def categorical(probs, rng):
    return int(np.argmax(np.cumsum(np.asarray(probs)) > rng.random()))


def taxi_initial():
    d = np.zeros(500)
    for row in range(5):
        for col in range(5):
            for passenger in range(4):
                for dest in range(4):
                    if passenger != dest:
                        d[((row * 5 + col) * 5 + passenger) * 4 + dest] += 1
    return d / d.sum()


def main():
    maps = []
    for size, p, seed in [(8, 0.8, 42), (4, 0.8, 0), (6, 0.5, 7), (10, 0.7, 123), (5, 0.3, 2024)]:
        maps.append({"size": size, "p": p, "seed": seed, "map": random_map(size, p, seed)})
    d = taxi_initial()
    taxi = []
    for seed in range(20):
        rng = np.random.default_rng(seed)
        # a reset, then nine unseeded resets continuing the same stream
        taxi.append({"seed": seed, "states": [categorical(d, rng) for _ in range(10)]})
    # FrozenLake: the reset draw (start distribution of the 4x4 map), then ten slippery steps' outcome indices
    slippery = []
    start = np.zeros(16)
    start[0] = 1.0
    for seed in range(5):
        rng = np.random.default_rng(seed)
        assert categorical(start, rng) == 0
        slippery.append({"seed": seed, "indices": [categorical([1 / 3, 1 / 3, 1 / 3], rng) for _ in range(10)]})
    print(json.dumps({"numpy": np.__version__, "random_maps": maps, "taxi_resets": taxi,
                      "slippery_indices": slippery}, indent=1))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""PyTorch CPU timings of the LSTM workloads of bellman-bench's LstmTable (input 64, hidden 128):
  * one nn.LSTMCell step under no_grad at batch 1 and batch 32;
  * nn.LSTM over T = 16 steps at batch 32: forward and backward of sum(output * w) (gradients into the
    input and all parameters).
Median over 5 repeats of the mean time per call, wall clock and this thread's CPU time (time.thread_time).

Usage: $PY tools/bench/lstm_bench.py [threads]   (default 1; Bellman side: -Dbellman.threads=N)
"""
import sys
import time

import torch
import torch.nn as nn

from bench_timing import measure

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
torch.manual_seed(0)
I, H, T = 64, 128, 16


def timeit(fn):
    return measure(fn, warm_clock=time.thread_time, warm_seconds=2.0)


cell = nn.LSTMCell(I, H)
lstm = nn.LSTM(I, H)
r = lambda *s: torch.rand(*s) * 2 - 1
s1, s32 = (r(1, H), r(1, H)), (r(32, H), r(32, H))
x1, x32 = r(1, I), r(32, I)
xs, w = r(T, 32, I), r(T, 32, H)


def step(x, s):
    with torch.no_grad():
        cell(x, s)


def train():
    lstm.zero_grad()
    x = xs.clone().requires_grad_(True)
    (lstm(x)[0] * w).sum().backward()


print("torch %s, threads %d" % (torch.__version__, threads))
print("%44s %10s %10s" % ("workload", "wall µs", "cpu µs"))
for name, fn in [("LSTMCell(64,128) step, batch 1, no_grad", lambda: step(x1, s1)),
                 ("LSTMCell(64,128) step, batch 32, no_grad", lambda: step(x32, s32)),
                 ("LSTM(64,128) T=16 batch 32, fwd+bwd", train)]:
    wall, cpu = timeit(fn)
    print("%44s %10.2f %10.2f" % (name, wall * 1e6, cpu * 1e6))

#!/usr/bin/python3
"""PyTorch side of the AlphaZero tower benchmark (bellman-bench AlphaZeroTowerTable; issue 14).

The tower of tools/fixtures/make_alphazero_fixtures.py with 17 planes, 9x9 board, 6 residual
blocks x 64 channels, 82 actions, value hidden 256. Inference in eval mode under no_grad at batch 1
and 64; a training step at batch 256 in train mode: cross-entropy against soft policy targets plus
the value MSE, zero_grad, backward, plain SGD (lr 0.01). Warm-up of at least 2 calls and 3 s, then
5 repeats of a calibrated number of calls (>= 0.3 s each); medians of wall time and process CPU time
per call.

Usage: source /work/shared/peers/bin/env.sh; $PY tools/bench/alphazero_bench.py THREADS
"""
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from make_alphazero_fixtures import AlphaZeroTower  # noqa: E402
from bench_timing import measure  # noqa: E402


def bench(fn):
    """Median (wall ms, CPU ms) per call: process CPU time, or this thread's with CPU=thread in the environment."""
    clock = time.thread_time if os.environ.get("CPU") == "thread" else time.process_time
    wall, cpu = measure(fn, warm_clock=time.perf_counter, warm_seconds=3.0, min_warm_calls=2, cpu_clock=clock)
    return wall * 1e3, cpu * 1e3


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    actions = 82
    net = AlphaZeroTower(17, 9, 6, 64, actions, 256)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    planes = lambda n: (torch.rand(n, 17, 9, 9) < 0.3).float()
    x1, x64, x256 = planes(1), planes(64), planes(256)
    pi = torch.softmax(torch.randn(256, actions), 1)
    z = torch.rand(256) * 2 - 1

    def infer(x):
        net.eval()
        with torch.no_grad():
            net(x)

    def train_step():
        net.train()
        logits, value = net(x256)
        loss = -(pi * F.log_softmax(logits, 1)).sum(1).mean() + F.mse_loss(value.squeeze(1), z)
        opt.zero_grad()
        loss.backward()
        opt.step()

    print(f"torch {torch.__version__} AlphaZeroTower 17x9x9, 6 blocks x 64 channels; threads={torch.get_num_threads()}, "
          f"BLAS {'openblas' if 'openblas' in os.path.realpath('/etc/alternatives/libblas.so.3-x86_64-linux-gnu') else 'system'}, "
          f"mkldnn={torch.backends.mkldnn.is_available()}")
    print(f"{'workload':42s} {'wall ms':>12s} {'cpu ms':>12s}")
    for name, fn in (("inference (eval, no_grad), batch 1", lambda: infer(x1)),
                     ("inference (eval, no_grad), batch 64", lambda: infer(x64)),
                     ("train step (CE + MSE, SGD), batch 256", train_step)):
        w, c = bench(fn)
        print(f"{name:42s} {w:12.3f} {c:12.3f}")


if __name__ == "__main__":
    main()

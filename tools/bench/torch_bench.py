#!/usr/bin/python3
"""PyTorch CPU reference timings for bellman-bench (single thread).

Measures the same workloads as the JMH benchmarks in bellman-bench:
  * SGEMM C = A @ B (and A @ W^T, PyTorch's linear layout) for the GemmBench shapes;
  * an MLP 4-64-64-2 with tanh: forward at batch 1 (no_grad and with autograd),
    and a training step at batch 64 (forward, MSE, zero_grad, backward, Adam step);
  * the MinAtar CNN (N x 4 x 10 x 10 -> conv 3x3, 16 channels, stride 1 -> ReLU -> flatten ->
    linear 128 -> ReLU -> linear 6): training step at batch 32 with Adam and an MSE loss on the
    6 outputs.

Each figure is the median over several repeats of the mean time per call; both wall-clock time and
this thread's CPU time (time.thread_time) are reported, since the machine may be shared.

Usage: /usr/bin/python3 tools/bench/torch_bench.py [--quick]
Debian's python3-torch 1.13 is built with BLAS_INFO=generic and links the system libblas.so.3, which
is the slow netlib reference BLAS unless OpenBLAS provides it. For a fair baseline without changing
the system, unpack libopenblas0-pthread (apt-get download; dpkg -x) and run with
  OPENBLAS_NUM_THREADS=1 LD_LIBRARY_PATH=<dir>/usr/lib/x86_64-linux-gnu/openblas-pthread \
      /usr/bin/python3 tools/bench/torch_bench.py
"""
import sys
import time

import torch
import torch.nn as nn

from bench_timing import median

torch.set_num_threads(1)
torch.manual_seed(0)
QUICK = "--quick" in sys.argv


def timeit(fn, min_time=0.2, repeats=5):
    """Median over repeats of (wall seconds per call, cpu seconds per call)."""
    for _ in range(3):
        fn()
    # calibrate the number of calls per repeat
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= min_time / 4 or n >= 1 << 22:
            break
        n *= 2
    n = max(1, int(n * (min_time / max(dt, 1e-9))))
    return median(fn, n, time.thread_time, 3 if QUICK else repeats)


def gemm_rows():
    rows = []
    # (m, n, k, transB)
    shapes = [(64, 256, 64, False), (256, 256, 256, False), (32, 128, 1024, False),
              (1, 64, 4, False), (64, 64, 64, False), (32, 2, 64, False), (1, 64, 64, False),
              (64, 256, 64, True), (256, 256, 256, True), (32, 128, 1024, True),
              (1, 64, 4, True), (64, 64, 64, True), (32, 2, 64, True), (1, 64, 64, True)]
    for m, n, k, tb in shapes:
        a = torch.rand(m, k) * 2 - 1
        b = (torch.rand(n, k) * 2 - 1) if tb else (torch.rand(k, n) * 2 - 1)
        c = torch.empty(m, n)
        if tb:
            bt = b.t()
            fn = lambda a=a, bt=bt, c=c: torch.mm(a, bt, out=c)
        else:
            fn = lambda a=a, b=b, c=c: torch.mm(a, b, out=c)
        wall, cpu = timeit(fn)
        flops = 2.0 * m * n * k
        rows.append((f"{m}x{n}x{k}", "A·Bᵀ" if tb else "A·B", wall * 1e6, cpu * 1e6, flops / cpu / 1e9))
    return rows


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 2))

    def forward(self, x):
        return self.net(x)


class MinAtarCnn(nn.Module):
    def __init__(self, in_channels=4, num_actions=6):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, 16, kernel_size=3, stride=1)
        self.fc = nn.Linear(16 * 8 * 8, 128)
        self.out = nn.Linear(128, num_actions)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        x = torch.relu(self.fc(x.flatten(1)))
        return self.out(x)


def train_step_fn(model, x, target, lr=1e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), target)
        loss.backward()
        opt.step()
    return step


def blas_in_use():
    """Which BLAS shared library the process has mapped (Debian's torch uses the libblas.so.3
    alternative: netlib reference BLAS unless OpenBLAS is installed or put on LD_LIBRARY_PATH)."""
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    return ", ".join(sorted(libs)) or "unknown"


def main():
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    torch.mm(torch.rand(8, 8), torch.rand(8, 8))
    print(f"BLAS: {blas_in_use()}")
    print("\nSGEMM (torch.mm, out= preallocated)")
    print(f"{'shape m x n x k':>16} {'op':>6} {'wall µs':>10} {'cpu µs':>10} {'GFLOP/s(cpu)':>13}")
    for shape, op, wall, cpu, gf in gemm_rows():
        print(f"{shape:>16} {op:>6} {wall:10.2f} {cpu:10.2f} {gf:13.1f}")

    print("\nNetworks")
    print(f"{'workload':>44} {'wall µs':>10} {'cpu µs':>10}")
    mlp = Mlp()
    x1 = torch.rand(1, 4)
    with torch.no_grad():
        wall, cpu = timeit(lambda: mlp(x1))
    print(f"{'MLP 4-64-64-2 tanh forward, batch 1, no_grad':>44} {wall * 1e6:10.2f} {cpu * 1e6:10.2f}")
    wall, cpu = timeit(lambda: mlp(x1))
    print(f"{'MLP 4-64-64-2 tanh forward, batch 1, autograd':>44} {wall * 1e6:10.2f} {cpu * 1e6:10.2f}")
    x64, t64 = torch.rand(64, 4), torch.rand(64, 2)
    wall, cpu = timeit(train_step_fn(mlp, x64, t64))
    print(f"{'MLP train step (MSE, Adam), batch 64':>44} {wall * 1e6:10.2f} {cpu * 1e6:10.2f}")
    cnn = MinAtarCnn()
    x32, t32 = torch.rand(32, 4, 10, 10), torch.rand(32, 6)
    wall, cpu = timeit(train_step_fn(cnn, x32, t32))
    print(f"{'MinAtar CNN train step (MSE, Adam), batch 32':>44} {wall * 1e6:10.2f} {cpu * 1e6:10.2f}")
    with torch.no_grad():
        wall, cpu = timeit(lambda: cnn(x32[:1]))
    print(f"{'MinAtar CNN forward, batch 1, no_grad':>44} {wall * 1e6:10.2f} {cpu * 1e6:10.2f}")


if __name__ == "__main__":
    main()

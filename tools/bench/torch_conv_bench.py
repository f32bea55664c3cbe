#!/usr/bin/python3
"""PyTorch side of bellman-bench's ConvNetTable: the same convolutional workloads, names and shapes.

  * NatureCNN (CleanRL's: conv 8x8/4 32, conv 4x4/2 64, conv 3x3/1 64, linear 3136->512, ReLUs; input
    4x84x84 pixel values as floats, divided by 255 inside): forward at batch 1 and 32 under no_grad, and a
    train step at batch 32 with a linear head of 6 actions (MSE against a fixed target, zero_grad,
    backward, Adam);
  * the MinAtar net (conv 3x3 16, linear 1024->128, head 6; input 4x10x10): train step at batch 32 and
    forward at batch 1.

Wall-clock and this thread's CPU µs per call, median of 5 repeats (after a warm-up of about 2 s).
Usage: /usr/bin/python3 tools/bench/torch_conv_bench.py [--threads N] [name filter]
(torch.set_num_threads(N); Debian's torch 1.13 uses OpenBLAS through libblas.so.3 and oneDNN for convolutions).
"""
import sys
import time

import torch
import torch.nn as nn

from bench_timing import measure
from torch_bench import MinAtarCnn, blas_in_use, train_step_fn

args = [a for a in sys.argv[1:]]
threads = 1
if "--threads" in args:
    i = args.index("--threads")
    threads = int(args[i + 1])
    del args[i:i + 2]
ONLY = args[0] if args else None
torch.set_num_threads(threads)
torch.manual_seed(0)


class NatureCnn(nn.Module):
    def __init__(self, num_actions=6):
        super().__init__()
        self.network = nn.Sequential(
            nn.Conv2d(4, 32, 8, stride=4), nn.ReLU(), nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),
            nn.Conv2d(64, 64, 3, stride=1), nn.ReLU(), nn.Flatten(), nn.Linear(3136, 512), nn.ReLU())
        self.head = nn.Linear(512, num_actions)

    def forward(self, x):
        return self.head(self.network(x / 255.0))


def timeit(fn):
    return measure(fn, warm_clock=time.perf_counter, warm_seconds=2.0)


def no_grad(model, x):
    def f():
        with torch.no_grad():
            model(x)
    return f


def main():
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")
    torch.mm(torch.rand(8, 8), torch.rand(8, 8))
    print(f"BLAS: {blas_in_use()}, oneDNN: {torch.backends.mkldnn.is_available()}")
    nature, minatar = NatureCnn(), MinAtarCnn()
    n32, n1 = torch.randint(0, 256, (32, 4, 84, 84)).float(), torch.randint(0, 256, (1, 4, 84, 84)).float()
    m32, m1 = torch.rand(32, 4, 10, 10), torch.rand(1, 4, 10, 10)
    work = {
        "NatureCNN forward, batch 1, no_grad": no_grad(nature, n1),
        "NatureCNN forward, batch 32, no_grad": no_grad(nature, n32),
        "NatureCNN train step (MSE, Adam), batch 32": train_step_fn(nature, n32, torch.rand(32, 6)),
        "MinAtar CNN train step (MSE, Adam), batch 32": train_step_fn(minatar, m32, torch.rand(32, 6)),
        "MinAtar CNN forward, batch 1, no_grad": no_grad(minatar, m1),
    }
    print(f"{'workload':>46} {'wall µs':>10} {'cpu µs':>10}")
    for name, fn in work.items():
        if ONLY and ONLY not in name:
            continue
        wall, cpu = timeit(fn)
        print(f"{name:>46} {wall * 1e6:10.2f} {cpu * 1e6:10.2f}")


if __name__ == "__main__":
    main()

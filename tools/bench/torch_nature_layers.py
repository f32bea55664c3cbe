#!/usr/bin/python3
"""PyTorch side of bellman-bench's NatureCnnLayers: NatureCNN's no-grad forward layer by layer at batch N.

Each layer alone on the previous layer's output (the first on x / 255, the division included, as Bellman's first
convolution divides as it reads), then the whole torso, the torso with a linear head of 6 at batch 1, and a train step
at batch N (MSE against a fixed target, zero_grad, backward, Adam); this thread's CPU µs per call, min and median of 7 repeats
of about 0.2 s after a 1-s warm-up. Usage: /usr/bin/python3 tools/bench/torch_nature_layers.py [--threads N] [batch]
"""
import sys
import time

import torch
import torch.nn as nn

args = sys.argv[1:]
threads = 1
if "--threads" in args:
    i = args.index("--threads")
    threads = int(args[i + 1])
    del args[i:i + 2]
n = int(args[0]) if args else 32
torch.set_num_threads(threads)
torch.manual_seed(0)


def time_it(fn):
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 1.0:
        fn()
    res = []
    for _ in range(7):
        calls, c0 = 0, time.thread_time()
        while time.thread_time() - c0 < 0.2:
            fn()
            calls += 1
        res.append((time.thread_time() - c0) / calls * 1e6)
    res.sort()
    return res[0], res[3]


def main():
    print(f"torch {torch.__version__} NatureCNN layers, batch {n}, threads {torch.get_num_threads()}, "
          f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} (this thread's CPU µs: min, median)")
    layers = [nn.Conv2d(4, 32, 8, stride=4), nn.ReLU(), nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),
              nn.Conv2d(64, 64, 3, stride=1), nn.ReLU(), nn.Flatten(), nn.Linear(3136, 512), nn.ReLU()]
    names = ["conv1 4->32 8x8/4 (x/255)", "relu", "conv2 32->64 4x4/2", "relu", "conv3 64->64 3x3/1", "relu",
             "flatten", "linear 3136->512", "relu"]
    net = nn.Sequential(*layers)
    x = torch.randint(0, 256, (n, 4, 84, 84)).float()
    with torch.no_grad():
        ins = [x]
        h = layers[0](x / 255.0)
        ins.append(h)
        for layer in layers[1:]:
            h = layer(h)
            ins.append(h)
        total = 0.0
        for i, layer in enumerate(layers):
            fn = (lambda: layers[0](x / 255.0)) if i == 0 else (lambda l=layer, a=ins[i]: l(a))
            mn, med = time_it(fn)
            total += mn
            print(f"{names[i]:>28} {mn:10.1f} {med:10.1f}")
        mn, med = time_it(lambda: net(x / 255.0))
        print(f"{'whole torso':>28} {mn:10.1f} {med:10.1f}   (sum of layer mins {total:.1f})")
        with_head = nn.Sequential(net, nn.Linear(512, 6))
        x1 = x[:1].clone()
        mn, med = time_it(lambda: with_head(x1 / 255.0))
        print(f"{'torso + head, batch 1':>28} {mn:10.1f} {med:10.1f}")
    target = torch.rand(n, 6)
    adam = torch.optim.Adam(with_head.parameters(), lr=1e-3)

    def step():
        adam.zero_grad()
        nn.functional.mse_loss(with_head(x / 255.0), target).backward()
        adam.step()
    mn, med = time_it(step)
    print(f"{'train step (MSE, Adam)':>28} {mn:10.1f} {med:10.1f}")


if __name__ == "__main__":
    main()

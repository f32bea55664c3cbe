"""Timing protocol shared by the PyTorch bench scripts in this folder (the Python twin of bellman-bench's
Timing): warm a workload up, calibrate a count of calls, time repeats of that count and keep the medians.

The scripts import it as a sibling module; running a script as `python tools/bench/<script>.py` puts this
folder on sys.path.
"""
import time


def warm_up(fn, clock=time.perf_counter, seconds=2.0, min_calls=0):
    """Calls fn at least min_calls times and until clock has advanced by seconds."""
    start, i = clock(), 0
    while i < min_calls or clock() - start < seconds:
        fn()
        i += 1


def calls_for(fn, seconds=0.3):
    """The number of calls of fn that fit in seconds of wall time (at least one)."""
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        fn()
        n += 1
    return n


def median(fn, n, cpu_clock=time.thread_time, repeats=5):
    """Times repeats of n calls of fn; the medians of (wall seconds per call, cpu seconds per call)."""
    walls, cpus = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), cpu_clock()
        for _ in range(n):
            fn()
        walls.append((time.perf_counter() - w0) / n)
        cpus.append((cpu_clock() - c0) / n)
    walls.sort()
    cpus.sort()
    return walls[repeats // 2], cpus[repeats // 2]


def measure(fn, warm_clock=time.perf_counter, warm_seconds=2.0, min_warm_calls=0, cpu_clock=time.thread_time,
            target=0.3, repeats=5):
    """warm_up, then calls_for(target), then median: (wall seconds per call, cpu seconds per call)."""
    warm_up(fn, warm_clock, warm_seconds, min_warm_calls)
    return median(fn, calls_for(fn, target), cpu_clock, repeats)

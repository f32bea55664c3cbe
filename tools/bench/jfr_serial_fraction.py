#!/usr/bin/env python3
"""Share of a one-thread run's main-thread CPU samples spent inside Parallel.forEachTask (work the kernel threads can
split) and outside it (serial), from JFR's CPU-time sampler, and the ideal two-thread time as a fraction of the
one-thread time, (serial + parallel / 2) / total. The first 30 % of the samples (warm-up) are dropped.

Record and convert (JDK 25):
  java --add-modules jdk.incubator.vector -Dbellman.threads=1 \
    -XX:StartFlightRecording=filename=rec.jfr,settings=profile,+jdk.CPUTimeSample#enabled=true,+jdk.CPUTimeSample#throttle=2ms \
    -cp bellman-bench/target/benchmarks.jar dev.bellman.bench.AlphaZeroTowerTable
  jfr print --json --stack-depth 40 --events jdk.CPUTimeSample rec.jfr > rec.json
  python3 tools/bench/jfr_serial_fraction.py rec.json
"""
import collections
import json
import sys

for path in sys.argv[1:]:
    events = json.load(open(path))['recording']['events']
    events.sort(key=lambda e: e['values']['startTime'])
    events = events[int(len(events) * 0.3):]
    par = ser = 0
    serial = collections.Counter()
    for e in events:
        v = e['values']
        st = v.get('stackTrace')
        thread = (v.get('eventThread') or v.get('sampledThread') or {}).get('javaName')
        if not st or thread != 'main':
            continue
        names = [f['method']['type']['name'].split('/')[-1] + '.' + f['method']['name'] for f in st['frames']]
        if any(n.startswith(('Parallel.forEachTask', 'Parallel$Job')) for n in names):
            par += 1
        else:
            ser += 1
            serial[' < '.join([n for n in names if 'Lambda' not in n][:2])] += 1
    total = par + ser
    print('%s: main-thread samples %d, in Parallel tasks %.1f %%, serial %.1f %%, ideal 2-thread / 1-thread time %.3f'
          % (path, total, 100 * par / total, 100 * ser / total, (ser + par / 2) / total))
    for k, n in serial.most_common(8):
        print('   %5d %5.1f %%  %s' % (n, 100 * n / total, k))

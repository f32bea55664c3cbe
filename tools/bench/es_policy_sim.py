"""Re-simulates saved OpenAI-ES Pendulum-v1 policies (tools/bench/README.md, the es3 runs).

Usage: $PY tools/bench/es_policy_sim.py RUN/model/policy.safetensors [more policies ...] [--episodes]

For each policy (a bellman flat policy: tanh MLP, tanh-squashed Box output, observation normalisation as saved),
prints the mean return from 36 start states (angles every 30 degrees, velocities -1/0/1) and how many of them end
upright (|angle| < 0.1 at step 200), then the mean return over 40 random Gymnasium-style starts with Gaussian noise of
std 0, 0.1, 0.3 and 1 added to the raw output before the squash. --episodes lists every start state's episode.
Pendulum dynamics as Gymnasium's Pendulum-v1 (g 10, m 1, l 1, dt 0.05, speed clipped to 8, torque to 2), in float64.
"""
import json
import struct
import sys

import numpy as np


def load(path):
    raw = open(path, 'rb').read()
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]

    def tensor(name):
        lo, hi = header[name]['data_offsets']
        return np.frombuffer(data[lo:hi], dtype=np.float32).astype(np.float64)

    meta = header['__metadata__']
    assert meta['tanh_output'] == 'true' and meta['bias'] == 'true', meta
    widths = [int(meta['obs_size'])] + json.loads(meta['hidden']) + [int(meta['action_size'])]
    params, layers, off = tensor('params'), [], 0
    for i in range(len(widths) - 1):
        w = params[off:off + widths[i + 1] * widths[i]].reshape(widths[i + 1], widths[i])
        off += widths[i + 1] * widths[i]
        b = params[off:off + widths[i + 1]]
        off += widths[i + 1]
        layers.append((w, b))
    mean, scale, clip = tensor('obs_mean'), tensor('obs_scale'), float(meta['obs_clip'])
    high = float(json.loads(meta['action_high'])[0])

    def act(obs, noise=0.0):
        h = np.clip((obs - mean) * scale, -clip, clip)
        for i, (w, b) in enumerate(layers):
            h = w @ h + b
            if i + 1 < len(layers):
                h = np.tanh(h)
        return high * np.tanh(h[0] + noise)  # low + (tanh + 1) / 2 (high - low) with low = -high

    return act


def episode(act, th, thdot, noise_std=0.0, rng=None):
    ret = 0.0
    for _ in range(200):
        u = act(np.array([np.cos(th), np.sin(th), thdot]), noise_std * rng.standard_normal() if noise_std else 0.0)
        angle = (th + np.pi) % (2 * np.pi) - np.pi
        ret -= angle ** 2 + 0.1 * thdot ** 2 + 0.001 * u ** 2
        thdot = np.clip(thdot + (15.0 * np.sin(th) + 3.0 * u) * 0.05, -8, 8)
        th = th + thdot * 0.05
    return ret, (th + np.pi) % (2 * np.pi) - np.pi


def main(args):
    verbose = '--episodes' in args
    for path in [a for a in args if a != '--episodes']:
        act = load(path)
        returns, upright = [], 0
        for th0 in np.linspace(-np.pi, np.pi, 13)[:-1]:
            for v0 in (-1.0, 0.0, 1.0):
                r, end = episode(act, th0, v0)
                returns.append(r)
                upright += abs(end) < 0.1
                if verbose:
                    print(f'  start angle {th0:+.2f} velocity {v0:+.0f}: return {r:8.1f}, final angle {end:+.2f}')
        noisy = []
        for std in (0.0, 0.1, 0.3, 1.0):
            rng, starts = np.random.default_rng(1), np.random.default_rng(2)
            noisy.append(np.mean([episode(act, starts.uniform(-np.pi, np.pi), starts.uniform(-1, 1), std, rng)[0]
                                  for _ in range(40)]))
        print(f'{path}: 36 starts mean {np.mean(returns):.1f}, worst {min(returns):.1f}, upright at the end {upright}/36;'
              f' 40 random starts with output noise 0/0.1/0.3/1: ' + ' / '.join(f'{x:.0f}' for x in noisy))


if __name__ == '__main__':
    main(sys.argv[1:])

"""Prints an AIRL run's learned state-only reward g on Pendulum-v1 over a grid of angle and angular velocity, and where
it peaks (README.md, AIRL third pass). Reads RUN/model/reward.safetensors (g: Linear-ReLU-Linear-ReLU-Linear on the
raw observation (cos theta, sin theta, theta_dot)) with NumPy only.
    python reward_grid.py RUN_DIR
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
    w = {}
    for k, v in header.items():
        if k == '__metadata__':
            continue
        s, e = v['data_offsets']
        w[k] = np.frombuffer(data[s:e], dtype=np.float32).reshape(v['shape'])
    return w


def g(w, x):
    a = np.maximum(x @ w['l1.weight'].T + w['l1.bias'], 0)
    a = np.maximum(a @ w['l2.weight'].T + w['l2.bias'], 0)
    return (a @ w['l3.weight'].T + w['l3.bias'])[:, 0]


w = load(sys.argv[1] + '/model/reward.safetensors')
theta = np.linspace(-np.pi, np.pi, 13)
theta_dot = np.linspace(-8, 8, 9)
T, D = np.meshgrid(theta, theta_dot, indexing='ij')
G = g(w, np.stack([np.cos(T).ravel(), np.sin(T).ravel(), D.ravel()], 1)).reshape(T.shape)
np.set_printoptions(precision=1, suppress=True, linewidth=200)
print('rows: theta', np.round(theta, 2))
print('columns: theta_dot', theta_dot)
print(G)
i = np.unravel_index(G.argmax(), G.shape)
print('max %.2f at theta %.2f, theta_dot %.1f; upright at rest %.2f'
      % (G.max(), theta[i[0]], theta_dot[i[1]], g(w, np.array([[1.0, 0.0, 0.0]], dtype=np.float32))[0]))

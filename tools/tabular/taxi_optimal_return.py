# Independent check: optimal expected undiscounted return of Taxi-v3 (Gymnasium map), by BFS shortest paths.
# Run: python3 tools/tabular/taxi_optimal_return.py   (prints: 300 7.93)
# Initial states as Gymnasium: taxi anywhere (25), passenger at one of 4 locations, destination another (x3).
from collections import deque
MAP = ["+---------+",
       "|R: | : :G|",
       "| : | : : |",
       "| : : : : |",
       "| | : | : |",
       "|Y| : |B: |",
       "+---------+"]
locs = [(0,0),(0,4),(4,0),(4,3)]
def nbrs(r,c):
    out=[]
    if r<4: out.append((r+1,c))
    if r>0: out.append((r-1,c))
    if c<4 and MAP[1+r][2*c+2]==":": out.append((r,c+1))
    if c>0 and MAP[1+r][2*c]==":": out.append((r,c-1))
    return out
def dist(src):
    d={src:0}; q=deque([src])
    while q:
        u=q.popleft()
        for v in nbrs(*u):
            if v not in d: d[v]=d[u]+1; q.append(v)
    return d
D={p:dist(p) for p in locs}
tot=0;n=0
for r in range(5):
  for c in range(5):
    for p in range(4):
      for de in range(4):
        if p==de: continue
        moves=D[locs[p]][(r,c)]+D[locs[p]][locs[de]]
        ret=-(moves+1)+20   # moves and pickup cost -1 each, drop-off gives +20
        tot+=ret;n+=1
print(n, tot/n)

#!/usr/bin/env python3
"""Writes a random river network as CSV (reach_id, next_down,
next_down_minor, length_km, local_area_km2) on stdout.

Topology: a critical Galton-Watson tree (each reach has 0, 1 or 2 upstream
reaches with probabilities 0.35, 0.30, 0.35): Shreve's random topology model
with some reaches that end without a confluence.  Conditioned on exactly N
reaches (cycle lemma), its depth grows like sqrt(N): a few thousand reaches
for N = 1 000 000.  DIVERGENCES reaches get a minor path to a reach shortly
before them in preorder (never upstream of them, so no cycle).  Reach ids are
a random permutation, so they say nothing about the topology.

usage: network_gen.py N [DIVERGENCES] [SEED]
"""
import random
import sys


def main():
    n = int(sys.argv[1])
    ndiv = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)

    kids = rng.choices((0, 1, 2), weights=(0.35, 0.30, 0.35), k=n)
    # a tree of n reaches has n - 1 links
    excess = sum(kids) - (n - 1)
    while excess != 0:
        i = rng.randrange(n)
        if excess > 0 and kids[i] > 0:
            kids[i] -= 1
            excess -= 1
        elif excess < 0 and kids[i] < 2:
            kids[i] += 1
            excess += 1
    # cycle lemma: start just after the first minimum of the walk
    s, low, at = 0, 1, 0
    for i, c in enumerate(kids):
        s += c - 1
        if s < low:
            low, at = s, i + 1
    kids = kids[at:] + kids[:at]

    # preorder: the parent of reach i is the innermost reach still open
    parent = [-1] * n
    left = kids[:]
    stack = []
    for i in range(n):
        if stack:
            p = stack[-1]
            parent[i] = p
            left[p] -= 1
            if left[p] == 0:
                stack.pop()
        if kids[i] > 0:
            stack.append(i)

    minor = [-1] * n
    for _ in range(ndiv):
        x = rng.randrange(1, n)
        m = x - rng.randint(2, 2000)
        if m >= 0 and m != parent[x] and minor[x] < 0:
            minor[x] = m

    ids = list(range(1, n + 1))
    rng.shuffle(ids)
    out = sys.stdout
    rows = []
    for i in range(n):
        rows.append((ids[i],
                     "" if parent[i] < 0 else str(ids[parent[i]]),
                     "" if minor[i] < 0 else str(ids[minor[i]]),
                     "%.3f" % rng.uniform(0.2, 3.0),
                     "%.4f" % rng.uniform(0.1, 5.0)))
    rows.sort()
    for r in rows:
        out.write("%d,%s,%s,%s,%s\n" % r)


if __name__ == "__main__":
    main()

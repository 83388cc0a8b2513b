#!/usr/bin/python3
"""Exits 0 when two HDF5 files hold the same groups, datasets and attributes,
value for value (NaN equal to NaN), else prints the first differences and
exits 1.

Provenance that legitimately differs between runs of the same work is left
out: the root attributes mpi_ranks (the number of ranks), threads (shared
between ranks) and command_line
(which names the output file), and the calibration
timings /diagnostics/seconds. --ignore adds more names (attribute names, or
dataset paths starting with /).

usage: same_h5.py A.h5 B.h5 [--ignore NAME]...
"""
import sys

import h5py
import numpy as np

IGNORED = {"mpi_ranks", "threads", "command_line", "/diagnostics/seconds"}


def same_values(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
        return False
    if a.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.array_equal(a, b))


def walk(file):
    """Every object's path, with its kind and attributes."""
    items = {"/": file}
    file.visititems(lambda name, obj: items.__setitem__("/" + name, obj))
    return items


def main(argv):
    paths = [a for a in argv if not a.startswith("--")]
    ignored = set(IGNORED)
    for i, arg in enumerate(argv):
        if arg == "--ignore":
            ignored.add(argv[i + 1])
            paths.remove(argv[i + 1])
    if len(paths) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems = []
    with h5py.File(paths[0], "r") as fa, h5py.File(paths[1], "r") as fb:
        a, b = walk(fa), walk(fb)
        for path in sorted(set(a) | set(b)):
            if path in ignored:
                continue
            if path not in a or path not in b:
                problems.append(f"{path}: only in {'B' if path not in a else 'A'}")
                continue
            oa, ob = a[path], b[path]
            if isinstance(oa, h5py.Dataset) != isinstance(ob, h5py.Dataset):
                problems.append(f"{path}: a dataset in one file only")
                continue
            if isinstance(oa, h5py.Dataset) and not same_values(oa[()], ob[()]):
                problems.append(f"{path}: values differ")
            for name in sorted(set(oa.attrs) | set(ob.attrs)):
                if name in ignored:
                    continue
                if name not in oa.attrs or name not in ob.attrs:
                    problems.append(f"{path} @{name}: only in one file")
                elif not same_values(oa.attrs[name], ob.attrs[name]):
                    problems.append(f"{path} @{name}: differs")
    for problem in problems[:20]:
        print(f"{paths[0]} vs {paths[1]}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
"""Read a wfsim results file with h5py: the example from the README.

Usage: /usr/bin/python3 tools/read_results.py results/baseline.h5
Prints the provenance, the ensemble mean of a few series at the last week,
and the final agent table's size. Exits non-zero if the file is incomplete
or does not follow the results layout.
"""
import sys

import h5py
import numpy as np


def main(path):
    with h5py.File(path, "r") as f:
        print(f"{path}: wfsim {f.attrs['wfsim_version']}, seed {f.attrs['seed']}, "
              f"{f.attrs['replicates']} replicates x {f.attrs['weeks']} weeks, "
              f"complete={f.attrs['complete']}")
        weeks = int(f.attrs["weeks"])
        for metric in ("headcount", "vacancies", "agency_share", "burnout_mean"):
            series = f["series"][metric][...]          # [replicates, weeks + 1]
            assert series.shape == (f.attrs["replicates"], weeks + 1), series.shape
            print(f"  {metric:<14} week {weeks}: mean {np.nanmean(series[:, -1]):.3f}")
        for item in f["series/uptake"]:
            print(f"  uptake/{item}: {np.nanmean(f['series/uptake'][item][:, -1]):.3f}")
        for org in f["orgs"]:
            print(f"  org {org}: headcount {np.nanmean(f['orgs'][org]['series/headcount'][:, -1]):.1f}")
        agents = f["agents/final"]
        roles = [r.decode() if isinstance(r, bytes) else r for r in agents["role"][...]]
        print(f"  final agents: {len(agents['id'])}, of whom {roles.count('team_manager')} team managers")
        # The scenario that produced the file, fully resolved, ready to rerun.
        assert f.attrs["scenario"].startswith("name:")
        return 0 if f.attrs["complete"] == 1 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "results/baseline.h5"))

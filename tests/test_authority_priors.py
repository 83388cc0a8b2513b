#!/usr/bin/python3
"""tools/authority_priors.py: an authority's fitted traits become priors that
`wfsim compare --uncertainty` accepts beside the assumed parameters' priors.
Each prior is lognormal with median the fitted estimate and the fit's
log-scale sd (narrowed only where six sds would pass the trait's maximum);
an unknown authority exits 2; a comparison of the authority's scenario with
both priors files runs and records a draw of every trait per pair.

  test_authority_priors.py SOURCE_DIR WFSIM
"""
import csv
import math
import pathlib
import re
import subprocess
import sys
import tempfile

import h5py

source = pathlib.Path(sys.argv[1])
wfsim = sys.argv[2]
tool = source / "tools/authority_priors.py"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


with open(source / "experiments/england_fit/posterior.csv", newline="") as f:
    fitted = {row["parameter"]: row for row in csv.DictReader(f) if row["la_code"] == "E08000035"}

with tempfile.TemporaryDirectory() as work:
    work = pathlib.Path(work)
    priors = work / "leeds_priors.yaml"
    done = subprocess.run([sys.executable, tool, "Leeds", "-o", priors], capture_output=True,
                          text=True)
    check(done.returncode == 0, f"Leeds: exit {done.returncode}: {done.stderr}")
    text = priors.read_text()
    for parameter, row in fitted.items():
        found = re.search(r"organisations\.0\.parameters\." + re.escape(parameter) +
                          r":\s*\{dist: lognormal, meanlog: (\S+), sdlog: ([^,]+),", text)
        check(found is not None, f"no lognormal prior for {parameter}")
        if not found:
            continue
        meanlog, sdlog = float(found.group(1)), float(found.group(2))
        check(abs(meanlog - math.log(float(row["estimate"]))) < 1e-5,
              f"{parameter}: meanlog {meanlog} is not log({row['estimate']})")
        # The fit's sd, narrowed to a sixth of the distance to the maximum
        # (1 for every trait but fill_time_multiplier's 100) where that is less.
        maximum = 100.0 if parameter == "recruitment.fill_time_multiplier" else 1.0
        expected = min(float(row["log_sd"]), (math.log(maximum) - meanlog) / 6)
        check(abs(sdlog - expected) < 1e-3 * expected,
              f"{parameter}: sdlog {sdlog}, expected {expected}")

    unknown = subprocess.run([sys.executable, tool, "Narnia", "-o", work / "x.yaml"],
                             capture_output=True, text=True)
    check(unknown.returncode == 2, f"unknown authority: exit {unknown.returncode}")
    check(not (work / "x.yaml").exists(), "unknown authority: a file was written")

    subprocess.run([wfsim, "population", "--authority", "Leeds", "--base",
                    source / "scenarios/england.yaml", "-o", work / "leeds.yaml"], check=True,
                   capture_output=True)
    (work / "leeds_flexitime.yaml").write_text(
        "extends: leeds.yaml\nname: leeds_flexitime\ninterventions:\n"
        "  - {type: flexitime, start_week: 0, target: {share: 0.5}, "
        "parameters: {nine_day_fortnight: true}}\n")
    compare = subprocess.run(
        [wfsim, "compare", work / "leeds.yaml", work / "leeds_flexitime.yaml", "--replicates", "3",
         "--weeks", "4", "--uncertainty", source / "experiments/assumed_priors.yaml",
         "--uncertainty", priors, "-o", work / "c.h5"], capture_output=True, text=True)
    check(compare.returncode == 0, f"compare: exit {compare.returncode}: {compare.stderr}")
    if compare.returncode == 0:
        with h5py.File(work / "c.h5") as f:
            for parameter in fitted:
                path = "uncertainty/draws/organisations.0.parameters." + parameter
                check(path in f and f[path].shape == (3,), f"no draws of {parameter}")

for failure in failures:
    print("FAILED:", failure)
sys.exit(1 if failures else 0)

#!/usr/bin/python3
"""England authority by authority, as shipped: the within-sample run from
the 2017 state reproduces the published patterns across authorities (each
rate's spread within 15 %, its year-to-year correlation within 0.1, the
vacancy-agency correlation within 0.15), the forecast scenario still meets
England's national targets, and the forecast command writes one row per
authority and reporting year 2022-2025 with the published columns.

  test_england_fit.py SOURCE_DIR WFSIM
"""
import csv
import pathlib
import subprocess
import sys
import tempfile

source = pathlib.Path(sys.argv[1])
wfsim = sys.argv[2]
sys.path.insert(0, str(source / "tools"))
import england_fit  # noqa: E402
from england_returns import by_authority, read_returns  # noqa: E402

failures = []
returns = read_returns(source / "data/england_la_2017_2021.csv")
with tempfile.TemporaryDirectory() as work:
    # Seeds other than those the fit used (2021 and 3021-3024).
    rows = england_fit.within_sample_patterns(
        wfsim, source / "experiments/england_fit/within_sample.yaml", returns,
        range(7001, 7005), work)
    for rate, row in rows.items():
        print(rate, {k: round(v, 3) for k, v in row.items()})
    failures += england_fit.pattern_failures(rows)

    national = subprocess.run([wfsim, "run", str(source / "scenarios/england.yaml"), "-o",
                               f"{work}/england.h5"], capture_output=True, text=True)
    if national.returncode != 0 or "6 of 6 targets met" not in national.stdout:
        failures.append("national targets: " + national.stdout[-1500:] + national.stderr)

    forecast_csv = pathlib.Path(work) / "forecast.csv"
    forecast = subprocess.run([wfsim, "run", str(source / "scenarios/england.yaml"), "--weeks",
                               "208", "--replicates", "2", "--annual-csv", str(forecast_csv),
                               "-o", f"{work}/forecast.h5"], capture_output=True, text=True)
    if forecast.returncode != 0:
        failures.append("forecast: " + forecast.stderr)
    else:
        with open(forecast_csv, newline="", encoding="utf-8") as handle:
            table = list(csv.DictReader(handle))
        columns = ["year", "la_code", "turnover_rate_fte", "vacancy_rate_fte", "agency_rate_fte",
                   "caseload_fte", "absence_rate_fte"]
        if list(table[0])[:7] != columns:
            failures.append(f"forecast columns {list(table[0])[:7]}")
        years = sorted({row["year"] for row in table})
        if years != ["2022", "2023", "2024", "2025"]:
            failures.append(f"forecast years {years}")
        codes = {row["la_code"] for row in table}
        expected = {england_fit.authority_id(code) for code in by_authority(returns)}
        if codes != expected or len(table) != 4 * len(expected):
            failures.append(f"forecast authorities: {len(codes)} codes, {len(table)} rows")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("england: within-sample patterns, national targets and the forecast's rows hold")

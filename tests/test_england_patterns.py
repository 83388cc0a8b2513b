#!/usr/bin/python3
"""tools/england_patterns.py on the shipped returns: it reproduces the
patterns quoted for the 2017-2021 authority returns (authorities with at
least 20 FTE) to the precision they were quoted at, and it leaves out
suppressed values rather than reading them as zero."""
import os
import pathlib
import sys
import tempfile

source = pathlib.Path(sys.argv[1])
sys.path.insert(0, str(source / "tools"))
import england_patterns  # noqa: E402

failures = []


def check(name, value, low, high):
    if value is None or not low <= value <= high:
        failures.append(f"{name}: {value} not in [{low}, {high}]")


result = england_patterns.patterns(
    england_patterns.read_returns(source / "data/england_la_2017_2021.csv"), 20.0)
# Quoted: SD about 6 pp (turnover), 10.5 (vacancy), 11 (agency); year-to-year
# r about 0.8 (vacancy), 0.85 (agency), 0.3-0.4 (turnover). Bounds: the
# quotes' last digit.
check("turnover SD", result["sd"]["turnover_rate_fte"]["mean"], 5.5, 6.5)
check("vacancy SD", result["sd"]["vacancy_rate_fte"]["mean"], 10.0, 11.0)
check("agency SD", result["sd"]["agency_rate_fte"]["mean"], 10.5, 11.5)
check("vacancy r", result["persistence"]["vacancy_rate_fte"]["r"], 0.75, 0.85)
check("agency r", result["persistence"]["agency_rate_fte"]["r"], 0.8, 0.9)
check("turnover r", result["persistence"]["turnover_rate_fte"]["r"], 0.3, 0.4)
# 148-149 of the 151-152 authorities have at least 20 FTE each year.
for year, count in result["authorities"].items():
    check(f"authorities {year}", count, 140, 152)

# Suppressed markers are missing values: an authority whose rate is 'c' or
# 'low' counts neither as 0 nor at all, and a missing FTE drops the row.
header = ("time_period,geographic_level,new_la_code,inpost_fte,turnover_rate_fte,"
          "vacancy_rate_fte,agency_rate_fte\n")
rows = ["2020,Local authority,A,50,10,20,30", "2020,Local authority,B,50,20,c,low",
        "2020,Local authority,C,50,30,40,x", "2020,Local authority,D,z,90,90,90",
        "2021,Local authority,A,50,12,22,32", "2021,Local authority,B,50,u,25,35"]
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "returns.csv")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(header + "\n".join(rows) + "\n")
    small = england_patterns.patterns(england_patterns.read_returns(path), 20.0)
check("kept 2020", small["authorities"]["2020"], 3, 3)  # D's FTE is suppressed
check("turnover SD 2020", small["sd"]["turnover_rate_fte"]["per_year"]["2020"], 10.0, 10.0)
check("vacancy SD 2020", small["sd"]["vacancy_rate_fte"]["per_year"]["2020"], 14.142, 14.143)
check("turnover pairs", small["persistence"]["turnover_rate_fte"]["pairs"], 1, 1)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("england_patterns: the quoted patterns reproduced; suppressed values left out")

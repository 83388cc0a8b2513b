#!/usr/bin/python3
"""How local authorities differ, in the published returns: the patterns a
model of England authority by authority has to reproduce.

From the DfE children's social work workforce indicators per authority
(data/england_la_2017_2021.csv), over authorities with at least --min-fte
FTE in post that year:

  - the spread across authorities (standard deviation, percentage points) of
    the turnover, vacancy and agency rates, each year and on average;
  - each rate's year-to-year persistence: the correlation across authorities
    between one year's rate and the next year's (pairs of consecutive years,
    pooled), authorities matched by their current code;
  - the correlation across authorities between vacancy and agency rates,
    each year and on average.

Suppressed or missing values (x, z, c, u, low) are left out, value by value.

  /usr/bin/python3 tools/england_patterns.py [--data FILE] [--min-fte N] [--json]
"""
import argparse
import json
import math
import statistics
import sys

from england_returns import read_returns

RATES = ("turnover_rate_fte", "vacancy_rate_fte", "agency_rate_fte")


def correlation(pairs):
    """Pearson's r of a list of (x, y) pairs (None with fewer than 3)."""
    if len(pairs) < 3:
        return None
    xs, ys = zip(*pairs)
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in pairs)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else None


def patterns(returns, min_fte):
    years = sorted(returns)
    kept = {year: {code: values for code, values in returns[year].items()
                   if values["inpost_fte"] is not None and values["inpost_fte"] >= min_fte}
            for year in years}
    out = {"years": years, "min_fte": min_fte,
           "authorities": {str(year): len(kept[year]) for year in years},
           "sd": {}, "persistence": {}, "vacancy_agency": {}}
    for rate in RATES:
        per_year = {}
        for year in years:
            values = [v[rate] for v in kept[year].values() if v[rate] is not None]
            per_year[str(year)] = statistics.stdev(values) if len(values) > 1 else None
        known = [sd for sd in per_year.values() if sd is not None]
        out["sd"][rate] = {"per_year": per_year, "mean": statistics.fmean(known) if known else None}
        pairs = []
        for year, following in zip(years, years[1:]):
            for code, values in kept[year].items():
                later = kept[following].get(code)
                if later and values[rate] is not None and later[rate] is not None:
                    pairs.append((values[rate], later[rate]))
        out["persistence"][rate] = {"r": correlation(pairs), "pairs": len(pairs)}
    per_year = {}
    for year in years:
        pairs = [(v["vacancy_rate_fte"], v["agency_rate_fte"]) for v in kept[year].values()
                 if v["vacancy_rate_fte"] is not None and v["agency_rate_fte"] is not None]
        per_year[str(year)] = correlation(pairs)
    known = [r for r in per_year.values() if r is not None]
    out["vacancy_agency"] = {"per_year": per_year, "mean": statistics.fmean(known) if known else None}
    return out


def show(result):
    def fmt(value, digits=2):
        return "-" if value is None else f"{value:.{digits}f}"
    years = [str(year) for year in result["years"]]
    print(f"Authorities with at least {result['min_fte']:g} FTE in post: "
          + ", ".join(f"{year} {result['authorities'][year]}" for year in years))
    print()
    print("| rate | " + " | ".join(f"SD {year}" for year in years)
          + " | SD, mean | year-to-year r (pairs) |")
    print("|---|" + "---|" * (len(years) + 2))
    for rate in RATES:
        sd = result["sd"][rate]
        persistence = result["persistence"][rate]
        print(f"| {rate} | " + " | ".join(fmt(sd["per_year"][year], 1) for year in years)
              + f" | {fmt(sd['mean'], 1)} | {fmt(persistence['r'])} ({persistence['pairs']}) |")
    va = result["vacancy_agency"]
    print()
    print("Vacancy and agency rates, correlation across authorities: "
          + ", ".join(f"{year} {fmt(va['per_year'][year])}" for year in years)
          + f"; mean {fmt(va['mean'])}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="data/england_la_2017_2021.csv")
    parser.add_argument("--min-fte", type=float, default=20.0)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    try:
        result = patterns(read_returns(args.data), args.min_fte)
    except OSError as error:
        sys.exit(f"england_patterns: {error}")
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        show(result)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Fit every local authority's traits to its 2017-2021 returns and write
England's scenario from them: one command regenerates all of it.

  /usr/bin/python3 tools/england_fit.py [--wfsim build/cli/wfsim]
      [--replicates 8] [--iterations 8] [--check-seeds 4]

The method (docs/england.md, "How the traits are fitted"):
  1. Targets. For each authority and each of turnover, vacancy, agency and
     sickness absence rates, the mean of its published years shrunk towards
     the mean of all authorities: weight sqrt(w), w = tau^2 / (tau^2 +
     sigma^2 / n), with sigma^2 the variance of an authority's rate about its
     own mean from year to year and tau^2 the variance of the authorities'
     true means, both estimated from authority-years with at least 20 FTE in
     post; n is the authority's number of published years. Weight w would
     give each authority's best single estimate (empirical Bayes), but their
     spread would be w tau^2, too narrow; sqrt(w) makes the targets spread
     as much as the true means (constrained Bayes, Louis 1984), which the
     patterns across authorities need.
  2. Within-sample runs. Each authority starts from its published state on
     30 September 2017 (FTE in post, vacancies, agency workers, case holders,
     cases; authorities formed in 2019 from their 2019 state) and runs the
     reporting years 2018-2021 with the model's national parameters and its
     own traits: leaving.annual_rate (climate), recruitment.fill_time_multiplier
     (labour market), recruitment.agency_cover_rate (agency reliance) and
     absence.base_weekly_hazard (sickness absence).
  3. Updates. After each run every trait moves by the ratio of target to
     simulated rate on the scale the rate responds to (leaving: turnover;
     fill time: the odds of vacancy net of the turnover change; agency cover:
     the odds that a vacancy is covered; absence: the absence rate).
  4. Check. The final traits run from the 2017 state with --check-seeds other
     seeds, one replicate each; the spread, persistence and vacancy-agency
     correlation across authorities are compared with the returns
     (tools/england_patterns.py; the published ones over 2017-2021, the
     simulated over 2018-2021).

It writes:
  scenarios/england_authorities.csv   each authority's state on 30 September
                                      2021 and its fitted traits (what
                                      scenarios/england.yaml reads)
  experiments/england_fit/authorities_2017.csv   the same traits with the 2017
                                      state (the within-sample scenario's)
  experiments/england_fit/posterior.csv   per authority and trait: estimate and
                                      standard deviation on the log scale
  experiments/england_fit/fit.csv     per authority and rate (and caseload, not
                                      fitted): published mean,
                                      target, simulated 2018-2021 mean
  experiments/england_fit/summary.json    cost, fit and patterns
  experiments/england_fit/fit.svg     simulated against published means
"""
import argparse
import csv
import json
import math
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from england_returns import RATES, authority_id, by_authority, read_returns  # noqa: E402
import england_patterns  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
MIN_FTE = 20.0          # authorities below are kept but do not set the variance estimates
FIT_START = 2017        # the state on 30 September of this year starts the within-sample runs
FORECAST_START = 2021   # and of this year the forecast
# Reported beside the fitted rates: caseload follows from each authority's
# published cases and case holders in its starting year, not from a trait.
REPORTED = RATES + ("caseload_fte",)
TRAITS = ("leaving.annual_rate", "recruitment.fill_time_multiplier",
          "recruitment.agency_cover_rate", "absence.base_weekly_hazard")
# The model's national values (their defaults) for an authority at the national
# rates; each trait starts there, scaled by the authority's target.
NATIONAL = {"leaving.annual_rate": 0.12, "recruitment.fill_time_multiplier": 1.0,
            "recruitment.agency_cover_rate": 0.25, "absence.base_weekly_hazard": 0.016}
BOUNDS = {"leaving.annual_rate": (0.005, 0.9), "recruitment.fill_time_multiplier": (0.05, 20.0),
          "recruitment.agency_cover_rate": (0.002, 1.0), "absence.base_weekly_hazard": (0.001, 0.2)}
# How strongly the agency rate follows the agency cover rate: the agency
# workers beyond vacancies are fixed posts, and cover saturates as it nears
# every vacancy, so the rate moves less than in proportion. Steps of the
# ratio of odds to this power converge in a few iterations.
AGENCY_STEP_POWER = 2.0


def odds(p):
    p = min(max(p, 1e-4), 1 - 1e-4)
    return p / (1 - p)


def constrained_bayes(series, sizes):
    """Targets from {code: [values]}: (targets, posterior sd, components)."""
    means = {code: statistics.fmean(v) for code, v in series.items() if v}
    big = {code: [x for x, fte in zip(series[code], sizes[code]) if fte >= MIN_FTE]
           for code in means}
    within = [(x - statistics.fmean(v)) ** 2 for v in big.values() if len(v) > 1 for x in v]
    dof = sum(len(v) - 1 for v in big.values() if len(v) > 1)
    sigma2 = sum(within) / dof
    big_means = [statistics.fmean(v) for v in big.values() if v]
    mu = statistics.fmean(big_means)
    tau2 = max(statistics.variance(big_means)
               - statistics.fmean([sigma2 / len(v) for v in big.values() if v]), 1e-6)
    targets, sds = {}, {}
    for code, m in means.items():
        n = len(series[code])
        w = tau2 / (tau2 + sigma2 / n)
        targets[code] = mu + math.sqrt(w) * (m - mu)
        sds[code] = math.sqrt(w * sigma2 / n)
    return targets, sds, {"mean": mu, "between_sd": math.sqrt(tau2), "within_sd": math.sqrt(sigma2)}


def written_number(value):
    return "x" if value is None else f"{value:g}"


def write_authorities(path, authorities, year_of, traits):
    """A population file: each authority's published state in the year
    year_of(code) gives, and its traits."""
    columns = ["la_code", "la_name", "region", "inpost_fte", "case_holders_fte", "cases",
               "vacancy_fte", "agency_fte", "agency_cover_fte"] + [f"parameters.{t}" for t in TRAITS]
    tmp = f"{path}.part"
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(columns)
        for code, years in authorities.items():
            row = years[year_of(code)]
            out.writerow([code, row["name"], row["region"]]
                         + [written_number(row.get(c)) for c in columns[3:9]]
                         + [f"{traits[code][t]:.5g}" for t in TRAITS])
    os.replace(tmp, path)


def run(wfsim, scenario, annual, seed, replicates, extra=()):
    command = [str(wfsim), "run", str(scenario), "-o", str(annual) + ".h5", "--force", "--seed", str(seed),
               "--replicates", str(replicates), "--annual-csv", str(annual), *extra]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"england_fit: {' '.join(command)} failed:\n{done.stderr}")


def read_annual(path):
    """{year: {la_code: {rate: value}}} from wfsim's --annual-csv."""
    out = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out.setdefault(int(row["year"]), {})[row["la_code"]] = {
                rate: float(row[rate]) if row[rate] else None for rate in REPORTED}
    return out


def simulated_means(annual, ids):
    """{code: {rate: mean over the simulated years}}."""
    out = {}
    for code, org in ids.items():
        out[code] = {}
        for rate in REPORTED:
            values = [annual[y][org][rate] for y in annual if annual[y][org][rate] is not None]
            out[code][rate] = statistics.fmean(values) if values else None
    return out


def update(traits, target, simulated):
    """One step of every trait towards its authority's targets (rates in %)."""
    t, v, a, s = (target[r] / 100 for r in RATES)
    st, sv, sa, ss = (simulated[r] / 100 for r in RATES)
    leave = t / st
    new = dict(traits)
    new["leaving.annual_rate"] = traits["leaving.annual_rate"] * leave
    # Vacancy odds ~ leaving hazard x time to fill: the fill time takes what
    # the turnover step does not explain.
    new["recruitment.fill_time_multiplier"] = (traits["recruitment.fill_time_multiplier"]
                                               * odds(v) / odds(sv) / leave)
    new["recruitment.agency_cover_rate"] = (traits["recruitment.agency_cover_rate"]
                                            * (odds(a) / odds(sa)) ** AGENCY_STEP_POWER)
    new["absence.base_weekly_hazard"] = traits["absence.base_weekly_hazard"] * s / ss
    return {k: min(max(x, BOUNDS[k][0]), BOUNDS[k][1]) for k, x in new.items()}


def initial_traits(target, national):
    """The national values, moved once as if they had given the national rates."""
    return update(dict(NATIONAL), target, national)


def posterior(code, traits, target, sd):
    """Normal approximations on the log scale of each trait, from the
    targets' posterior standard deviations by the relations update() uses."""
    t, v, a, s = (target[r] / 100 for r in RATES)
    dt, dv, da, ds = (sd[r] / 100 for r in RATES)
    d_logit = lambda p, dp: dp / (p * (1 - p))  # noqa: E731
    log_sd = {
        "leaving.annual_rate": dt / t,
        "recruitment.fill_time_multiplier": math.hypot(d_logit(v, dv), dt / t),
        "recruitment.agency_cover_rate": math.hypot(d_logit(a, da), d_logit(v, dv)),
        "absence.base_weekly_hazard": ds / s,
    }
    return [{"la_code": code, "parameter": trait, "estimate": f"{traits[trait]:.5g}",
             "log_sd": f"{log_sd[trait]:.4f}"} for trait in TRAITS]


def write_text(path, text):
    """Written under a temporary name and renamed, so an interrupted run
    leaves the previous file whole."""
    tmp = f"{path}.part"
    pathlib.Path(tmp).write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_csv(path, rows):
    tmp = f"{path}.part"
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        out.writeheader()
        out.writerows(rows)
    os.replace(tmp, path)


def scatter_svg(path, fit_rows):
    """Simulated 2018-2021 mean against the published mean, one panel per rate."""
    size, pad = 220, 34
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{4 * (size + pad) + pad}" '
             f'height="{size + 2 * pad + 10}" font-family="sans-serif" font-size="11">']
    for k, rate in enumerate(RATES):
        points = [(float(r["published"]), float(r["simulated"])) for r in fit_rows
                  if r["rate"] == rate and r["published"] and r["simulated"]]
        top = max(max(x, y) for x, y in points) * 1.05
        x0 = pad + k * (size + pad)
        scale = lambda value: value / top * size  # noqa: E731
        parts.append(f'<rect x="{x0}" y="{pad}" width="{size}" height="{size}" fill="none" '
                     f'stroke="#888"/>')
        parts.append(f'<line x1="{x0}" y1="{pad + size}" x2="{x0 + size}" y2="{pad}" '
                     f'stroke="#bbb" stroke-dasharray="3,3"/>')
        parts.append(f'<text x="{x0}" y="{pad - 8}">{rate} (%), 0 to {top:.0f}</text>')
        for x, y in points:
            parts.append(f'<circle cx="{x0 + scale(x):.1f}" cy="{pad + size - scale(y):.1f}" '
                         f'r="2.2" fill="#1f77b4" fill-opacity="0.7"/>')
        parts.append(f'<text x="{x0 + size / 2 - 40}" y="{pad + size + 16}">published mean</text>')
    parts.append(f'<text x="{pad}" y="{pad + size + 32}">vertical: simulated mean of '
                 '2018-2021; dashed: equal</text></svg>')
    write_text(path, "\n".join(parts) + "\n")


def within_sample_patterns(wfsim, scenario, returns, seeds, work):
    """The patterns across authorities of one-replicate runs of the
    within-sample scenario with each seed (their mean), against the
    published 2017-2021 returns."""
    authorities = by_authority(returns)
    observed = england_patterns.patterns(returns, MIN_FTE)
    checks = []
    for seed in seeds:
        annual_path = pathlib.Path(work) / f"check_{seed}.csv"
        run(wfsim, scenario, annual_path, seed, 1)
        annual = read_annual(annual_path)
        # Authorities too small to count in the published patterns (under
        # MIN_FTE that year) are left out of the simulated ones too.
        as_returns = {year: {code: {"inpost_fte": returns[year].get(code, {}).get("inpost_fte"),
                                    **annual[year][authority_id(code)]}
                             for code in authorities} for year in annual}
        checks.append(england_patterns.patterns(as_returns, MIN_FTE))

    def mean_of(*path):
        values = []
        for check in checks:
            value = check
            for key in path:
                value = value[key]
            values.append(value)
        return statistics.fmean(values)

    rows = {}
    for rate in england_patterns.RATES:
        rows[rate] = {"sd_observed": observed["sd"][rate]["mean"],
                      "sd_simulated": mean_of("sd", rate, "mean"),
                      "r_observed": observed["persistence"][rate]["r"],
                      "r_simulated": mean_of("persistence", rate, "r")}
    rows["vacancy_agency"] = {"r_observed": observed["vacancy_agency"]["mean"],
                              "r_simulated": mean_of("vacancy_agency", "mean")}
    return rows


def pattern_failures(rows):
    """What misses the bounds: each rate's spread within 15 % of the
    published, its year-to-year correlation within 0.1, the vacancy-agency
    correlation within 0.15."""
    failures = []
    for rate in england_patterns.RATES:
        row = rows[rate]
        if abs(row["sd_simulated"] / row["sd_observed"] - 1) > 0.15:
            failures.append(f"{rate} SD {row['sd_simulated']:.2f}, published {row['sd_observed']:.2f}")
        if abs(row["r_simulated"] - row["r_observed"]) > 0.1:
            failures.append(f"{rate} r {row['r_simulated']:.3f}, published {row['r_observed']:.3f}")
    row = rows["vacancy_agency"]
    if abs(row["r_simulated"] - row["r_observed"]) > 0.15:
        failures.append(f"vacancy-agency r {row['r_simulated']:.3f}, "
                        f"published {row['r_observed']:.3f}")
    return failures


def within_sample_scenario(folder):
    text = (
        "# England's authorities from their published state on 30 September 2017\n"
        "# through the reporting years 2018-2021, with their fitted traits: the\n"
        "# within-sample check of the fit (tools/england_fit.py writes this file).\n"
        "extends: ../../scenarios/england.yaml\n"
        "name: england_within_sample\n"
        f"start_date: {FIT_START}-10-01\n"
        "weeks: 208\n"
        "population:\n"
        "  authorities: authorities_2017.csv\n"
        "targets: []\n")
    write_text(folder / "within_sample.yaml", text)
    return folder / "within_sample.yaml"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wfsim", default=str(ROOT / "build/cli/wfsim"))
    parser.add_argument("--data", default=str(ROOT / "data/england_la_2017_2021.csv"))
    parser.add_argument("--replicates", type=int, default=8,
                        help="replicates per fitting run (default 8)")
    parser.add_argument("--iterations", type=int, default=8)
    parser.add_argument("--check-seeds", type=int, default=4,
                        help="one-replicate runs of the final check (default 4)")
    parser.add_argument("--seed", type=int, default=2021, help="seed of the fitting runs")
    args = parser.parse_args()
    started = time.time()

    returns = read_returns(args.data)
    authorities = by_authority(returns)
    fit_dir = ROOT / "experiments/england_fit"
    fit_dir.mkdir(parents=True, exist_ok=True)

    # 1. Targets.
    targets, target_sd, components = {}, {}, {}
    for rate in RATES:
        series, sizes = {}, {}
        for code, years in authorities.items():
            kept = [(row[rate], row["inpost_fte"] or 0.0) for _, row in sorted(years.items())
                    if row[rate] is not None]
            series[code] = [x for x, _ in kept]
            sizes[code] = [f for _, f in kept]
        t, sd, comp = constrained_bayes(series, sizes)
        components[rate] = comp
        for code in authorities:
            targets.setdefault(code, {})[rate] = t.get(code, comp["mean"])
            target_sd.setdefault(code, {})[rate] = sd.get(code, comp["between_sd"])
    national = {rate: components[rate]["mean"] for rate in RATES}

    first_year = {code: min(y for y in years if y >= FIT_START) for code, years in authorities.items()}
    ids = {code: authority_id(code) for code in authorities}
    traits = {code: initial_traits(targets[code], national) for code in authorities}
    scenario = within_sample_scenario(fit_dir)

    history = []
    simulations = 0
    with tempfile.TemporaryDirectory() as work:
        annual_path = pathlib.Path(work) / "annual.csv"
        for iteration in range(args.iterations + 1):
            write_authorities(fit_dir / "authorities_2017.csv", authorities, first_year.get, traits)
            run(args.wfsim, scenario, annual_path, args.seed, args.replicates)
            simulations += args.replicates
            simulated = simulated_means(read_annual(annual_path), ids)
            errors = {rate: [simulated[c][rate] - targets[c][rate] for c in authorities]
                      for rate in RATES}
            rms = {rate: math.sqrt(statistics.fmean(e * e for e in errors[rate])) for rate in RATES}
            history.append({"iteration": iteration, "rms_pp": rms,
                            "seconds": round(time.time() - started, 1)})
            print(f"iteration {iteration}: RMS distance to targets (pp) "
                  + ", ".join(f"{rate.split('_')[0]} {rms[rate]:.2f}" for rate in RATES)
                  + f"  [{time.time() - started:.0f} s]", flush=True)
            if iteration == args.iterations:
                break
            traits = {code: update(traits[code], targets[code], simulated[code])
                      for code in authorities}

        # 4. Check with other seeds, one replicate each.
        pattern_rows = within_sample_patterns(args.wfsim, scenario, returns,
                                              range(args.seed + 1000, args.seed + 1000 + args.check_seeds),
                                              pathlib.Path(work))
        simulations += args.check_seeds

    # Outputs.
    write_authorities(ROOT / "scenarios/england_authorities.csv", authorities,
                      lambda code: FORECAST_START, traits)
    write_csv(fit_dir / "posterior.csv",
              [row for code in authorities
               for row in posterior(code, traits[code], targets[code], target_sd[code])])
    fit_rows = []
    for code, years in authorities.items():
        for rate in REPORTED:
            published = [row[rate] for row in years.values() if row[rate] is not None]
            fit_rows.append({
                "la_code": code, "la_name": years[FORECAST_START]["name"], "rate": rate,
                "published": f"{statistics.fmean(published):.2f}" if published else "",
                "years": len(published),
                "target": f"{targets[code][rate]:.2f}" if rate in targets[code] else "",
                "simulated": (f"{simulated[code][rate]:.2f}"
                              if simulated[code][rate] is not None else "")})
    write_csv(fit_dir / "fit.csv", fit_rows)
    scatter_svg(fit_dir / "fit.svg", fit_rows)
    summary = {
        "command": "tools/england_fit.py " + " ".join(sys.argv[1:]),
        "replicates_per_fit_run": args.replicates, "iterations": args.iterations,
        "simulations": simulations, "wall_seconds": round(time.time() - started, 1),
        "variance_components_pp": components, "history": history, "patterns": pattern_rows}
    write_text(fit_dir / "summary.json", json.dumps(summary, indent=1) + "\n")
    print(json.dumps(pattern_rows, indent=1))
    failures = pattern_failures(pattern_rows)
    print("patterns: " + ("all within bounds" if not failures else "; ".join(failures)))


if __name__ == "__main__":
    main()

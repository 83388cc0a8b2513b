#!/usr/bin/python3
"""Writes one local authority's fitted traits as a priors file for
`wfsim compare --uncertainty`, from the England calibration's per-authority
posteriors (experiments/england_fit/posterior.csv: each trait's estimate and
standard deviation on the log scale).

    /usr/bin/python3 tools/authority_priors.py AUTHORITY -o PRIORS.yaml

AUTHORITY is a DfE code (E08000035) or a name (Leeds), as for
`wfsim population --authority`. The priors address the authority as the
first organisation (organisations.0), as in the scenario that
`wfsim population --authority` writes. Each trait is lognormal with median
the estimate and the fitted log-scale sd; where the trait's allowed maximum
is less than six such sds above the median, the sd is narrowed to a sixth
of that distance (and the entry's source says so), so about one draw in a
billion could be invalid. Exit 2
with a message for an unknown authority. Standard library only.
"""
import argparse
import csv
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTERIOR = ROOT / "experiments/england_fit/posterior.csv"
AUTHORITIES = ROOT / "scenarios/england_authorities.csv"
# The largest value each trait may take (the model's parameter bounds).
MAXIMUM = {"leaving.annual_rate": 1.0, "recruitment.fill_time_multiplier": 100.0,
           "recruitment.agency_cover_rate": 1.0, "absence.base_weekly_hazard": 1.0}
# Six standard deviations: about one draw in a billion beyond the limit.
Z_LIMIT = 6.0


def fail(message):
    """Bad input: a message on stderr and exit code 2."""
    print(f"authority_priors: error: {message}", file=sys.stderr)
    sys.exit(2)


def find_authority(name):
    """The DfE code and name of the authority given by code or name."""
    with open(AUTHORITIES, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if name.lower() in (row["la_code"].lower(), row["la_name"].lower()):
            return row["la_code"], row["la_name"]
    close = [row["la_name"] for row in rows if name.lower() in row["la_name"].lower()]
    hint = f" (did you mean {', '.join(close[:3])}?)" if close else ""
    fail(f"no authority '{name}' in {AUTHORITIES.name}{hint}")


def prior(parameter, estimate, log_sd):
    """The YAML flow mapping of one trait's prior."""
    meanlog = math.log(estimate)
    source = f"England fit: estimate {estimate:g}, log-scale sd {log_sd:g}"
    limit = (math.log(MAXIMUM[parameter]) - meanlog) / Z_LIMIT
    if log_sd > limit:
        # A trait the returns barely identify (e.g. agency cover where there
        # is almost no agency work) would draw invalid values: narrow it.
        log_sd = limit
        source += f"; sd narrowed to {limit:.4g} to stay below the maximum {MAXIMUM[parameter]:g}"
    return f"{{dist: lognormal, meanlog: {meanlog:.6g}, sdlog: {log_sd:.4g}, source: \"{source}\"}}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("authority", help="DfE code or name, e.g. E08000035 or Leeds")
    parser.add_argument("-o", "--output", required=True, help="priors file to write (YAML)")
    args = parser.parse_args()
    code, name = find_authority(args.authority)
    with open(POSTERIOR, newline="", encoding="utf-8") as f:
        traits = [row for row in csv.DictReader(f) if row["la_code"] == code]
    if not traits:
        fail(f"{code} has no posterior in {POSTERIOR.name}")
    lines = [f"# {name} ({code}): its fitted traits, as priors for",
             "# wfsim compare --uncertainty, for the scenario written by",
             f"#   wfsim population --authority {code} --base scenarios/england.yaml",
             f"# Redo: tools/authority_priors.py {code} -o {args.output}",
             "priors:"]
    for row in traits:
        lines.append(f"  organisations.0.parameters.{row['parameter']}:")
        lines.append(f"    {prior(row['parameter'], float(row['estimate']), float(row['log_sd']))}")
    output = Path(args.output)
    temporary = output.with_name(output.name + ".tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    temporary.replace(output)   # never a half-written file
    print(f"{name} ({code}): {len(traits)} traits, wrote {args.output}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Generate examples/survey_example.csv: made-up survey microdata in the
format `wfsim population` reads (docs/population.md). No real respondents:
every row is drawn from the distributions below with a fixed seed, so the
file is the same bytes on every run.

Run from anywhere:

    /usr/bin/python3 tools/make_example_survey.py [--output CSV]

Default output: examples/survey_example.csv inside the repository. Needs
numpy (Debian's python3-numpy).

What it draws (seed 2026):
  * two organisations: la_northfield, a local authority's children's social
    work (about 300 respondents), and vol_brightstart, a voluntary family
    support, early years and youth organisation (about 150);
  * a dozen teams of 9-12 respondents who named their team (8 in the local
    authority, 4 in the voluntary organisation); the other respondents left
    team_id empty, as an anonymous survey allows;
  * roles from each team's or organisation's mix (a team manager per team);
    FTE 1, or part time (0.5-0.8) with probability 0.15;
  * tenure in years ~ exponential, mean 5.5 (the model's default,
    workforce.initial_mean_tenure_years), capped at 40;
  * burnout_work ~ N(52 + team effect N(0, 4), 15), 0-100 (the model's
    burnout.initial_mean and initial_sd);
  * intend_to_leave_12m ~ Bernoulli(logistic(-0.2 + 0.5 (burnout - 50) / 10)),
    the model's intention to leave (leaving.intention_intercept and
    intention_slope_per_10);
  * absence_days_12m ~ Poisson with a gamma-distributed mean of 7.4 days
    (3.3 % of about 225 working days, DfE CSWW absence rate);
  * uses_published_research ~ Bernoulli(0.35 in the voluntary organisation,
    0.25 in the local authority);
  * working_pattern standard 85 %, four_day_week 10 %, nine_day_fortnight 5 %;
  * weights for non-response by role: practitioners who hold cases 1.25,
    managers 0.75, others 1, times lognormal noise (sigma 0.1), scaled to
    mean 1;
  * missing values: working_pattern 8 %, burnout_work 6 %,
    intend_to_leave_12m 5 %, absence_days_12m 10 %, uses_published_research 7 %.
"""

import argparse
import csv
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "examples" / "survey_example.csv"
SEED = 2026

COLUMNS = ["respondent_id", "org_id", "team_id", "role", "fte", "tenure_years",
           "working_pattern", "burnout_work", "intend_to_leave_12m", "absence_days_12m",
           "uses_published_research", "weight"]

SOCIAL_WORK_TEAM = {"senior_practitioner": 0.25, "social_worker": 0.7, "reviewing_officer": 0.05}
ORGANISATIONS = [
    {
        "id": "la_northfield",
        "uses_research": 0.25,
        "teams": {
            "front_door": SOCIAL_WORK_TEAM, "assessment_1": SOCIAL_WORK_TEAM,
            "assessment_2": SOCIAL_WORK_TEAM, "child_protection_1": SOCIAL_WORK_TEAM,
            "child_protection_2": SOCIAL_WORK_TEAM, "children_in_care_1": SOCIAL_WORK_TEAM,
            "children_in_care_2": SOCIAL_WORK_TEAM, "leaving_care": SOCIAL_WORK_TEAM,
        },
        "unnamed_team_respondents": 210,
        "unnamed_mix": {"team_manager": 0.11, "senior_practitioner": 0.2, "social_worker": 0.58,
                        "reviewing_officer": 0.04, "middle_manager": 0.03, "administrator": 0.04},
    },
    {
        "id": "vol_brightstart",
        "uses_research": 0.35,
        "teams": {
            "family_support_north": {"family_support_worker": 1.0},
            "family_support_south": {"family_support_worker": 1.0},
            "early_years_centre": {"early_years_worker": 0.8, "family_support_worker": 0.2},
            "youth_project": {"youth_worker": 1.0},
        },
        "unnamed_team_respondents": 105,
        "unnamed_mix": {"team_manager": 0.11, "family_support_worker": 0.5,
                        "early_years_worker": 0.2, "youth_worker": 0.1, "administrator": 0.05,
                        "middle_manager": 0.04},
    },
]
CASE_HOLDERS = {"social_worker", "senior_practitioner", "family_support_worker",
                "early_years_worker", "health_visitor", "youth_worker"}
MANAGERS = {"team_manager", "middle_manager", "senior_manager"}


def draw_role(rng, mix):
    names = list(mix)
    return names[rng.choice(len(names), p=np.array([mix[n] for n in names]))]


def draw_respondent(rng, org, team, role, team_effect):
    """One row's values, before weights and missing values."""
    part_time = rng.random() < 0.15
    burnout = float(np.clip(rng.normal(52.0 + team_effect, 15.0), 0.0, 100.0))
    intends = rng.random() < 1.0 / (1.0 + np.exp(-(-0.2 + 0.5 * (burnout - 50.0) / 10.0)))
    pattern = ["standard", "four_day_week", "nine_day_fortnight"][
        rng.choice(3, p=[0.85, 0.10, 0.05])]
    return {
        "org_id": org["id"],
        "team_id": team,
        "role": role,
        "fte": f"{rng.choice([0.5, 0.6, 0.8]) if part_time else 1.0:g}",
        "tenure_years": f"{min(40.0, rng.exponential(5.5)):.1f}",
        "working_pattern": pattern,
        "burnout_work": f"{burnout:.1f}",
        "intend_to_leave_12m": str(int(intends)),
        "absence_days_12m": str(rng.poisson(rng.gamma(2.0, 7.4 / 2.0))),
        "uses_published_research": str(int(rng.random() < org["uses_research"])),
    }


def draw_rows(rng):
    rows = []
    for org in ORGANISATIONS:
        for team, mix in org["teams"].items():
            effect = rng.normal(0.0, 4.0)
            size = int(rng.integers(9, 13))
            roles = ["team_manager"] + [draw_role(rng, mix) for _ in range(size - 1)]
            rows += [draw_respondent(rng, org, team, role, effect) for role in roles]
        for _ in range(org["unnamed_team_respondents"]):
            role = draw_role(rng, org["unnamed_mix"])
            rows.append(draw_respondent(rng, org, "", role, rng.normal(0.0, 4.0)))
    order = rng.permutation(len(rows))  # survey exports are not sorted by team
    return [rows[i] for i in order]


def add_weights_and_gaps(rng, rows):
    base = np.array([1.25 if r["role"] in CASE_HOLDERS else 0.75 if r["role"] in MANAGERS
                     else 1.0 for r in rows])
    weights = base * rng.lognormal(0.0, 0.1, len(rows))
    weights /= weights.mean()
    gaps = {"working_pattern": 0.08, "burnout_work": 0.06, "intend_to_leave_12m": 0.05,
            "absence_days_12m": 0.10, "uses_published_research": 0.07}
    for number, (row, weight) in enumerate(zip(rows, weights), start=1):
        row["respondent_id"] = f"R{number:04d}"
        row["weight"] = f"{weight:.4f}"
        for column, share in gaps.items():
            if rng.random() < share:
                row[column] = ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    rows = draw_rows(rng)
    add_weights_and_gaps(rng, rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} respondents to {args.output}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Generate scenarios/england.yaml: every English local authority's children's
social work as one wfsim scenario (one organisation per local authority).

Run from anywhere:

    /usr/bin/python3 tools/make_england.py [--data CSV] [--output YAML]

Defaults: --data data/england_la_size_2024.csv and --output
scenarios/england.yaml (both inside the repository). Standard library only;
the output is deterministic (same bytes on every run for the same input).

Derived from the data, per local authority (DfE CSWW 2024):
  * funded posts = round(FTE in post / (1 - 0.173)), the 2024 national vacancy
    rate (posts = FTE in post / (1 - vacancy rate); 1 FTE per post);
  * case-holding posts = the LA's case-holding FTE / FTE in post share of posts;
  * demand.target_caseload = cases / case-holding FTE, rounded to 0.01.
Assumed (data/README.md gives the national structure):
  * senior practitioners 17/62 of case holders; team managers one per practice
    team of 6-9 posts (span 5-8, about 6.5 on average); middle managers one per
    3 team managers (at least 1); senior managers 2 % of posts (at least 1);
    the remaining posts are reviewing officers, spread over the practice teams;
  * practice-team functions in proportion assessment 25 %, child protection
    30 %, children in care 25 %, leaving care 10 %, family support 10 %;
  * recruitment.fill_time_multiplier lognormal, median 1, sigma 0.3, drawn
    with random.Random(2024) in file order, rounded to 0.001.
"""

import argparse
import csv
import math
import random
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / "data" / "england_la_size_2024.csv"
DEFAULT_OUTPUT = REPO_ROOT / "scenarios" / "england.yaml"

VACANCY_RATE = 0.173  # England 2024, DfE CSWW (data/README.md)
SENIOR_PRACTITIONER_SHARE = 17 / 62  # of case holders (2022 role mix: 17 % SP, 45 % other)
SENIOR_MANAGER_SHARE = 0.02  # of posts
TEAM_MANAGERS_PER_MIDDLE_MANAGER = 3
MIN_TEAM, MAX_TEAM, PREFERRED_TEAM = 6, 9, 7.5  # practice-team size, manager included
FUNCTIONS = [  # assumed split of practice teams
    ("assessment", 0.25),
    ("child_protection", 0.30),
    ("children_in_care", 0.25),
    ("leaving_care", 0.10),
    ("family_support", 0.10),
]
HETEROGENEITY_SEED = 2024
FILL_TIME_SIGMA = 0.3

# Same evidence items as scenarios/baseline.yaml (copied, so that this file's
# output does not change when the baseline is edited).
EVIDENCE = """\
# Two evidence items diffusing at once, as in scenarios/baseline.yaml (seed 000,
# table 2 typology; adoption coefficients assumed).
evidence:
  - id: research_briefings       # published research summaries (e.g. Research in Practice)
    type: published
    p: 0.001
    q: 0.015
    contagion: simple
    initial_share: 0.15
  - id: reflective_case_discussion   # reflection on action in group supervision
    type: reflection
    p: 0.0015
    q: 0.02
    contagion: complex
    initial_share: 0.10
"""


def round_half_up(x):
    return int(math.floor(x + 0.5))


def slug(name):
    """Readable id: lowercase, runs of non-alphanumerics to one '_'.
    ', City of' / ', County of' suffixes are dropped (Kingston upon Hull)."""
    for suffix in (", City of", ", County of"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    out, gap = [], False
    for ch in name.lower():
        if ch.isascii() and ch.isalnum():
            if gap and out:
                out.append("_")
            out.append(ch)
            gap = False
        else:
            gap = True
    return "".join(out)


def number(text):
    """A published figure, or None when suppressed ('u', 'x', 'c', empty...)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def largest_remainder(total, shares):
    """Split `total` into whole numbers in proportion to `shares`; ties go to
    the earlier entry."""
    raw = [total * s / sum(shares) for s in shares]
    counts = [math.floor(r) for r in raw]
    order = sorted(range(len(shares)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def spread(total, n):
    """Split `total` over n slots as evenly as possible, interleaved
    (cumulative rounding)."""
    cuts = [round_half_up(total * k / n) for k in range(n + 1)]
    return [cuts[k + 1] - cuts[k] for k in range(n)]


def choose_structure(posts, case_target):
    """Number of practice teams T and middle managers; returns
    (teams, middle, senior, case_holders, widen)."""
    senior = max(1, round_half_up(SENIOR_MANAGER_SHARE * posts))
    # A very small LA may fit no 6-9 split (13 posts: 11 practice posts are
    # too many for one team and too few for two); widen the bounds by one post
    # at a time until a split exists.
    for widen in range(posts):
        low, high = max(2, MIN_TEAM - widen), MAX_TEAM + widen
        feasible = []
        for teams in range(1, posts + 1):
            middle = max(1, round_half_up(teams / TEAM_MANAGERS_PER_MIDDLE_MANAGER))
            practice = posts - senior - middle
            if low * teams <= practice <= high * teams:
                feasible.append((teams, middle, practice))
        if feasible:
            break
    else:
        raise ValueError(f"no team structure for {posts} posts")
    # Preferred: mean team size nearest 7.5 (span ~6.5); ties to more teams.
    best = min(feasible, key=lambda f: (abs(f[2] / f[0] - PREFERRED_TEAM), -f[0]))
    if best[2] - best[0] < case_target:
        # Not enough room for the case holders: use larger teams, as few more
        # posts per team as needed; if even 9-post teams are not enough, cap.
        roomy = [f for f in feasible if f[2] - f[0] >= case_target]
        best = max(roomy, key=lambda f: f[0]) if roomy else min(feasible, key=lambda f: f[0])
    teams, middle, practice = best
    return teams, middle, senior, min(case_target, practice - teams), widen


def build_la(posts, case_target):
    """Teams (as dicts) for one LA with exactly `posts` posts."""
    if posts < MIN_TEAM + 2:  # too small for a management team and a practice team
        managers = 1 if posts > 1 else 0
        ch = posts - managers
        sp = round_half_up(ch * SENIOR_PRACTITIONER_SHARE)
        roles = {"team_manager": managers, "senior_practitioner": sp, "social_worker": ch - sp}
        return [("practice_1", "assessment", posts, roles)], ch, None
    teams, middle, senior, case_holders, widen = choose_structure(posts, case_target)
    practice = posts - middle - senior
    sizes = spread(practice, teams)
    # Case holders as even as possible across teams; reviewing officers take
    # the rest of each team.
    ch = [s - 1 for s in sizes]
    for _ in range(practice - teams - case_holders):
        k = max(range(teams), key=lambda i: (ch[i], -sizes[i], -i))
        ch[k] -= 1
    cum = [0]
    for c in ch:
        cum.append(cum[-1] + c)
    sp_cut = [round_half_up(c * SENIOR_PRACTITIONER_SHARE) for c in cum]
    out = [("management", "management", middle + senior,
            {"middle_manager": middle, "senior_manager": senior})]
    per_function = largest_remainder(teams, [share for _, share in FUNCTIONS])
    k = 0
    for (function, _), count in zip(FUNCTIONS, per_function):
        for j in range(count):
            sp = sp_cut[k + 1] - sp_cut[k]
            roles = {"team_manager": 1, "senior_practitioner": sp,
                     "social_worker": ch[k] - sp,
                     "reviewing_officer": sizes[k] - 1 - ch[k]}
            out.append((f"{function}_{j + 1}", function, sizes[k], roles))
            k += 1
    return out, case_holders, widen


def flow(mapping):
    return "{" + ", ".join(f"{key}: {value}" for key, value in mapping.items()) + "}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()

    with open(args.data, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    # National figures from the LAs that report all three, for imputation.
    complete = [r for r in rows
                if all(number(r[c]) for c in ("inpost_fte", "case_holders_fte", "cases"))]
    national_share = (sum(number(r["case_holders_fte"]) for r in complete)
                      / sum(number(r["inpost_fte"]) for r in complete))
    national_caseload = (sum(number(r["cases"]) for r in complete)
                         / sum(number(r["case_holders_fte"]) for r in complete))

    rng = random.Random(HETEROGENEITY_SEED)
    orgs, notes, seen = [], [], set()
    totals = {"posts": 0, "teams": 0, "case_target": 0, "case_holders": 0}
    for r in rows:
        name, code = r["la_name"], r["la_code"]
        org_id = slug(name)
        if org_id in seen:
            raise SystemExit(f"duplicate organisation id {org_id}")
        seen.add(org_id)
        multiplier = rng.lognormvariate(0.0, FILL_TIME_SIGMA)

        inpost, holders, cases = (number(r[c]) for c in ("inpost_fte", "case_holders_fte", "cases"))
        if not inpost and holders:
            notes.append(f"{name}: FTE in post {r['inpost_fte']!r}; case-holding FTE "
                         f"({r['case_holders_fte']}) used as FTE in post")
            inpost = holders
        if not inpost:
            raise SystemExit(f"{name}: no FTE in post")
        if holders and cases:
            share, caseload = min(1.0, holders / inpost), cases / holders
        else:
            notes.append(f"{name}: case-holding FTE {r['case_holders_fte']!r} and cases "
                         f"{r['cases']!r} not published; national share "
                         f"{national_share:.3f} and caseload {national_caseload:.2f} used")
            share, caseload = national_share, national_caseload
        posts = round_half_up(inpost / (1 - VACANCY_RATE))
        case_target = round_half_up(share * posts)
        teams, case_holders, widen = build_la(posts, case_target)
        if widen is None:
            notes.append(f"{name}: {posts} post(s), too few for a management team; one "
                         "practice team, no management")
        elif widen:
            sizes = sorted({t[2] for t in teams[1:]})
            notes.append(f"{name}: {posts} posts fit no split into 6-9-post teams; "
                         f"practice teams of {'/'.join(map(str, sizes))} posts")

        assert sum(t[2] for t in teams) == posts
        for _, _, size, roles in teams:
            assert sum(roles.values()) == size and min(roles.values()) >= 0
        mean_team = posts / len(teams)
        if abs(case_holders - case_target) > mean_team:
            notes.append(f"{name}: case-holding share {share:.2f} leaves no room for the "
                         f"managers; {case_holders} case-holding posts of {posts} "
                         f"(target {case_target}, 9-post teams, no reviewing officers)")
        totals["posts"] += posts
        totals["teams"] += len(teams)
        totals["case_target"] += case_target
        totals["case_holders"] += case_holders

        lines = [f"  # {code} {name} ({r['region']}): {r['inpost_fte']} FTE in post, "
                 f"{r['case_holders_fte']} case-holding FTE, {r['cases']} cases -> {posts} posts",
                 f"  - id: {org_id}",
                 "    sector: local_authority",
                 f"    parameters: {{demand: {{target_caseload: {caseload:.2f}}}, "
                 f"recruitment: {{fill_time_multiplier: {multiplier:.3f}}}}}",
                 "    teams:"]
        for team_id, function, size, roles in teams:
            roles = {k: v for k, v in roles.items() if v > 0}
            lines.append(f"      - {{id: {team_id}, function: {function}, size: {size}, "
                         f"roles: {flow(roles)}}}")
        orgs.append("\n".join(lines))

    try:
        data_name = args.data.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        data_name = args.data.name
    note_lines = "".join(
        textwrap.fill(n, width=79, initial_indent="#   - ", subsequent_indent="#     ") + "\n"
        for n in notes) or "#   (none)\n"
    header = f"""\
# Question: how does all of England's local-authority children's social work
# evolve, authority by authority, under the default model?
# Source: DfE "Children's social work workforce" 2024 (151 returns).
#
# GENERATED FILE - do not edit by hand. Regenerate with
#   /usr/bin/python3 tools/make_england.py
# from {data_name}
# (DfE "Children's social work workforce" 2024: each local authority's FTE in
# post, case-holding FTE and cases; {len(rows)} returns).
#
# England's local-authority children's social work as one scenario: one
# organisation per local authority, {totals['posts']} posts in {totals['teams']} teams.
#
# Derived from the data, per local authority:
#   - funded posts = round(FTE in post / (1 - 0.173)), 0.173 being England's 2024
#     vacancy rate (DfE CSWW); every post is 1 FTE;
#   - case-holding posts (social_worker + senior_practitioner) = the LA's
#     case-holding FTE / FTE in post share of its posts;
#   - parameters.demand.target_caseload = cases / case-holding FTE (0.01).
# Assumed (national structure from data/README.md, not per LA):
#   - senior practitioners 17/62 of case holders; one team_manager per practice
#     team of 6-9 posts (span 5-8, mean about 6.5); middle managers one per 3
#     team managers (at least 1) and senior managers 2 % of posts (at least 1),
#     together in a `management` team listed first; the remaining posts are
#     reviewing_officer (qualified, no caseload), spread over the practice teams;
#   - practice teams split by function in proportion assessment 25 %, child
#     protection 30 %, children in care 25 %, leaving care 10 %, family support
#     10 % (largest remainder);
#   - heterogeneity in recruitment beyond the data:
#     parameters.recruitment.fill_time_multiplier is lognormal with median 1 and
#     sigma 0.3, drawn with Python's random.Random({HETEROGENEITY_SEED}) in file order (0.001).
# Data problems and how they were handled:
{note_lines}#
# Run it:   wfsim run scenarios/england.yaml -o results/england.h5
name: england
seed: 2024
weeks: 156          # three years
replicates: 2
graph: {{kind: workplace, desk_neighbours: 2}}
organisations:
"""
    footer = f"""
{EVIDENCE}interventions: []

# England's 2021-2024 figures: `wfsim run` prints target against simulated.
targets: targets/england_2021_2024.yaml
"""
    text = header + "\n".join(orgs) + "\n" + footer
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {args.output}: {len(orgs)} organisations, {totals['teams']} teams, "
          f"{totals['posts']} posts, {totals['case_holders']} case-holding posts "
          f"(target {totals['case_target']})")


if __name__ == "__main__":
    main()

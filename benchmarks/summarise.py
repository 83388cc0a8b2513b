#!/usr/bin/python3
"""Summarise benchmarks/run.sh's raw.jsonl into bench.json and bench.md.

    /usr/bin/python3 benchmarks/summarise.py RAW.jsonl OUTDIR [LOAD_AT_END]

Medians over seeds with a 95 % t-interval of the mean (n is small: read the
interval as a rough guide, and the min-max range as the honest one).
"""

import json
import math
import pathlib
import statistics
import sys

T975 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26}
# The one walk of the graph a week: the contact phase, which also sums what
# burnout and uptake read of each post's contacts.
NEIGHBOUR = ("contact",)
# Bytes the walk must move per directed edge (docs/performance.md): neighbour
# index 4 + edge attributes 8 + edge_contact 4 (written, then read back from
# cache) + the neighbour's values gathered: presence code 1, last week's
# burnout 4, evidence-use bits 1.
BYTES_PER_EDGE = {"contact": 4 + 8 + 4 + 1 + 4 + 1, "pull": 4 + 4 + 4}
GOALS = {"england_seconds": 2.0, "england_setup_seconds": 0.1, "la_seconds": 10.0,
         "million_seconds": 60.0, "million_gib": 2.0, "pull_fraction": 0.6, "speedup": 1.7}


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    med = statistics.median(values)
    if len(values) > 1:
        mean = statistics.mean(values)
        half = T975.get(len(values) - 1, 1.96) * statistics.stdev(values) / math.sqrt(len(values))
        lo, hi = mean - half, mean + half
    else:
        lo = hi = med
    return {"median": med, "ci95": [lo, hi], "min": min(values), "max": max(values), "n": len(values)}


def main():
    raw, outdir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    outdir.mkdir(parents=True, exist_ok=True)
    load_end = sys.argv[3] if len(sys.argv) > 3 else "?"
    rows = [json.loads(line) for line in raw.read_text().splitlines() if line.strip()]
    machine = next(r for r in rows if r["kind"] == "machine")
    triad = {r["threads"]: r["gb_per_s"] for r in rows if r["kind"] == "triad"}
    runs = [r for r in rows if r["kind"] == "scenario" and not r["name"].startswith("goal:")]
    goal_runs = {r["name"][5:]: r for r in rows if r["kind"] == "scenario" and r["name"].startswith("goal:")}
    names = list(dict.fromkeys(r["name"] for r in runs))

    summary = {"machine": dict(machine, load_end=load_end, triad_gb_per_s=triad), "scenarios": {}}
    for name in names:
        cell = {}
        for threads in (1, 2):
            rs = [r for r in runs if r["name"] == name and r["threads"] == threads]
            if not rs:
                continue
            first = rs[0]
            pull = stats([r["pull"]["edges_per_s"] for r in rs])
            phases = {}
            for ph in first["phases"]:
                pname = ph["name"]
                per = [next(p for p in r["phases"] if p["name"] == pname) for r in rs]
                weeks = first["phase_weeks"]
                s_week = stats([p["seconds"] / weeks for p in per])
                entry = {"seconds_per_week": s_week,
                         "share": statistics.median(p["share"] for p in per),
                         "agent_weeks_per_s": stats([p["agent_weeks_per_s"] for p in per]),
                         # counted from week 2 on (week 1 sizes scratch space)
                         "allocations_per_week": statistics.median(
                             p.get("allocations", 0) / max(weeks - 1, 1) for p in per)}
                if pname in NEIGHBOUR:
                    eps = stats([p["edges_per_s"] for p in per])
                    edges_week = statistics.median(p["edges"] / weeks for p in per)
                    bytes_week = edges_week * BYTES_PER_EDGE[pname]
                    bound = bytes_week / (triad.get(threads, float("nan")) * 1e9)
                    entry.update({"edges_per_s": eps, "edges_per_week": edges_week,
                                  "fraction_of_pull": eps["median"] / pull["median"],
                                  "bytes_per_week": bytes_week, "bandwidth_bound_seconds": bound,
                                  "times_bandwidth_bound": s_week["median"] / bound if bound else None})
                phases[pname] = entry
            pull_bytes = first["edges"] * BYTES_PER_EDGE["pull"]
            cell[threads] = {
                "posts": first["posts"], "edges": first["edges"], "orgs": first["orgs"],
                "weeks": first["whole"]["weeks"], "replicates": first["whole"]["replicates"],
                "setup_seconds": stats([r["setup_seconds"]["total"] for r in rs]),
                "setup_parts": {k: statistics.median(r["setup_seconds"][k] for r in rs)
                                for k in first["setup_seconds"]},
                "whole_agent_weeks_per_s": stats([r["whole"]["agent_weeks_per_s"] for r in rs]),
                "phases_agent_weeks_per_s": stats([r["posts"] * r["phase_weeks"] / r["phases_seconds"] for r in rs]),
                "rss_peak_bytes": stats([r["memory"]["rss_peak"] for r in rs]),
                "bytes_per_agent": stats([r["memory"]["bytes_per_agent"] for r in rs]),
                "series_bytes": first["memory"]["series_bytes"],
                "pull_edges_per_s": pull,
                "pull_times_bandwidth_bound": (statistics.median(r["pull"]["seconds_per_step"] for r in rs)
                                               / (pull_bytes / (triad.get(threads, float("nan")) * 1e9))),
                "phases": phases,
                "replay_matches_engine": [r["replay_matches_engine"] for r in rs if r["replay_matches_engine"] is not None],
            }
        if 1 in cell and 2 in cell:
            cell["speedup"] = (cell[2]["whole_agent_weeks_per_s"]["median"]
                               / cell[1]["whole_agent_weeks_per_s"]["median"])
        summary["scenarios"][name] = cell

    summary["goals"] = goals(summary["scenarios"], goal_runs)
    (outdir / "bench.json").write_text(json.dumps(summary, indent=1) + "\n")
    md = markdown(summary) + micro_benchmarks(outdir)
    (outdir / "bench.md").write_text(md)
    print(md)


def goals(sc, goal_runs):
    g = {}
    def rate(name, t=2):
        return sc.get(name, {}).get(t, {}).get("whole_agent_weeks_per_s", {}).get("median")
    def setup(name, t=2):
        return sc[name][t]["setup_seconds"]["median"]
    if "england" in goal_runs:
        r = goal_runs["england"]
        g["england_520w_2t"] = {"seconds": r["whole"]["seconds"], "measured": True, "setup": r["setup_seconds"]["total"]}
    elif rate("england"):
        g["england_520w_2t"] = {"seconds": sc["england"][2]["posts"] * 520 / rate("england"), "measured": False,
                                "setup": setup("england")}
    if "la" in goal_runs:
        r = goal_runs["la"]
        g["la_1000x520_2t"] = {"seconds": r["whole"]["seconds"], "measured": True,
                               "agent_weeks_per_s": r["whole"]["agent_weeks_per_s"]}
    elif rate("la"):
        g["la_1000x520_2t"] = {"seconds": sc["la"][2]["posts"] * 520 * 1000 / rate("la"), "measured": False,
                               "agent_weeks_per_s": rate("la")}
    if "million" in goal_runs:
        r = goal_runs["million"]
        g["million_520w_2t"] = {"seconds": r["whole"]["seconds"] + r["setup_seconds"]["total"], "measured": True,
                                "peak_gib": r["memory"]["rss_peak"] / 2**30}
    elif rate("million"):
        m = sc["million"][2]
        extra_series = m["series_bytes"] / (m["weeks"] + 1) * 521 - m["series_bytes"]
        g["million_520w_2t"] = {"seconds": setup("million") + m["posts"] * 520 / rate("million"), "measured": False,
                                "peak_gib": (m["rss_peak_bytes"]["median"] + extra_series) / 2**30}
    for name in ("region", "england"):
        if name in sc and "speedup" in sc[name]:
            g[f"speedup_{name}"] = sc[name]["speedup"]
    for name in ("england", "million", "region", "la"):
        if name in sc and 1 in sc[name]:
            g[f"pull_fraction_{name}_1t"] = {p: sc[name][1]["phases"][p]["fraction_of_pull"]
                                             for p in NEIGHBOUR if p in sc[name][1]["phases"]}
    return g


def fmt_ci(s, scale=1e6, digits=2):
    if s is None:
        return "-"
    return f"{s['median'] / scale:.{digits}f} [{s['ci95'][0] / scale:.{digits}f}, {s['ci95'][1] / scale:.{digits}f}]"


def markdown(summary):
    m = summary["machine"]
    lines = [f"Measured {m['when']} on {m['cpu']} ({m['cpus']} CPUs), commit {m['git']}; "
             f"load average {m['load_start']} at start, {m['load_end']} at end (other people's "
             f"builds share the machine: compare ratios from the same run). "
             f"Triad: {m['triad_gb_per_s'].get(1, float('nan')):.1f} GB/s on 1 thread, "
             f"{m['triad_gb_per_s'].get(2, float('nan')):.1f} GB/s on 2.", "",
             "| scenario | posts | directed edges | threads | set-up (s) | whole model, M agent-weeks/s: median [95 % CI] | 2 vs 1 thread | peak RSS (MiB) | bytes/agent | pull kernel, M edges/s | the walk's edges/s as % of pull |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, cell in summary["scenarios"].items():
        for t in (1, 2):
            if t not in cell:
                continue
            c = cell[t]
            fr = " / ".join(f"{100 * c['phases'][p]['fraction_of_pull']:.0f} %" for p in NEIGHBOUR if p in c["phases"])
            sp = f"{cell['speedup']:.2f}x" if t == 2 and "speedup" in cell else ""
            lines.append(f"| {name} | {c['posts']:,.0f} | {c['edges']:,.0f} | {t} | {c['setup_seconds']['median']:.3g} | "
                         f"{fmt_ci(c['whole_agent_weeks_per_s'])} | {sp} | {c['rss_peak_bytes']['median'] / 2**20:,.0f} | "
                         f"{c['bytes_per_agent']['median']:,.0f} | {c['pull_edges_per_s']['median'] / 1e6:,.0f} | {fr} |")
    lines += ["", "Whole model: `run_ensemble` as `wfsim run` runs it (metrics recorded, no file), "
              "weeks x replicates per scenario as listed in bench.json. Phases: one replicate replayed "
              "phase by phase.", ""]
    for name, cell in summary["scenarios"].items():
        for t in (1, 2):
            if t not in cell:
                continue
            c = cell[t]
            lines += [f"**{name}, {t} thread{'s' if t > 1 else ''}** (phases sum to "
                      f"{c['phases_agent_weeks_per_s']['median'] / 1e6:.2f} M agent-weeks/s):", "",
                      "| phase | share of week | ms/week | ns per agent-week | M agent-weeks/s | M edges/s | % of pull | MB/week | x bandwidth bound |",
                      "|---|---|---|---|---|---|---|---|---|"]
            for pname, p in sorted(c["phases"].items(), key=lambda kv: -kv[1]["share"]):
                nb = pname in NEIGHBOUR
                lines.append(f"| {pname} | {100 * p['share']:.1f} % | {1e3 * p['seconds_per_week']['median']:.3g} | "
                             f"{1e9 / p['agent_weeks_per_s']['median']:.3g} | {p['agent_weeks_per_s']['median'] / 1e6:.3g} | "
                             + (f"{p['edges_per_s']['median'] / 1e6:.3g} | {100 * p['fraction_of_pull']:.0f} % | "
                                f"{p['bytes_per_week'] / 1e6:.3g} | {p['times_bandwidth_bound']:.0f} |" if nb else "| | | |"))
            lines.append(f"| *pull kernel* | | {1e3 * c['edges'] / c['pull_edges_per_s']['median']:.3g} | "
                         f"{1e9 * c['edges'] / (c['posts'] * c['pull_edges_per_s']['median']):.3g} | "
                         f"{c['posts'] * c['pull_edges_per_s']['median'] / c['edges'] / 1e6:.3g} | "
                         f"{c['pull_edges_per_s']['median'] / 1e6:.3g} | 100 % | {c['edges'] * 12 / 1e6:.3g} | "
                         f"{c['pull_times_bandwidth_bound']:.1f} |")
            allocations = sum(p["allocations_per_week"] for p in c["phases"].values())
            lines.append(f"\nHeap allocations in the weekly loop, from week 2 on: {allocations:.3g} per week.")
            lines.append("")
    g = summary["goals"]
    lines += ["Goals (2 threads; 'projected' = from the measured rate, 'measured' = run in full):", ""]
    def verdict(ok):
        return "met" if ok else "missed"
    if "england_520w_2t" in g:
        e = g["england_520w_2t"]
        lines.append(f"- England, 520 weeks, 1 replicate: {e['seconds']:.1f} s ({'measured' if e['measured'] else 'projected'}; "
                     f"+{e['setup']:.3f} s set-up); goal < 2 s: {verdict(e['seconds'] < GOALS['england_seconds'])}; "
                     f"set-up goal <= 0.1 s: {verdict(e['setup'] <= GOALS['england_setup_seconds'])}")
    if "la_1000x520_2t" in g:
        e = g["la_1000x520_2t"]
        lines.append(f"- LA, 1000 x 520 weeks: {e['seconds']:.1f} s ({e['agent_weeks_per_s'] / 1e6:.2f} M agent-weeks/s, "
                     f"{'measured' if e['measured'] else 'projected'}); goal < 10 s: {verdict(e['seconds'] < GOALS['la_seconds'])}")
    if "million_520w_2t" in g:
        e = g["million_520w_2t"]
        lines.append(f"- 10^6 practitioners, 520 weeks: {e['seconds']:.0f} s and {e['peak_gib']:.2f} GiB peak "
                     f"({'measured' if e['measured'] else 'projected'}; including set-up); goal <= 60 s and <= 2 GiB: "
                     f"{verdict(e['seconds'] < GOALS['million_seconds'])} / {verdict(e['peak_gib'] < GOALS['million_gib'])}")
    for k, v in g.items():
        if k.startswith("pull_fraction_"):
            lines.append(f"- {k[14:]}: the week's one walk of the graph at " + ", ".join(f"{100 * f:.0f} %" for f in v.values())
                         + f" of the pull kernel's edges/s; goal >= 60 %: {verdict(all(f >= GOALS['pull_fraction'] for f in v.values()))}")
        if k.startswith("speedup_"):
            lines.append(f"- {k[8:]}: 2 threads {v:.2f}x 1 thread; goal >= 1.7x: {verdict(v >= GOALS['speedup'])}")
    return "\n".join(lines) + "\n"


def micro_benchmarks(outdir):
    """The Google Benchmark files (phases-<scenario>.json), one table each."""
    lines = []
    for path in sorted(outdir.glob("phases-*.json")):
        runs = json.loads(path.read_text()).get("benchmarks", [])
        medians = [b for b in runs if b.get("aggregate_name") == "median"]
        rows = medians or [b for b in runs if b.get("run_type", "iteration") == "iteration"]
        if not rows:
            continue
        scenario = path.stem[len("phases-"):]
        lines += ["", f"Google Benchmark, {scenario}, 1 thread ({'median of repetitions' if medians else 'one run'}):", "",
                  "| benchmark | time per iteration | M agent-weeks/s | M edges/s | M streams/s | M blocks/s |",
                  "|---|---|---|---|---|---|"]
        for b in rows:
            name = b["name"].split("/repeats")[0].removesuffix("_median")
            def rate(key):
                return f"{b[key] / 1e6:.3g}" if key in b else ""
            lines.append(f"| {name} | {b['real_time']:.4g} {b['time_unit']} | {rate('agent_weeks/s')} | "
                         f"{rate('edges/s')} | {rate('streams/s')} | {rate('blocks/s')} |")
    return "\n".join(lines) + ("\n" if lines else "")


if __name__ == "__main__":
    main()

"""The DfE children's social work workforce returns per local authority
(data/england_la_2017_2021.csv), read for the England tools.

Suppressed or missing values (x, z, c, u, low, empty) read as None. Each
authority is followed under the code it reports in 2021: two reorganised
authorities kept their area and take their earlier code's years, one other
reorganisation (Bournemouth, Christchurch and Poole; Dorset, 2019) changed
boundaries, so those authorities start in 2019.
"""
import csv
import math
import re
import sys

RATES = ("turnover_rate_fte", "vacancy_rate_fte", "agency_rate_fte", "absence_rate_fte")
STOCKS = ("inpost_fte", "vacancy_fte", "agency_fte", "agency_cover_fte", "case_holders_fte",
          "cases")
COLUMNS = STOCKS + RATES + ("caseload_fte",)

# Earlier codes of authorities whose area did not change: Northamptonshire's
# children's services passed whole to one trust serving both successor
# councils (2021); Buckinghamshire became a unitary council on the county's
# boundary (2020).
SAME_AREA = {"E10000021": "E06000061 / E06000062", "E10000002": "E06000060"}


def number(text):
    """The published value, or None where it is suppressed or missing."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def authority_id(code):
    """The organisation id wfsim gives an authority's code: letters, digits,
    '.', '-' and '_' kept, each run of anything else one '_'."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", code).strip("_")


def read_returns(path, columns=COLUMNS):
    """{year: {code: {column: value, "name": .., "region": ..}}}, by the code
    each row reports."""
    returns = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row.get("geographic_level") != "Local authority":
                continue
            try:
                year = int(row["time_period"])
                code = row["new_la_code"]
            except (KeyError, ValueError) as error:
                sys.exit(f"{path}:{line}: no reporting year or authority code ({error})")
            values = {column: number(row.get(column, "")) for column in columns}
            values["name"] = row.get("la_name", "")
            values["region"] = row.get("region_name", "")
            returns.setdefault(year, {})[code] = values
    return returns


def by_authority(returns):
    """{code: {year: values}} for the authorities of the latest year, each
    with its years under an earlier code of the same area."""
    latest = max(returns)
    out = {code: {} for code in returns[latest]}
    for year, rows in returns.items():
        for code, values in rows.items():
            current = SAME_AREA.get(code, code)
            if current in out:
                out[current][year] = values
    return out

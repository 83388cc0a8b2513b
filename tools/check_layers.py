#!/usr/bin/python3
"""Checks that wfsim's libraries depend on each other one way only: every
quoted #include in a library's sources names its own library or one it may
use (docs/architecture.md). Exit 0 when the rule holds, 1 with one line per
offending include (file:line, what it includes, what that library may use).

    /usr/bin/python3 tools/check_layers.py [REPO_ROOT]

Standard library only.
"""

import re
import sys
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent

# From the bottom up: what each library may include besides itself.
ALLOWED = {
    "sim": set(),
    "record": {"sim"},
    "io": {"sim", "record"},
    "analysis": {"sim", "record", "io"},
    "population": {"sim", "record", "io"},
    "models": {"sim", "record", "io"},
    "distributed": {"sim", "record", "io"},
    "viz/report": {"sim", "record", "io", "analysis"},
    "server": {"sim", "record", "io", "analysis", "population", "models", "distributed",
               "viz/report"},
    "cli": {"sim", "record", "io", "analysis", "population", "models", "distributed",
            "viz/report", "server"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def library_of(path):
    """The library a repository path belongs to, or None (tests, benchmarks...)."""
    text = path.as_posix()
    for library in sorted(ALLOWED, key=len, reverse=True):
        if text == library or text.startswith(library + "/"):
            return library
    return None


def main():
    findings = []
    for library in ALLOWED:
        for source in sorted((ROOT / library).rglob("*")):
            if source.suffix not in (".cpp", ".hpp", ".in"):
                continue
            own = library_of(source.relative_to(ROOT))
            if own != library:
                continue  # a nested library's file (viz/report under viz)
            for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                target = library_of(Path(match.group(1)))
                where = f"{source.relative_to(ROOT)}:{number}"
                if target is None:
                    findings.append(f"{where}: includes \"{match.group(1)}\", which names no library "
                                    "(include by path from the repository root, e.g. \"sim/state.hpp\")")
                elif target != library and target not in ALLOWED[library]:
                    may = ", ".join(sorted(ALLOWED[library])) or "no other library"
                    findings.append(f"{where}: {library} includes \"{match.group(1)}\" of {target}; "
                                    f"{library} may use {may}")
    for finding in findings:
        print(finding)
    if findings:
        print(f"check_layers: {len(findings)} include(s) against the dependency rule", file=sys.stderr)
        return 1
    print("check_layers: every library includes only itself and the libraries below it")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Checks that the user docs stand alone: every relative link and every
repository path they name exists, and none cites material that does not ship
with wfsim (development notes, issue numbers, files outside the repository).

    /usr/bin/python3 tools/check_docs.py [REPO_ROOT]

The docs are README.md, everything under docs/ and data/README.md; the
comment lines of the shipped scenarios, experiments and examples are checked
for references that do not ship. Exit 0 when clean, 1 with one line per
finding (file:line: what, and the fix). Standard library only.
"""

import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent

# Top-level folders of the repository: a token starting with one of these and
# a slash is a repository path (build/ and results/ are made by the user).
REPO_FOLDERS = ("sim", "record", "io", "analysis", "population", "models", "distributed",
                "server", "cli", "viz", "scenarios", "experiments", "data", "tests",
                "benchmarks", "docs", "tools", "examples", "cmake", ".ci")
PATH_TOKEN = re.compile(r"(?<![\w/.~-])((?:%s)/[\w./*<>{}-]*[\w*>}])" % "|".join(re.escape(f) for f in REPO_FOLDERS))
# A path a documented command writes (`-o examples/x.yaml`) need not exist.
OUTPUT_ARGUMENT = re.compile(r"(?:^|\s)(?:-o|--output|--out|--csv|--annual-csv)[ =](\S+)")
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
# Names a user never gets: the project's internal specification and briefs,
# the folder beside the repository they live in, and issue numbers.
NOT_SHIPPED = [
    (re.compile(r"contract\.md"), "names the internal specification"),
    (re.compile(r"\bmodel\.md\b"), "names the internal model brief"),
    (re.compile(r"product brief", re.IGNORECASE), "names the internal product brief"),
    (re.compile(r"(?:\.\./)?\bshared/(?:brief|spec|data|seeds|tools|hooks)\b"), "names a folder outside the repository"),
    (re.compile(r"\bissues? #?\d+\b", re.IGNORECASE), "names an internal issue number"),
]
# Placeholders in examples (OUT.h5, DIR/series.csv, <org>) are not paths, and
# what tools/install-deps.sh installs (viz/node_modules) is not in a clone.
PLACEHOLDER = re.compile(r"[<>*{}]|\b[A-Z]{2,}\b|\.\.\.|/X\.|/x\.|node_modules")


def user_docs():
    yield ROOT / "README.md"
    yield from sorted((ROOT / "docs").rglob("*.md"))
    if (ROOT / "data" / "README.md").exists():
        yield ROOT / "data" / "README.md"


def commented_files():
    for folder in ("scenarios", "experiments", "examples"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".yaml", ".yml", ".sh", ".py", ".md"):
                yield path


def tracked_paths():
    """The files git tracks and their folders, or None outside a git checkout:
    what a fresh clone has, whatever else lies in this working tree."""
    try:
        listing = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], check=True,
                                 capture_output=True).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):
        return None
    paths = set()
    for name in filter(None, listing):
        path = PurePosixPath(name)
        paths.add(str(path))
        paths.update(str(parent) for parent in path.parents)
    return paths


TRACKED = tracked_paths()


def in_repository(path):
    """Whether `path` (absolute, or relative to the root) is in a clone."""
    path = Path(path)
    if TRACKED is None:
        return (ROOT / path).exists()
    try:
        relative = (ROOT / path).resolve().relative_to(ROOT)
    except ValueError:
        return False  # outside the repository
    return str(PurePosixPath(relative)) in TRACKED or str(relative) == "."


def exists(target, doc):
    return in_repository(doc.parent / target) or in_repository(target)


def check_paths(doc, line_number, line, outputs, findings):
    for match in MARKDOWN_LINK.finditer(line):
        target = match.group(1).split("#", 1)[0]
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue  # an anchor in the same page, or a URL
        if not exists(target, doc):
            findings.append(f"{doc.relative_to(ROOT)}:{line_number}: link to {target}, which is not in the "
                            "repository (fix the path or ship the file)")
    for match in PATH_TOKEN.finditer(line):
        path = match.group(1).rstrip(".")
        if PLACEHOLDER.search(path) or path in outputs:
            continue
        if not in_repository(path):
            findings.append(f"{doc.relative_to(ROOT)}:{line_number}: names {path}, which is not in the "
                            "repository (fix the path or ship the file)")


def check_not_shipped(path, line_number, line, findings):
    for pattern, what in NOT_SHIPPED:
        match = pattern.search(line)
        if match:
            findings.append(f"{path.relative_to(ROOT)}:{line_number}: '{match.group(0)}' {what}; "
                            "say it in the docs' own words")


def main():
    findings = []
    for doc in user_docs():
        text = doc.read_text(encoding="utf-8")
        outputs = set(OUTPUT_ARGUMENT.findall(text))
        for number, line in enumerate(text.splitlines(), 1):
            check_paths(doc, number, line, outputs, findings)
            check_not_shipped(doc, number, line, findings)
    for path in commented_files():
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if line.lstrip().startswith("#"):
                check_not_shipped(path, number, line, findings)
    for finding in findings:
        print(finding)
    if findings:
        print(f"check_docs: {len(findings)} finding(s)", file=sys.stderr)
        return 1
    print("check_docs: every link and path named in the user docs exists; none names unshipped material")
    return 0


if __name__ == "__main__":
    sys.exit(main())

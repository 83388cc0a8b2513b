#!/usr/bin/env bash
# Writes one output of every kind wfsim makes, from every shipped scenario,
# experiment and example, into a folder; with --against OLD_DIR, checks that
# each equals the same file in OLD_DIR value for value (results files by
# tests/mpi/same_h5.py, leaving out only build provenance and timings; text
# files byte for byte). For refactors that must keep results bit-identical:
#
#   tools/regression_outputs.sh OLD_BUILD/cli/wfsim /tmp/before
#   tools/regression_outputs.sh build/cli/wfsim /tmp/after --against /tmp/before
#
# Prints one fingerprint line per file (sha256 of its values, provenance left
# out), so two runs can also be compared by eye or in a note. Sizes are kept
# small (a few minutes in all on two cores); every code path of the engine,
# recording, I/O and analysis is still taken.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: tools/regression_outputs.sh WFSIM OUT_DIR [--against OLD_DIR]" >&2; exit 2; }
wfsim=$(readlink -f "$1")
out=$2
against=${4:-}
[ "${3:-}" = "" ] || [ "${3:-}" = "--against" ] || { echo "unknown option $3" >&2; exit 2; }
mkdir -p "$out"
rm -f "$out"/*.h5 "$out"/*.txt "$out"/*.yaml "$out"/*.csv

run() {  # label, then the wfsim command's arguments
  local label=$1
  shift
  "$wfsim" "$@" >"$out/$label.stdout.txt" 2>"$out/$label.stderr.txt" \
    || { echo "regression_outputs: $label failed:" >&2; cat "$out/$label.stderr.txt" >&2; exit 1; }
}

for scenario in scenarios/*.yaml; do
  name=$(basename "$scenario" .yaml)
  if [ "$name" = england ]; then
    run "run_$name" run "$scenario" --replicates 1 --weeks 6 --threads 2 -o "$out/run_$name.h5"
  else
    run "run_$name" run "$scenario" --replicates 3 --weeks 60 --threads 2 -o "$out/run_$name.h5"
  fi
done
mkdir -p "$out/csv"
run run_csv run scenarios/baseline.yaml --replicates 2 --weeks 10 --csv "$out/csv" -o "$out/run_csv.h5"
for f in "$out"/csv/*.csv; do mv "$f" "$out/csv_$(basename "$f")"; done
rmdir "$out/csv"
run compare compare scenarios/baseline.yaml scenarios/council_agile_flexitime.yaml \
  --replicates 6 --weeks 104 -o "$out/compare.h5"
run compare_csv compare scenarios/baseline.yaml scenarios/hei_link.yaml --replicates 4 --weeks 60 \
  --format csv
run sweep sweep experiments/flexitime_share.yaml --replicates 2 -o "$out/sweep.h5"
run population population --survey examples/survey_example.csv --base scenarios/baseline.yaml \
  -o "$out/population.yaml"
# The shipped calibration of that population, smaller.
sed -E "s#^scenario: .*#scenario: population.yaml#; s#^abc: .*#abc: {particles: 40, max_generations: 2, seed: 2026}#; s#^predictive_draws: .*#predictive_draws: 20#" \
  examples/calibrate_survey.yaml >"$out/calibrate_input.yaml"
run calibrate calibrate "$out/calibrate_input.yaml" -o "$out/calibrate.h5"
run sensitivity sensitivity experiments/morris_assumed.yaml -o "$out/sensitivity.h5"
run parameters parameters

# Timings, rates and file names in the printed text are not results.
sed -i -E 's#'"$out"'#OUT#g; s/[0-9.]+ s\b/(time)/g; s/[0-9.]+ ([KM] )?([a-z-]+)\/s/(rate) \2\/s/g' \
  "$out"/*.stdout.txt "$out"/*.stderr.txt

/usr/bin/python3 - "$out" <<'EOF'
import hashlib, sys
from pathlib import Path
import h5py, numpy as np
sys.path.insert(0, "tests/mpi")
from same_h5 import IGNORED, walk
PROVENANCE = IGNORED | {"git_sha", "threads", "build_type", "compiler", "hdf5_version", "tbb_version"}
def fingerprint(path):
    digest = hashlib.sha256()
    if path.suffix != ".h5":
        digest.update(path.read_bytes())
        return digest.hexdigest()
    with h5py.File(path, "r") as f:
        for name, obj in sorted(walk(f).items()):
            if name in PROVENANCE:
                continue
            digest.update(name.encode())
            if isinstance(obj, h5py.Dataset):
                digest.update(np.ascontiguousarray(obj[()]).tobytes() if obj.dtype.kind != "O"
                              else repr(obj[()].tolist()).encode())
            for key in sorted(obj.attrs):
                if key not in PROVENANCE:
                    digest.update(key.encode() + repr(obj.attrs[key]).encode())
    return digest.hexdigest()
for path in sorted(Path(sys.argv[1]).iterdir()):
    print(f"{fingerprint(path)[:16]}  {path.name}")
EOF

if [ -n "$against" ]; then
  status=0
  for new in "$out"/*; do
    old="$against/$(basename "$new")"
    [ -e "$old" ] || { echo "only in $out: $(basename "$new")"; status=1; continue; }
    case "$new" in
      *.h5) /usr/bin/python3 tests/mpi/same_h5.py "$old" "$new" --ignore git_sha --ignore threads || status=1 ;;
      *) cmp -s "$old" "$new" || { echo "differs: $(basename "$new")"; diff "$old" "$new" | head -5; status=1; } ;;
    esac
  done
  for old in "$against"/*; do
    [ -e "$out/$(basename "$old")" ] || { echo "only in $against: $(basename "$old")"; status=1; }
  done
  [ "$status" -eq 0 ] && echo "regression_outputs: every output equals $against's"
  exit "$status"
fi

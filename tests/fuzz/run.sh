#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz, clang, address + undefined-
# behaviour sanitizers) and runs each for SECONDS_PER_TARGET seconds (default
# 30), one after another, on a copy of its seed corpus. Fails if any target
# finds a crash, a sanitizer report, a timeout or a leak of memory; the
# input is kept in build-fuzz/fuzz-findings/<target>/ and the fuzzer's
# report in build-fuzz/fuzz-findings/<target>.log.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# WFSIM_FUZZ_JOBS: build parallelism (default 2). The fuzzers themselves run
# one at a time, on one core each.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(scenario set_paths experiment calibration sensitivity survey report http)
fi

# Debian 12's clang 14 cannot compile lambdas that capture structured
# bindings (C++20); clang 16 (Debian package clang-16) can.
cc=clang-16
cxx=clang++-16
if ! command -v "$cxx" >/dev/null || ! ls /usr/lib/llvm-16/lib/clang/16/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "fuzz: needs Debian's clang-16 and libclang-rt-16-dev (apt-get install clang-16 libclang-rt-16-dev)" >&2
  exit 2
fi

build_start=$SECONDS
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=$cc -DCMAKE_CXX_COMPILER=$cxx -DWFSIM_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O1 -DWFSIM_BUILD_BENCHMARKS=OFF \
  -DWFSIM_MPI=OFF >/dev/null
cmake --build build-fuzz -j"${WFSIM_FUZZ_JOBS:-2}" --target "${targets[@]/#/fuzz_}"
echo "fuzz: built in $((SECONDS - build_start)) s"

findings=build-fuzz/fuzz-findings
mkdir -p "$findings"
failed=()
for target in "${targets[@]}"; do
  corpus=build-fuzz/fuzz-corpus/$target
  rm -rf "$corpus" "${findings:?}/$target"
  mkdir -p "$corpus" "$findings/$target"
  cp tests/fuzz/corpus/"$target"/* "$corpus"/
  if [ -d tests/fuzz/regressions/"$target" ]; then
    cp tests/fuzz/regressions/"$target"/* "$corpus"/ 2>/dev/null || true
  fi
  dict=()
  [ -f tests/fuzz/"$target".dict ] && dict=(-dict="tests/fuzz/$target.dict")
  max_len=65536
  timeout=10
  # A file the HDF5 library never finishes reading is refused after 60 s.
  [ "$target" = report ] && max_len=131072 && timeout=75
  echo "== fuzz_$target: $seconds s"
  status=0
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp" ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer \
    build-fuzz/tests/fuzz/fuzz_"$target" "$corpus" "${dict[@]}" -max_total_time="$seconds" \
    -rss_limit_mb=2048 -timeout=$timeout -max_len=$max_len -print_final_stats=1 \
    -artifact_prefix="$findings/$target/" >"$findings/$target.log" 2>&1 || status=$?
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|#[0-9]+ *DONE" "$findings/$target.log" || true
  # slow-unit-* files are inputs past 10 s, not failures (report's refusal
  # of a file HDF5 never finishes reading takes 60 s).
  if [ $status -ne 0 ] || ls "$findings/$target" | grep -qv '^slow-unit-'; then
    echo "fuzz_$target FOUND A PROBLEM (exit $status): $findings/$target.log"
    grep -E "ERROR|SUMMARY|Test unit written" "$findings/$target.log" | head -5 || true
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}"
  exit 1
fi
echo "fuzz: no findings"

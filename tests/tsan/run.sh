#!/usr/bin/env bash
# ThreadSanitizer on the parallel and server tests:
#   tests/tsan/run.sh [CTEST_REGEX]
#
# ThreadSanitizer must see every synchronisation, and Debian's libtbb is
# built without it: on it, an eight-line parallel_for program gives about 30
# false reports. So this builds Debian's own oneTBB source (the installed
# version, from its source package, with Debian's patches) with
# -fsanitize=thread into build-tsan/onetbb, then wfsim's tests against it
# (gcc, -O1, -fsanitize=thread, no MPI), and runs the tests whose names match
# CTEST_REGEX (default: the parallel and server tests below) one at a time.
# Fails on any ThreadSanitizer report (halt_on_error; the few suppressed are
# in tests/tsan/suppressions.txt, with why), and if ThreadSanitizer
# misses the race planted in tests/tsan/planted_race.cpp.
#
# Needs the network for the source package (deb.debian.org, as apt uses) and
# dpkg-dev; everything is kept under build-tsan, so a second run rebuilds
# only what changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
out=$PWD/build-tsan
mkdir -p "$out"

# Debian's oneTBB source for the installed libtbb, through a private apt state
# (the machine's own apt lists and sources are left alone).
version=$(dpkg-query -W -f='${Version}' libtbb-dev)
tbb_prefix=$out/onetbb
if [ ! -f "$tbb_prefix/.version" ] || [ "$(cat "$tbb_prefix/.version")" != "$version" ]; then
  command -v dpkg-source >/dev/null || { echo "tsan: needs dpkg-dev (apt-get install dpkg-dev)" >&2; exit 2; }
  apt_dir=$out/apt
  rm -rf "$apt_dir" "$out/onetbb-src" "$out/onetbb-build" "$tbb_prefix"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$out/onetbb-src"
  mirror=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$mirror" ] || mirror=$(grep -hsE '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  {
    echo "deb-src $mirror bookworm main"
    echo "deb-src $mirror bookworm-updates main"
    echo "deb-src http://deb.debian.org/debian-security bookworm-security main"
  } >"$apt_dir/sources.list"
  apt_options=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
               -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache::Archives=$apt_dir/archives"
               -o APT::Sandbox::User=root -q)
  apt-get "${apt_options[@]}" update >/dev/null
  (cd "$out/onetbb-src" && apt-get "${apt_options[@]}" source --download-only "onetbb=$version" >/dev/null)
  dpkg-source -x "$out"/onetbb-src/onetbb_*.dsc "$out/onetbb-src/tree" >/dev/null
  log=$out/onetbb-build.log
  {
    cmake -S "$out/onetbb-src/tree" -B "$out/onetbb-build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DTBB_SANITIZE=thread -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBBMALLOC_BUILD=OFF \
      -DTBB_STRICT=OFF -DCMAKE_INSTALL_PREFIX="$tbb_prefix" &&
      cmake --build "$out/onetbb-build" -j2 && cmake --install "$out/onetbb-build"
  } >"$log" 2>&1 || { tail -n 30 "$log" >&2; echo "tsan: building oneTBB failed: $log" >&2; exit 1; }
  echo "$version" >"$tbb_prefix/.version"
  echo "tsan: oneTBB $version built with ThreadSanitizer in $((SECONDS - start)) s"
fi

build_start=$SECONDS
cmake -S . -B "$out/wfsim" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O1 \
  -DWFSIM_SANITIZE=thread -DWFSIM_BUILD_BENCHMARKS=OFF -DWFSIM_MPI=OFF \
  -DTBB_DIR="$tbb_prefix/lib/cmake/TBB" >/dev/null
targets=(wfsim wfsim_tests test_serve wfsim_distributed_tests test_extension_metric)
cmake --build "$out/wfsim" -j2 --target "${targets[@]}" >/dev/null
echo "tsan: wfsim's tests built in $((SECONDS - build_start)) s"
# The tests must run on the instrumented oneTBB, not the system's.
libraries=$(ldd "$out/wfsim/cli/wfsim")  # not piped into grep -q: pipefail and SIGPIPE
if [[ "$libraries" != *"$tbb_prefix/lib/libtbb"* ]]; then
  echo "tsan: wfsim is not linked to $tbb_prefix/lib's libtbb" >&2
  exit 1
fi

# The sanitizer must see a race planted in a parallel_for, or a clean run
# below would prove nothing.
planted=$out/planted_race
g++ -std=c++20 -O1 -g -fsanitize=thread tests/tsan/planted_race.cpp -o "$planted" \
  -I"$tbb_prefix/include" -L"$tbb_prefix/lib" -Wl,-rpath,"$tbb_prefix/lib" -ltbb
if TSAN_OPTIONS=halt_on_error=1 "$planted" >"$planted.log" 2>&1 ||
  ! grep -q "WARNING: ThreadSanitizer: data race" "$planted.log"; then
  echo "tsan: ThreadSanitizer did not report the race planted in tests/tsan/planted_race.cpp" >&2
  exit 1
fi
echo "tsan: the planted race is reported"

# Everything that runs threads: the engine's parallel steps and ensembles at
# several thread counts, chunked ensembles, the commands that run replicates,
# pairs, points and particles in parallel, and the workshop server.
default='thread count|in parallel|chunk|ensemble|common random numbers|paired|determinis'
default+='|^serve|^run:|^compare|^sweep|^calibrat|^sensitivity|interrupt'
regex=${1:-$default}
# Not the long statistical checks (many replicates; the Release suite runs
# them), nor MPI (Open MPI is not instrumented), fuzz replays or the browser,
# nor the server's load test, whose bounds on time and memory are for the
# Release build (ThreadSanitizer runs 5-15 times slower in 5-10 times the
# memory).
skip='^mpi_|^fuzz_|browser|e2e|intervals of a known effect cover|common random numbers narrow'
skip+='|an interrupted calibration resumes|^serve: 30 clients'
tests_start=$SECONDS
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan/suppressions.txt" \
  ctest --test-dir "$out/wfsim" --output-on-failure -R "$regex" -E "$skip"
echo "tsan: tests in $((SECONDS - tests_start)) s; $((SECONDS - start)) s in all"

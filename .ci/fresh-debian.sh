#!/usr/bin/env bash
# The README's two set-up commands, exactly as written, on a clean Debian 12
# root: what a newcomer with nothing but git and this repository would type.
# A green run here cannot hide a package that only the CI machine had.
#
#   .ci/fresh-debian.sh [--keep]
#
# Needs root (debootstrap, chroot, mounts). Builds the root with
# `debootstrap --variant=minbase bookworm` from the host's own Debian mirror,
# copies in the host's apt, CA and npm configuration (so the registries are
# reached the way the host reaches them), then the repository's tracked files,
# installs git, and runs in the root:
#   1. the README's run command (install, build the simulator, run the baseline),
#      then reads its results file from Python and runs the benchmark smoke test;
#   2. the README's test command (install, build everything, every test).
# A compiler warning in either build fails it.
# The root is made anew each time (about half a minute), so nothing installed
# by an earlier run can help. --keep leaves it for inspection.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
keep=0
[ "${1:-}" = "--keep" ] && keep=1

[ "$(id -u)" -eq 0 ] || { echo "fresh-debian: needs root (debootstrap, chroot)" >&2; exit 1; }

step_start=$SECONDS
timings=()
finish_step() {  # name: records how long the step took
  timings+=("$(printf '%-44s %5d s' "$1" $((SECONDS - step_start)))")
  step_start=$SECONDS
}

readme_command() {  # the line in README.md that ends with $1, exactly as written
  local line
  line=$(grep -E "^tools/install-deps\.sh && .*$1\$" "$repo/README.md" || true)
  [ "$(printf '%s\n' "$line" | grep -c .)" -eq 1 ] \
    || { echo "fresh-debian: README.md must hold exactly one set-up command ending in: $1" >&2; exit 1; }
  printf '%s\n' "$line"
}
run_command=$(readme_command 'build/cli/wfsim run scenarios/baseline.yaml -o results/baseline.h5')
test_command=$(readme_command 'ctest --test-dir build --output-on-failure -j2')

if ! command -v debootstrap >/dev/null; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
fi

# The host's Debian mirror: the first URI of its Debian sources.
mirror=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1 || true)
[ -n "$mirror" ] || mirror=$(grep -hsE '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n1 || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

root=$(mktemp -d /var/tmp/wfsim-fresh-root.XXXXXX)
chmod 755 "$root"  # a root directory anyone may enter, as on a real machine (apt drops to _apt)
mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
  done
  if [ "$keep" -eq 1 ]; then
    echo "fresh-debian: the root is kept at $root"
  elif grep -qF " $root/" /proc/mounts; then
    echo "fresh-debian: something is still mounted under $root; not deleting it" >&2
  else
    rm -rf --one-file-system "$root"
  fi
}
trap cleanup EXIT
mount_in_root() {  # mount args... target (last): records it for cleanup
  mount "$@"
  mounts+=("${!#}")
}

echo "== fresh Debian 12 root at $root (debootstrap --variant=minbase bookworm $mirror)"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
  || { tail -n 30 "$root.debootstrap.log" >&2; rm -f "$root.debootstrap.log"; exit 1; }
rm -f "$root.debootstrap.log"
finish_step "debootstrap --variant=minbase bookworm"

# The host's way to the registries: its Debian sources (security and updates
# too) and apt settings, CA certificates it adds, DNS and npm configuration.
rm -f "$root/etc/apt/sources.list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] && grep -qsE 'debian\.org|/debian' "$f" && cp "$f" "$root$f"
done
for f in /etc/apt/apt.conf.d/*; do
  [ -f "$f" ] && grep -qs 'Acquire::' "$f" && cp "$f" "$root/etc/apt/apt.conf.d/"
done
for f in /etc/apt/auth.conf /etc/apt/auth.conf.d/*; do
  [ -f "$f" ] && mkdir -p "$root$(dirname "$f")" && cp "$f" "$root$f"
done
mkdir -p "$root/usr/local/share/ca-certificates" "$root/etc/ssl/certs"
cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
[ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
for f in /etc/npmrc /usr/etc/npmrc /root/.npmrc; do
  [ -f "$f" ] && mkdir -p "$root$(dirname "$f")" && cp "$f" "$root$f"
done
cp /etc/resolv.conf /etc/hosts "$root/etc/" 2>/dev/null || true

# What programs in the root need of the kernel: /proc, /sys and a /dev of
# its own (a tmpfs with the usual nodes bound in, so nothing done in the root
# can touch the host's /dev), shared memory for Chromium and Open MPI.
mount_in_root -t proc proc "$root/proc"
mount_in_root -t sysfs -o ro sysfs "$root/sys"
mount_in_root -t tmpfs -o mode=755 devfs "$root/dev"
for node in null zero full random urandom tty; do
  touch "$root/dev/$node"
  mount_in_root --bind "/dev/$node" "$root/dev/$node"
done
mkdir -p "$root/dev/pts" "$root/dev/shm"
mount_in_root -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
mount_in_root -t tmpfs -o mode=1777 shm "$root/dev/shm"
ln -s /proc/self/fd "$root/dev/fd"

# The repository as a clone has it: its tracked files and its history.
work=/root/wfsim
mkdir -p "$root$work"
(cd "$repo" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$root$work"
cp -a "$repo/.git" "$root$work/.git"
finish_step "configure the root, copy the repository"

in_root() {  # runs a bash command in the root, in the repository, with a clean environment
  local vars=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
              TERM=dumb DEBIAN_FRONTEND=noninteractive)
  local name
  for name in NODE_EXTRA_CA_CERTS http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    [ -n "${!name:-}" ] && vars+=("$name=${!name}")
  done
  chroot "$root" /usr/bin/env -i "${vars[@]}" /bin/bash -c "cd $work && $1"
}

echo "== in the root: git (the newcomer's one prerequisite)"
in_root 'apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends git >/dev/null'
finish_step "apt-get install git"

# The build's compiler warnings fail the step: the README builds without
# -Werror (a newer compiler must not stop a user), so they are caught here.
build_log="$root/tmp/readme-commands.log"
no_compiler_warnings() {
  if grep -E '^[^ ]+\.(c|cc|cpp|h|hpp):[0-9]+:[0-9]+: warning:' "$build_log"; then
    echo "fresh-debian: the build above printed compiler warnings" >&2
    exit 1
  fi
}

echo "== in the root: the README's run command"
echo "\$ $run_command"
in_root "$run_command" 2>&1 | tee "$build_log"
no_compiler_warnings
finish_step "README run command (install, build wfsim, run)"

echo "== in the root: the baseline's results read from Python; the benchmark smoke run"
in_root '/usr/bin/python3 tools/read_results.py results/baseline.h5'
in_root 'benchmarks/run.sh --smoke --out results/bench-smoke >/dev/null'
finish_step "read results from Python, benchmark smoke"

echo "== in the root: the README's test command"
echo "\$ $test_command"
in_root "$test_command" 2>&1 | tee "$build_log"
no_compiler_warnings
finish_step "README test command (build the rest, ctest)"

echo "== fresh Debian 12 root: every step passed"
printf '  %s\n' "${timings[@]}"

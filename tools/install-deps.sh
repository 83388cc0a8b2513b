#!/usr/bin/env bash
# Installs what wfsim's build, tests and workshop page need on Debian 12:
# Debian's packages through apt-get, the page's packages from the npm registry (as
# locked in viz/package-lock.json), nothing from anywhere else. Skips what is
# already there, so it needs neither root nor network on a ready machine.
# CI runs it on a fresh Debian 12 root (.ci/fresh-debian.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config ca-certificates
  libboost-graph-dev librandom123-dev libtbb-dev libyaml-cpp-dev libhdf5-dev hdf5-tools
  catch2 libcli11-dev libfmt-dev nlohmann-json3-dev libbenchmark-dev
  libcpp-httplib-dev zlib1g-dev openmpi-bin libopenmpi-dev
  python3-h5py python3-numpy
  chromium
)
# The page is built, and its browser tests run, with Node.js 18 or later:
# Debian 12's own, or a newer one the machine already has (e.g. NodeSource's).
node_major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/') || true
if [ -z "$node_major" ] || [ "$node_major" -lt 18 ] || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} Debian packages present"
else
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The page's packages, exactly as locked. A copy of the lock file in
# node_modules records what was installed, so a second call does nothing.
stamp=viz/node_modules/.wfsim-installed-lock.json
if ! cmp -s viz/package-lock.json "$stamp" 2>/dev/null; then
  echo "install-deps: npm ci in viz/"
  (cd viz && npm ci --no-audit --no-fund)
  cp viz/package-lock.json "$stamp"
else
  echo "install-deps: viz/node_modules matches viz/package-lock.json"
fi

#!/usr/bin/env bash
# Installs what wfsim needs from Debian 12's packages, skipping what is
# already there (so it needs neither root nor network on a ready machine).
set -euo pipefail

packages=(
  build-essential cmake
  libboost-graph-dev libtbb-dev libyaml-cpp-dev libhdf5-dev
  catch2 libcli11-dev libfmt-dev nlohmann-json3-dev libbenchmark-dev
  python3-h5py python3-numpy
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs every Debian (bookworm) package Lantern needs to build, test, benchmark and run (`--fuzz`: and fuzz).
# Idempotent: packages already present are not reinstalled. Works as root or through sudo.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache
  # Qt 6.4
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-svg-dev qt6-charts-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  # numerics and rendering
  libdnnl-dev libeigen3-dev libvtk9-dev
  # file formats
  libhdf5-dev libnetcdf-dev libonnx-dev libprotobuf-dev protobuf-compiler zlib1g-dev libzip-dev libblosc-dev
  # batch jobs across machines: Open MPI and the parallel HDF5 build (VTK pulls them in; listed for lantern-cli)
  openmpi-bin libopenmpi-dev libhdf5-openmpi-dev
  # science
  libproj-dev libsymspg-dev libopenbabel-dev
  # misc
  nlohmann-json3-dev libcli11-dev libavcodec-dev libavformat-dev libswscale-dev libavutil-dev
  libavfilter-dev
  # tests, benchmarks, demo data
  xvfb xauth python3-torch python3-numpy python3-h5py python3-netcdf4 python3-ase python3-spglib
  python3-zarr
  dataset-fashion-mnist
)

# `--fuzz` (make fuzz): clang with libFuzzer, and Pillow for tests/fuzz/make_seeds.py
if [ "${1:-}" = "--fuzz" ]; then
  PACKAGES+=(clang libclang-rt-14-dev python3-pil)
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: not root and no sudo; install these packages yourself: ${PACKAGES[*]}" >&2
    exit 1
  fi
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"

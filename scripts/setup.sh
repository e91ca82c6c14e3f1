#!/bin/sh
# Installs every Debian package the project needs. Safe to re-run: it only
# calls apt-get when something is missing. Run as root (or with sudo).
set -eu

PACKAGES="
  build-essential cmake pkg-config ninja-build clang-format
  libsystemc-dev libeigen3-dev libboost-program-options-dev
  googletest libgtest-dev nlohmann-json3-dev zlib1g-dev
  gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf
  qemu-system-misc gdb-multiarch gtkwave
  libonnx-dev libprotobuf-dev protobuf-compiler python3-onnx
  dataset-fashion-mnist
  python3 python3-numpy python3-matplotlib
  gnuplot-nox chromium
  slurm-wlm munge
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "setup: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "setup: done"

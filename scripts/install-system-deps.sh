#!/usr/bin/env bash
# Installs the Debian packages the tests need, when they are missing:
#   chromium, libkrb5-dev, ripgrep  - the offline VS Code host (code-server driven by Chromium)
#   python3-torch, python3-matplotlib - executing the Python snippets with real PyTorch (/usr/bin/python3)
# Does nothing when everything is installed. Uses sudo when not run as root.
set -euo pipefail
packages=(chromium libkrb5-dev ripgrep python3-torch python3-matplotlib)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${packages[*]})"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "missing system packages: ${missing[*]}; install them with your package manager" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs the Debian packages MatchApi needs, only those that are missing.
#   scripts/install-deps.sh            MeCab + IPADIC (to run the service)
#   scripts/install-deps.sh --browser  also Chromium (for the browser tests)
set -euo pipefail

packages=(libmecab2 mecab-ipadic-utf8)
[[ "${1:-}" == "--browser" ]] && packages+=(chromium fonts-noto-cjk fonts-noto-color-emoji)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing packages: ${missing[*]}" >&2
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

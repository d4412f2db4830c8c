#!/usr/bin/env bash
# Installs the Debian packages MatchApi needs, only those that are missing.
#   scripts/install-deps.sh            MeCab + IPADIC (to run the service)
#   scripts/install-deps.sh --tests    also what the tests use: Chromium and its fonts, a second MeCab dictionary, and
#                                      PostgreSQL and Redis for the multi-instance tests (they start their own throw-away
#                                      servers on loopback; the packages' own services are not needed)
set -euo pipefail

packages=(libmecab2 mecab-ipadic-utf8)
# mecab-naist-jdic makes itself the machine's default MeCab dictionary: the tests check that MatchApi does not care.
[[ "${1:-}" == "--tests" ]] && packages+=(chromium fonts-noto-cjk fonts-noto-color-emoji mecab-naist-jdic postgresql redis-server)

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

#!/bin/sh
# Debian packages the browser test needs: chromium (Playwright drives it; it cannot download its
# own browser here), CJK fonts so Korean and Chinese text renders in screenshots, and Liberation Sans,
# the font the static SVGs of the charts are laid out in (dprk_china.render.STATIC_FONT).
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto 2>/dev/null | grep -q CJK || missing="$missing fonts-noto-cjk"
[ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || missing="$missing fonts-liberation"
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: no apt-get; install$missing yourself (the browser test is skipped without chromium)" >&2
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-system-deps: not root and no sudo; install$missing yourself" >&2
    exit 0
fi
echo "install-system-deps: installing$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null

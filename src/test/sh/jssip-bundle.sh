#!/usr/bin/env bash
# Makes a browser bundle of JsSIP for the softphone's harness test (KamailioSoftphoneHarnessTest) and prints its
# path: jssip 3.13.x on npm ships only CommonJS (lib/), no dist/ bundle, so esbuild bundles it into one IIFE script
# that defines the global JsSIP. Uses the console's own node_modules (src/main/webui) when they hold jssip and
# esbuild; else installs both once with npm into target/jssip-harness. The bundle is kept until `mvn clean`.
#   usage: jssip-bundle.sh <project base directory>
set -euo pipefail
base=$(cd "${1:-.}" && pwd)
work="$base/target/jssip-harness"
out="$work/jssip.js"
if [ -s "$out" ]; then
    echo "$out"
    exit 0
fi
mkdir -p "$work"
modules="$base/src/main/webui/node_modules"
if [ ! -f "$modules/jssip/lib/JsSIP.js" ] || [ ! -x "$modules/.bin/esbuild" ]; then
    if ! command -v npm >/dev/null; then
        echo "The softphone harness needs Node.js and npm to bundle JsSIP (apt-get install nodejs npm)" >&2
        exit 1
    fi
    modules="$work/node_modules"
    if [ ! -f "$modules/jssip/lib/JsSIP.js" ] || [ ! -x "$modules/.bin/esbuild" ]; then
        (cd "$work" && echo '{"private": true}' > package.json \
            && npm install --no-audit --no-fund --loglevel=error jssip@3.13.8 esbuild@0.28.2 >&2)
    fi
fi
"$modules/.bin/esbuild" "$modules/jssip/lib/JsSIP.js" --bundle --platform=browser --format=iife \
    --global-name=JsSIP --log-level=warning --outfile="$out.tmp" >&2
mv "$out.tmp" "$out"
echo "$out"

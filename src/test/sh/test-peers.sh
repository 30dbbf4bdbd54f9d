#!/usr/bin/env bash
# The Debian packages of the tests' real peers, installed where missing; `mvn verify` runs this before the tests
# (skip with -DskipTests or -Dpeers.skip). The service's PostgreSQL is embedded and GreenMail and the Asterisk peer run
# inside the test JVM; the Kafka broker runs from Maven Central's jars (src/test/sh/kafka-broker.sh). These are the
# ones that come from Debian:
#   postgresql                             a PostgreSQL server of its own for tests that run several service instances
#                                          on one database (dev.switchboard.testing.PostgresServer)
#   chromium, chromium-driver             headless browser tests (chat widget, console)
#   fonts-wqy-microhei                     Chinese text in the console's screenshots
#   kannel, kannel-extras                  bearerbox/smsbox and fakesmsc for the SMS tests
#   libtiff-tools, ghostscript, imagemagick, gcc, libc6-dev, libspandsp-dev
#                                          the fax tests make their TIFF/PDF inputs with tiffcp/gs/convert, check
#                                          TIFF-F with tiffinfo, and send through spandsp (a small loopback gcc builds)
#   kamailio, kamailio-websocket-modules, sip-tester
#                                          the softphone's browser tests: Kamailio as SIP-over-WebSocket registrar and
#                                          proxy, SIPp as the caller (dev.switchboard.console.sip.KamailioPeer, SippCaller)
set -euo pipefail

missing=()
need() { # need <package> <test> ...
    local package=$1; shift
    if ! "$@" >/dev/null 2>&1; then missing+=("$package"); fi
}
need postgresql compgen -G '/usr/lib/postgresql/*/bin/initdb'
need chromium command -v chromium
need chromium-driver command -v chromedriver
need fonts-wqy-microhei test -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
need kannel test -x /usr/sbin/bearerbox
need kannel-extras test -x /usr/lib/kannel/test/fakesmsc
need libtiff-tools command -v tiffcp
need ghostscript command -v gs
need imagemagick test -x /usr/bin/convert
need gcc command -v gcc
need libc6-dev test -f /usr/include/stdio.h
need libspandsp-dev dpkg -s libspandsp-dev
need kamailio test -x /usr/sbin/kamailio
need kamailio-websocket-modules dpkg -s kamailio-websocket-modules
need sip-tester command -v sipp

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "Test peers: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "The tests need these Debian packages: ${missing[*]}" >&2
    echo "Install them as root (apt-get update && apt-get install -y --no-install-recommends ${missing[*]})," >&2
    echo "or run the build as root on Debian/Ubuntu, which installs them itself." >&2
    exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"

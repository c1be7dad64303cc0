#!/usr/bin/env bash
# System packages the project's browser checks need (Debian): headless Chromium.
# Used by the tests that open the rendered docs and the HTML report in a real browser;
# .ci/run calls it before `npm ci`. Idempotent: does nothing when chromium is present.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then echo "chromium: $(chromium --version)"; exit 0; fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "chromium: $(chromium --version)"

#!/usr/bin/env bash
# Screenshot-checks mgate's handouts and every plot kind in headless Chromium at 1280x720:
# runs two small scenarios, compares them, and hands report.html of a run and of the
# comparison, plus one SVG of each plot kind, to screenshot.mjs. Screenshots go to
# ${SCREENSHOTS:-target/screenshots}.
#
# Needs /usr/bin/chromium (Debian: apt-get install -y chromium) and node with npm; installs
# playwright-core into tests/browser/node_modules when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${SCREENSHOTS:-target/screenshots}"
mgate=target/release/mgate
[ -x "$mgate" ] || cargo build --release --quiet
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm install --no-audit --no-fund --silent)
fi
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
"$mgate" run scenarios/cheung2022_combined.toml --subjects 40 --out "$runs/base" --quiet > /dev/null
"$mgate" run scenarios/cheung2022_combined.toml --subjects 40 --out "$runs/high" --quiet \
  --set arms.vitd.regimens.0.amount=4000 > /dev/null
"$mgate" run scenarios/mg_deficiency_non_responder.toml --subjects 40 --out "$runs/six_arms" --quiet > /dev/null
"$mgate" compare "$runs/base" "$runs/high" --out "$runs/compare" --quiet > /dev/null
pages=("$runs/base/report.html" "$runs/compare/report.html")
for kind in time_course spaghetti change_vs_baseline effects_forest individual_effects dose_response mg_pools gate_curves; do
  pages+=("$(ls "$runs/six_arms/plots/$kind"*.svg | head -n 1)")
done
pages+=("$(ls "$runs/compare/plots/"*.svg | head -n 1)")
rm -rf "$out"
node tests/browser/screenshot.mjs "$out" "${pages[@]}"

#!/usr/bin/env bash
# Regenerates the README gallery (docs/gallery/*.png) from the shipped scenarios.
# Usage: bash docs/make-gallery.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
for scenario in dai2018_bidirectional cheung2022_combined vitamin_d_depletes_mg dose_response_washout serum_vs_tissue_mg; do
  target/release/mgate run "scenarios/$scenario.toml" --out "$runs/$scenario" --quiet > /dev/null
done
mkdir -p docs/gallery
cp "$runs/dai2018_bidirectional/plots/effects_forest_ohd25_ng_ml.png" docs/gallery/dai2018_effects_by_stratum.png
cp "$runs/dai2018_bidirectional/plots/individual_effects_ohd25_ng_ml.png" docs/gallery/dai2018_individual_effects.png
cp "$runs/dai2018_bidirectional/plots/gate_curves.png" docs/gallery/gate_curves.png
cp "$runs/dai2018_bidirectional/plots/replicate_effects_ohd25_ng_ml.png" docs/gallery/dai2018_replicate_trials.png
cp "$runs/cheung2022_combined/plots/time_course_ohd25_ng_ml.png" docs/gallery/cheung2022_time_course.png
cp "$runs/vitamin_d_depletes_mg/plots/effects_forest_serum_mg_mmol_l.png" docs/gallery/vitamin_d_depletes_mg.png
cp "$runs/dose_response_washout/plots/time_course_ohd25_ng_ml.png" docs/gallery/dose_response_washout.png
cp "$runs/serum_vs_tissue_mg/plots/mg_pools.png" docs/gallery/serum_vs_tissue_mg.png
target/release/mgate sweep scenarios/dai2018_sweep.toml --out "$runs/dai2018_sweep" --quiet > /dev/null
cp "$runs/dai2018_sweep/plots/sweep_heatmap_ohd25_ng_ml_mag.png" docs/gallery/dai2018_sweep_heatmap.png
echo "wrote $(ls docs/gallery/*.png | wc -l) gallery images into docs/gallery/"

//! The data dictionary: every column of every CSV file mgate writes, with its unit and meaning.
//!
//! One table serves three readers: `mgate explain FILE` (one file), `mgate explain outputs` (the
//! whole dictionary, which is `docs/outputs.md` word for word) and the test that every column of
//! every file a run, a sweep and a sensitivity analysis write is listed here.
//!
//! A column name may hold placeholders in angle brackets: `<X>` is an observable's name
//! (`ohd25_ng_ml`), `<covariate>` a covariate's, `<path>` a varied `--set` path, `<endpoint>`,
//! `<arm>`, `<reference>` and `<stratum>` what they say.

use crate::scenario::Covariate;
use crate::simulate::Observable;
use std::fmt::Write as _;

/// One column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its name, or a pattern with placeholders in angle brackets.
    pub name: &'static str,
    /// Unit (`1` for a ratio or count, empty for text).
    pub unit: &'static str,
    /// What it holds.
    pub meaning: &'static str,
}

/// One file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// File name.
    pub name: &'static str,
    /// Which command writes it, and when.
    pub written_by: &'static str,
    /// What one row is.
    pub row: &'static str,
    /// The columns, in file order.
    pub columns: Vec<Column>,
}

const fn column(name: &'static str, unit: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        unit,
        meaning,
    }
}

const SUBJECT: Column = column(
    "subject",
    "",
    "the subject's number, from 1, in order of enrolment; the same person in every arm of a counterfactual design",
);
const ARM: Column = column(
    "arm",
    "",
    "the arm's `name` in the scenario (its label and what it gets are in `manifest.json` and the handout)",
);
const COVARIATES: Column = column(
    "<covariate>",
    "",
    "the subject's covariates, one column each: vitamin_d_input_iu_per_day (IU/day), mg_intake_mg_per_day (mg/day), ca_intake_mg_per_day (mg/day), body_weight_kg (kg), renal_mg_factor (1 = typical kidney function; it multiplies the model parameter of the same name)",
);

/// Every file mgate writes, in the order of `docs/outputs.md`.
pub fn files() -> Vec<File> {
    vec![
        File {
            name: "timeseries.csv",
            written_by: "`mgate run` (not with `--summary-only`, nor with `timeseries = false` in `[output]`)",
            row: "one subject under one arm on one sampled day",
            columns: vec![
                SUBJECT,
                ARM,
                column(
                    "day",
                    "day",
                    "the sampling day, from 0 (the start of the study)",
                ),
                column(
                    "<X>",
                    "the observable's",
                    "the true value of each observable chosen in `[output] observables` (all by default); see the observables below",
                ),
            ],
        },
        File {
            name: "subjects.csv",
            written_by: "`mgate run`",
            row: "one subject under one arm",
            columns: vec![
                SUBJECT,
                ARM,
                COVARIATES,
                column(
                    "baseline_found_by",
                    "",
                    "how the subject's day-0 state was found: `solving` (the steady state of the model at the subject's intake, by Newton's method) or `burn_in` (by simulating until it settled, when solving did not converge)",
                ),
                column(
                    "<X>_baseline",
                    "the observable's",
                    "true value on day 0, for every observable",
                ),
                column("<X>_end", "the observable's", "true value on the last day"),
                column(
                    "<X>_change",
                    "the observable's",
                    "`<X>_end` minus `<X>_baseline`",
                ),
                column(
                    "<X>_baseline_measured",
                    "the observable's",
                    "as the assay measured it on day 0 (only for observables with assay noise in `[measurement.<X>]`)",
                ),
                column(
                    "<X>_end_measured",
                    "the observable's",
                    "as measured on the last day",
                ),
                column(
                    "<X>_change_measured",
                    "the observable's",
                    "measured end minus measured baseline: the change a trial sees",
                ),
                column(
                    "vitamin_d_per_dose_iu",
                    "IU",
                    "vitamin D prescribed per dose, summed over the arm's vitamin D regimens (0 without one)",
                ),
                column(
                    "mg_per_dose_mg",
                    "mg",
                    "elemental Mg prescribed per dose, summed over the arm's Mg regimens",
                ),
                column(
                    "mg_absorbed_total_mg",
                    "mg",
                    "Mg absorbed from the gut into the blood over the whole study (diet and supplements)",
                ),
                column(
                    "mg_urine_total_mmol",
                    "mmol",
                    "Mg lost in urine over the whole study",
                ),
                column(
                    "mg_supplement_to_gut_total_mg",
                    "mg",
                    "supplement Mg that reached the gut over the study, after the form's relative bioavailability (less than prescribed)",
                ),
                column(
                    "vitamin_d_supplement_to_gut_total_ug",
                    "ug",
                    "oral vitamin D that reached the gut over the study, as D3-equivalent µg after the oral fraction `f_d` and the form",
                ),
            ],
        },
        File {
            name: "summary.csv",
            written_by: "`mgate run`",
            row: "one arm, sampled day and observable (long format)",
            columns: vec![
                ARM,
                column("day", "day", "the sampling day"),
                column("observable", "", "the observable's name (see below)"),
                column("n", "1", "subjects in the arm"),
                column("mean", "the observable's", "mean of the true values"),
                column("sd", "the observable's", "standard deviation (n - 1)"),
                column("p5", "the observable's", "5th percentile"),
                column("p25", "the observable's", "25th percentile"),
                column("p50", "the observable's", "median"),
                column("p75", "the observable's", "75th percentile"),
                column("p95", "the observable's", "95th percentile"),
            ],
        },
        File {
            name: "effects.csv",
            written_by: "`mgate run`, when the scenario has a reference arm",
            row: "one endpoint, compared arm and stratum",
            columns: vec![
                column("endpoint", "", "the observable whose change is compared"),
                column("arm", "", "the arm compared"),
                column(
                    "reference_arm",
                    "",
                    "the arm it is compared with (`[analysis] reference_arm`)",
                ),
                column(
                    "stratum",
                    "",
                    "`all`, or a stratum of the baseline such as `<20`, `20-30`, `>=50` (from `[analysis] strata`)",
                ),
                column(
                    "stratify_by",
                    "",
                    "the observable whose measured baseline forms the strata, or NA",
                ),
                column(
                    "stratum_low",
                    "the stratifying observable's",
                    "lower edge of the stratum (included), or NA when open",
                ),
                column(
                    "stratum_high",
                    "the stratifying observable's",
                    "upper edge (excluded), or NA when open",
                ),
                column("n_arm", "1", "subjects of the arm in the stratum"),
                column(
                    "n_reference",
                    "1",
                    "subjects of the reference arm in the stratum",
                ),
                column(
                    "effect",
                    "the endpoint's",
                    "mean change in the arm minus mean change in the reference arm (measured values where the endpoint has assay noise); in a counterfactual design, the mean of each subject's paired difference",
                ),
                column(
                    "ci_low",
                    "the endpoint's",
                    "lower end of the 95% percentile-bootstrap interval (seeded)",
                ),
                column("ci_high", "the endpoint's", "upper end of that interval"),
            ],
        },
        File {
            name: "individual_effects.csv",
            written_by: "`mgate run`, counterfactual design only",
            row: "one subject, compared arm and endpoint",
            columns: vec![
                SUBJECT,
                column("arm", "", "the arm compared"),
                column("reference_arm", "", "the reference arm"),
                column("endpoint", "", "the observable whose change is compared"),
                column(
                    "baseline_observable",
                    "",
                    "the observable whose baseline is given beside the effect: the one the analysis strata are formed on, else ohd25_ng_ml",
                ),
                column(
                    "baseline",
                    "the baseline observable's",
                    "the subject's true baseline value",
                ),
                column(
                    "effect",
                    "the endpoint's",
                    "the subject's change under the arm minus the same subject's change under the reference arm: an effect no real trial can observe",
                ),
            ],
        },
        File {
            name: "dataset.csv",
            written_by: "`mgate run` (not with `--summary-only`)",
            row: "one dose record or one observation, in NONMEM conventions (for nlmixr2, Pumas, NONMEM)",
            columns: vec![
                column("ID", "1", "one individual per subject and arm, from 1"),
                column("TIME", "day", "time of the record"),
                column(
                    "AMT",
                    "IU or mg",
                    "prescribed amount per dose of a dose record (IU of vitamin D for CMT 1, mg of elemental Mg for CMT 6); 0 on observations",
                ),
                column(
                    "DV",
                    "the observable's",
                    "the observed value (measured where the scenario has assay noise); 0 on dose records",
                ),
                column(
                    "MDV",
                    "1",
                    "1 on dose records (no observation), 0 on observations",
                ),
                column("EVID", "1", "1 dose, 0 observation"),
                column(
                    "CMT",
                    "1",
                    "model compartment: 1 gut vitamin D, 2 vitamin D3 in body, 3 25(OH)D, 4 calcitriol, 5 24,25(OH)2D, 6 gut Mg, 7 serum Mg, 8 tissue Mg, 9 bone Mg; 0 for an observable that is not a state",
                ),
                column(
                    "DVID",
                    "1",
                    "which observable an observation is: its position in the list of observables below, from 1 (1 = ohd25_ng_ml, 5 = serum_mg_mmol_l; `manifest.json` lists them as `dataset_dvid`)",
                ),
                column(
                    "ADDL",
                    "1",
                    "additional doses after this one (a regular series is one record)",
                ),
                column(
                    "II",
                    "day",
                    "interval between those doses (0 for a single dose)",
                ),
                column("SUBJ", "1", "the subject (as `subject` in the other files)"),
                column("ARM", "1", "the arm, from 1, in scenario order"),
                COVARIATES,
            ],
        },
        File {
            name: "replicates.csv",
            written_by: "`mgate run`, when the scenario has a `[replicates]` section",
            row: "one replicate trial, endpoint, compared arm and stratum",
            columns: vec![
                column(
                    "trial",
                    "1",
                    "the replicate trial's number, from 1: the same design run again on new people",
                ),
                column(
                    "seed",
                    "1",
                    "the trial's seed (each trial draws its own people, seasons, intakes and assay noise)",
                ),
                column("endpoint", "", "the observable whose change is compared"),
                column("arm", "", "the arm compared"),
                column("reference_arm", "", "the arm it is compared with"),
                column(
                    "stratum",
                    "",
                    "`all`, or a stratum of the measured baseline",
                ),
                column(
                    "n_arm",
                    "1",
                    "subjects of the arm in the stratum, in this trial",
                ),
                column(
                    "n_reference",
                    "1",
                    "subjects of the reference arm in the stratum",
                ),
                column(
                    "effect",
                    "the endpoint's",
                    "the trial's estimate: difference in mean measured change, arm minus reference (NA when a group has fewer than two subjects)",
                ),
                column(
                    "ci_low",
                    "the endpoint's",
                    "lower end of the trial's 95% t interval",
                ),
                column("ci_high", "the endpoint's", "upper end"),
                column("significant", "", "`true` when the interval excludes zero"),
            ],
        },
        File {
            name: "power.csv",
            written_by: "`mgate run`, when the scenario has a `[replicates]` section",
            row: "one endpoint, compared arm and stratum, over all replicate trials",
            columns: vec![
                column("endpoint", "", "the observable whose change is compared"),
                column("arm", "", "the arm compared"),
                column("reference_arm", "", "the arm it is compared with"),
                column(
                    "stratum",
                    "",
                    "`all`, or a stratum of the measured baseline",
                ),
                column(
                    "trials",
                    "1",
                    "trials with an estimate (both groups of at least two subjects)",
                ),
                column(
                    "mean_n_arm",
                    "1",
                    "mean subjects per trial in the arm and stratum",
                ),
                column(
                    "mean_effect",
                    "the endpoint's",
                    "mean of the trials' estimates: the effect a trial of this size estimates",
                ),
                column(
                    "sd_effect",
                    "the endpoint's",
                    "SD of the estimates over trials: how much one trial's result can be off",
                ),
                column(
                    "p2_5",
                    "the endpoint's",
                    "2.5th percentile of the estimates",
                ),
                column("p50", "the endpoint's", "median estimate"),
                column(
                    "p97_5",
                    "the endpoint's",
                    "97.5th percentile of the estimates",
                ),
                column(
                    "fraction_significant",
                    "1",
                    "share of trials whose interval excludes zero, on either side",
                ),
                column(
                    "fraction_right_sign",
                    "1",
                    "share of trials whose estimate has the sign of the mean estimate",
                ),
                column(
                    "power",
                    "1",
                    "share of trials whose interval excludes zero on the side of the mean estimate: how often a trial of this size sees the effect",
                ),
            ],
        },
        File {
            name: "sweep.csv",
            written_by: "`mgate sweep` and `mgate merge`",
            row: "one sweep point",
            columns: vec![
                column("point", "1", "the point's number, from 0"),
                column(
                    "<path>",
                    "the path's",
                    "the value of each varied `--set` path at this point, e.g. `arms.mag.regimens.0.amount` (mg) or `parameters.k_24a1`; written as simulated",
                ),
                column(
                    "<endpoint>.<arm>.<stratum>.n",
                    "1",
                    "subjects of the arm in the stratum",
                ),
                column(
                    "<endpoint>.<arm>.<stratum>.baseline_mean",
                    "the endpoint's",
                    "mean baseline (measured where the endpoint has assay noise)",
                ),
                column(
                    "<endpoint>.<arm>.<stratum>.change_mean",
                    "the endpoint's",
                    "mean change from the first to the last day",
                ),
                column(
                    "<endpoint>.<arm>.<stratum>.change_sd",
                    "the endpoint's",
                    "standard deviation of the change",
                ),
                column(
                    "<endpoint>.<arm>.<stratum>.change_p5",
                    "the endpoint's",
                    "percentiles of the change: also `change_p25`, `change_p50`, `change_p75`, `change_p95`",
                ),
                column(
                    "<endpoint>.<arm>.<stratum>.change_p25",
                    "the endpoint's",
                    "25th percentile of the change",
                ),
                column(
                    "<endpoint>.<arm>.<stratum>.change_p50",
                    "the endpoint's",
                    "median change",
                ),
                column(
                    "<endpoint>.<arm>.<stratum>.change_p75",
                    "the endpoint's",
                    "75th percentile of the change",
                ),
                column(
                    "<endpoint>.<arm>.<stratum>.change_p95",
                    "the endpoint's",
                    "95th percentile of the change",
                ),
                column(
                    "<endpoint>.<arm>_vs_<reference>.<stratum>.effect",
                    "the endpoint's",
                    "the effect of the arm against the reference arm, as in `effects.csv`",
                ),
                column(
                    "<endpoint>.<arm>_vs_<reference>.<stratum>.effect_ci_low",
                    "the endpoint's",
                    "lower end of its 95% bootstrap interval",
                ),
                column(
                    "<endpoint>.<arm>_vs_<reference>.<stratum>.effect_ci_high",
                    "the endpoint's",
                    "upper end",
                ),
            ],
        },
        File {
            name: "sensitivity.csv",
            written_by: "`mgate sensitivity`",
            row: "one model parameter",
            columns: vec![
                column(
                    "parameter",
                    "",
                    "the parameter's name (`mgate explain NAME`)",
                ),
                column("group", "", "the part of the model it belongs to"),
                column("unit", "", "its unit"),
                column("value", "the parameter's", "its value in the scenario"),
                column(
                    "min",
                    "the parameter's",
                    "lower end of its documented range",
                ),
                column("max", "the parameter's", "upper end"),
                column(
                    "local_difference",
                    "",
                    "how the local derivative was taken: `central`, or one-sided at a range limit",
                ),
                column(
                    "local_low",
                    "the parameter's",
                    "the lower value of the difference",
                ),
                column("local_high", "the parameter's", "the upper value"),
                column(
                    "local_coefficient",
                    "1 or the quantity's",
                    "d ln Y / d ln theta for a level, theta dY/dtheta for a change or an effect",
                ),
                column(
                    "local_rank",
                    "1",
                    "rank by the size of the local coefficient, 1 = largest",
                ),
                column(
                    "morris_low",
                    "the parameter's",
                    "lower end of the Morris range",
                ),
                column("morris_high", "the parameter's", "upper end"),
                column(
                    "morris_mu_star",
                    "the quantity's",
                    "Morris mu*: mean absolute elementary effect",
                ),
                column(
                    "morris_mu",
                    "the quantity's",
                    "Morris mu: mean elementary effect (its sign)",
                ),
                column(
                    "morris_sigma",
                    "the quantity's",
                    "Morris sigma: how much the effect depends on the other parameters",
                ),
                column("morris_rank", "1", "rank by mu*, 1 = largest"),
                column("note", "", "why a value is missing or one-sided, if it is"),
            ],
        },
    ]
}

/// What each observable is, in the model and in a clinic.
pub fn observable_meaning(observable: Observable) -> &'static str {
    match observable {
        Observable::Ohd25 => {
            "serum 25-hydroxyvitamin D, the status marker a clinic measures; made from vitamin D by CYP2R1 in the liver (Mg-gated)"
        }
        Observable::Calcitriol => {
            "serum 1,25-dihydroxyvitamin D, the active hormone; made from 25(OH)D by CYP27B1 in the kidney (Mg-gated, driven by PTH)"
        }
        Observable::Ohd2425 => {
            "serum 24,25-dihydroxyvitamin D, the first product of catabolism by CYP24A1 (Mg-gated, induced by calcitriol)"
        }
        Observable::Pth => {
            "parathyroid hormone: rises when calcitriol is low, falls when serum Mg is very low (secretion needs Mg)"
        }
        Observable::SerumMg => "total serum magnesium, what a clinic measures; about 1% of body Mg",
        Observable::TissueMg => {
            "exchangeable Mg inside soft-tissue cells: the Mg that gates the enzymes"
        }
        Observable::BoneMg => "exchangeable Mg on bone surfaces, a slow reservoir",
        Observable::D3Body => "vitamin D3 in plasma and fat, before 25-hydroxylation",
        Observable::GateCyp2r1 => {
            "activity of CYP2R1 relative to a subject with reference cellular Mg (1 = reference)"
        }
        Observable::GateCyp27b1 => "activity of CYP27B1 relative to reference cellular Mg",
        Observable::GateCyp24a1 => "activity of CYP24A1 relative to reference cellular Mg",
        Observable::MgAbsorbedFraction => {
            "share of the Mg leaving the gut that is absorbed rather than lost in faeces, at this instant"
        }
        Observable::UrineMg => "urinary Mg excretion rate",
        Observable::GutMg => "Mg in the gut lumen awaiting absorption (diet and supplements)",
    }
}

/// The file with this name.
pub fn file(name: &str) -> Option<File> {
    files().into_iter().find(|f| f.name == name)
}

/// Whether a column name matches a documented name or pattern (a placeholder in angle brackets
/// stands for one or more characters).
pub fn matches(pattern: &str, column: &str) -> bool {
    let Some(open) = pattern.find('<') else {
        return pattern == column;
    };
    let Some(close) = pattern[open..].find('>').map(|i| open + i) else {
        return pattern == column;
    };
    let (prefix, rest) = (&pattern[..open], &pattern[close + 1..]);
    let Some(tail) = column.strip_prefix(prefix) else {
        return false;
    };
    (1..=tail.len())
        .filter(|&i| tail.is_char_boundary(i))
        .any(|i| matches(rest, &tail[i..]))
}

/// Whether a file's documented columns cover a column it has: placeholders for observables and
/// covariates stand only for their names.
pub fn documents(file: &File, column: &str) -> bool {
    file.columns.iter().any(|c| match c.name {
        "<X>" => Observable::from_name(column).is_some(),
        "<covariate>" => Covariate::from_name(column).is_some(),
        name if name.starts_with("<X>_") => {
            let suffix = &name[3..];
            column
                .strip_suffix(suffix)
                .is_some_and(|o| Observable::from_name(o).is_some())
        }
        name => matches(name, column),
    })
}

/// One file as `mgate explain FILE` prints it.
pub fn explain_file(file: &File) -> String {
    let mut text = format!(
        "{}: each row is {}. Written by {}.\n\n",
        file.name, file.row, file.written_by
    );
    let width = file
        .columns
        .iter()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(0)
        .min(28);
    for c in &file.columns {
        let unit = if c.unit.is_empty() {
            String::new()
        } else {
            format!(" [{}]", c.unit)
        };
        let _ = writeln!(text, "  {:width$}  {}{unit}", c.name, c.meaning);
    }
    if file.columns.iter().any(|c| c.name.contains("<X>")) {
        text.push_str("\n<X> is an observable: `mgate explain outputs` lists them.\n");
    }
    text
}

/// One observable as `mgate explain NAME` prints it.
pub fn explain_observable(observable: Observable) -> String {
    let dvid = observable.index() + 1;
    format!(
        "{} ({}), unit {}: {}.\nA column of timeseries.csv, and {0}_baseline, _end and _change in subjects.csv; DVID {dvid} in dataset.csv.\n",
        observable.name(),
        observable.label(),
        observable.unit(),
        observable_meaning(observable)
    )
}

/// The whole dictionary, as `docs/outputs.md`.
pub fn markdown() -> String {
    let mut md = String::from(
        "# What mgate writes: the data dictionary\n\n\
         <!-- Generated by `mgate explain outputs` from src/output/dictionary.rs; a test checks that \
         this file is its output, and that every column mgate writes is listed. -->\n\n\
         **Illustrative toy model: not calibrated, not medical advice.** Every value below comes from \
         a toy model for teaching.\n\n\
         A run folder holds `manifest.json` (what made the run: mgate version, command line, the \
         resolved scenario with each arm's label and what it gets, the command-line overrides, every \
         parameter value, seed, threads, timestamps, the disclaimer), `plots/`, `report.html` and the \
         CSV files below. Numbers are written with full precision (the shortest text that reads back \
         as the same number), except the simulated values and covariates of the two large tables, \
         `timeseries.csv` and `dataset.csv`, which have 9 significant digits (`38.995626`): the \
         solver holds each step to a relative tolerance of 1e-6, so further digits are solver noise, \
         and they would double the size of the files. `NA` marks a value that does not exist. Names in angle brackets stand \
         for several columns: `<X>` is an observable, `<covariate>` a covariate, `<path>` a varied \
         `--set` path, `<endpoint>`, `<arm>`, `<reference>` and `<stratum>` what they say. \
         `mgate explain FILE` prints one file's columns; `mgate explain NAME` one observable.\n",
    );
    for file in files() {
        let _ = write!(
            md,
            "\n## `{}`\n\nEach row is {}. Written by {}.\n\n| column | unit | meaning |\n|---|---|---|\n",
            file.name, file.row, file.written_by
        );
        for c in &file.columns {
            let _ = writeln!(md, "| `{}` | {} | {} |", c.name, c.unit, c.meaning);
        }
    }
    md.push_str(
        "\n## Observables\n\nThe columns `<X>`, in this order (`DVID` in `dataset.csv` is the position, from 1).\n\n| DVID | name | unit | what it is |\n|---|---|---|---|\n",
    );
    for o in Observable::ALL {
        let _ = writeln!(
            md,
            "| {} | `{}` | {} | {} ({}) |",
            o.index() + 1,
            o.name(),
            o.unit(),
            observable_meaning(o),
            o.label()
        );
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_what_they_stand_for() {
        assert!(matches("point", "point"));
        assert!(matches(
            "<endpoint>.<arm>.<stratum>.n",
            "ohd25_ng_ml.placebo.<30.n"
        ));
        assert!(matches(
            "<endpoint>.<arm>_vs_<reference>.<stratum>.effect_ci_low",
            "ohd25_ng_ml.mag_vs_placebo.all.effect_ci_low"
        ));
        assert!(!matches("<endpoint>.<arm>.<stratum>.n", "ohd25_ng_ml.n"));
        let subjects = file("subjects.csv").unwrap();
        assert!(documents(&subjects, "serum_mg_mmol_l_change_measured"));
        assert!(documents(&subjects, "renal_mg_factor"));
        assert!(!documents(&subjects, "start"));
        assert!(!documents(&subjects, "nonsense_change"));
    }
}

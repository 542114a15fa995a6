//! The trial design: allocation to arms, the analysis of effects, and assay noise.

use super::checker::Checker;
use super::population::Covariate;
use super::problem::suggestion;
use super::raw::{RawAllocation, RawAnalysis, RawAssay, S};
use crate::simulate::Observable;
use std::collections::BTreeMap;

/// Most bootstrap resamples accepted.
pub const MAX_BOOTSTRAP: i64 = 100_000;

/// What subjects are binned by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StratifyBy {
    /// A baseline observable (measured, when the scenario has assay noise for it).
    Observable(Observable),
    /// A covariate.
    Covariate(Covariate),
}

impl StratifyBy {
    /// The name used in scenario files and outputs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Observable(o) => o.name(),
            Self::Covariate(c) => c.name(),
        }
    }
}

/// Bins of a baseline observable or covariate: `(-inf, e0)`, `[e0, e1)`, …, `[e_last, inf)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Stratification {
    /// What is binned.
    pub by: StratifyBy,
    /// Increasing bin edges.
    pub edges: Vec<f64>,
}

impl Stratification {
    /// Index of the bin holding `value`.
    pub fn bin(&self, value: f64) -> usize {
        self.edges.iter().take_while(|edge| value >= **edge).count()
    }

    /// Number of bins.
    pub fn bins(&self) -> usize {
        self.edges.len() + 1
    }

    /// Lower and upper edge of a bin (`None` for the open ends).
    pub fn bounds(&self, bin: usize) -> (Option<f64>, Option<f64>) {
        let low = bin.checked_sub(1).map(|i| self.edges[i]);
        (low, self.edges.get(bin).copied())
    }

    /// A label such as `<20`, `20-30` or `>=50`.
    pub fn label(&self, bin: usize) -> String {
        match self.bounds(bin) {
            (None, Some(high)) => format!("<{high}"),
            (Some(low), Some(high)) => format!("{low}-{high}"),
            (Some(low), None) => format!(">={low}"),
            (None, None) => "all".to_string(),
        }
    }
}

/// How subjects are assigned to arms.
#[derive(Debug, Clone, PartialEq)]
pub enum Design {
    /// Every subject is simulated under every arm (only a simulation can do this).
    Counterfactual,
    /// Each subject gets one arm, randomised in permuted blocks, optionally within strata.
    Parallel {
        /// Subjects per block (a multiple of the sum of the arms' ratios).
        block_size: usize,
        /// Stratified randomisation by a baseline observable.
        stratify: Option<Stratification>,
    },
}

/// The analysis of effects.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Index of the arm every other arm is compared with.
    pub reference_arm: usize,
    /// Observables whose change from baseline is analysed.
    pub endpoints: Vec<Observable>,
    /// Strata of a baseline observable for the effects (besides the overall effect).
    pub strata: Option<Stratification>,
    /// Bootstrap resamples for the confidence intervals.
    pub bootstrap: usize,
    /// Confidence level of the intervals.
    pub confidence: f64,
}

/// Assay noise of one observable: measured = true · (1 + cv·ε₁) + sd·ε₂, never below 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assay {
    /// The observable measured.
    pub observable: Observable,
    /// Proportional error (coefficient of variation).
    pub cv: f64,
    /// Additive error, in the observable's unit.
    pub sd: f64,
}

fn stratification(
    c: &mut Checker,
    by: &Option<S<String>>,
    strata: &Option<S<Vec<S<f64>>>>,
    path: &str,
    span: std::ops::Range<usize>,
) -> Option<Option<Stratification>> {
    match (by, strata) {
        (None, None) => Some(None),
        (Some(by), Some(strata)) => {
            let target = match Covariate::from_name(by.get_ref()) {
                Some(covariate) => Some(StratifyBy::Covariate(covariate)),
                None => {
                    let known = Observable::from_name(by.get_ref()).is_some();
                    if !known {
                        let mut names: Vec<&str> =
                            Observable::ALL.iter().map(|o| o.name()).collect();
                        names.extend(Covariate::ALL.iter().map(|c| c.name()));
                        c.push(
                            &format!("{path}.stratify_by"),
                            by.span(),
                            format!(
                                "`{}` is neither an observable nor a covariate{}; valid: {}",
                                by.get_ref(),
                                suggestion(by.get_ref(), names.iter().copied()),
                                names.join(", ")
                            ),
                        );
                    }
                    Observable::from_name(by.get_ref()).map(StratifyBy::Observable)
                }
            };
            let edges = c.edges(strata, &format!("{path}.strata"));
            Some(Some(Stratification {
                by: target?,
                edges: edges?,
            }))
        }
        (Some(_), None) => {
            c.push(
                &format!("{path}.strata"),
                span,
                "stratify_by needs strata, the bin edges, e.g. strata = [20, 30, 50]".into(),
            );
            None
        }
        (None, Some(strata)) => {
            c.push(
                &format!("{path}.stratify_by"),
                strata.span(),
                "strata need stratify_by, the baseline observable binned, e.g. stratify_by = \"ohd25_ng_ml\"".into(),
            );
            None
        }
    }
}

/// Checks `[allocation]`. `ratio_sum` is the sum of the arms' integer ratios (`None` when arms
/// are given by count).
pub(crate) fn design(
    c: &mut Checker,
    raw: Option<&S<RawAllocation>>,
    ratio_sum: Option<usize>,
) -> Option<Design> {
    let Some(raw) = raw else {
        return Some(Design::Counterfactual);
    };
    let span = raw.span();
    let r = raw.get_ref();
    #[derive(Clone, Copy)]
    enum Kind {
        Counterfactual,
        Parallel,
    }
    let kind = match &r.design {
        Some(d) => c.choice(
            d,
            "allocation.design",
            &[
                ("counterfactual", Kind::Counterfactual),
                ("parallel", Kind::Parallel),
            ],
        )?,
        None => Kind::Counterfactual,
    };
    match kind {
        Kind::Counterfactual => {
            let reason = "applies to design = \"parallel\" only (in a counterfactual design every subject gets every arm)";
            c.not_used(&r.block_size, "allocation.block_size", reason);
            c.not_used(&r.stratify_by, "allocation.stratify_by", reason);
            c.not_used(&r.strata, "allocation.strata", reason);
            Some(Design::Counterfactual)
        }
        Kind::Parallel => {
            let stratify = stratification(c, &r.stratify_by, &r.strata, "allocation", span)?;
            let block_size = match (ratio_sum, &r.block_size) {
                (None, Some(size)) => {
                    c.push(
                        "allocation.block_size",
                        size.span(),
                        "arms given by count are allocated as one block; leave block_size out"
                            .into(),
                    );
                    return None;
                }
                (None, None) => 0,
                (Some(sum), None) => 2 * sum,
                (Some(sum), Some(size)) => {
                    let value = *size.get_ref();
                    if value < 1 || !(value as usize).is_multiple_of(sum) || value > 10_000 {
                        c.push(
                            "allocation.block_size",
                            size.span(),
                            format!(
                                "block size {value} is not a positive multiple of the sum of the arm ratios ({sum}), up to 10000; e.g. block_size = {}",
                                2 * sum
                            ),
                        );
                        return None;
                    }
                    value as usize
                }
            };
            Some(Design::Parallel {
                block_size,
                stratify,
            })
        }
    }
}

/// Checks `[analysis]`.
pub(crate) fn analysis(
    c: &mut Checker,
    raw: Option<&S<RawAnalysis>>,
    arm_names: &[String],
) -> Option<Analysis> {
    let mut analysis = Analysis {
        reference_arm: 0,
        endpoints: vec![Observable::Ohd25],
        strata: None,
        bootstrap: 1000,
        confidence: 0.95,
    };
    let Some(raw) = raw else {
        return Some(analysis);
    };
    let span = raw.span();
    let r = raw.get_ref();
    if let Some(reference) = &r.reference_arm {
        match arm_names.iter().position(|n| n == reference.get_ref()) {
            Some(index) => analysis.reference_arm = index,
            None => {
                c.push(
                    "analysis.reference_arm",
                    reference.span(),
                    format!(
                        "no arm is named `{}`{}; arms: {}",
                        reference.get_ref(),
                        suggestion(reference.get_ref(), arm_names.iter().map(String::as_str)),
                        arm_names.join(", ")
                    ),
                );
                return None;
            }
        }
    }
    if let Some(list) = &r.endpoints {
        let mut endpoints = Vec::new();
        for (i, name) in list.get_ref().iter().enumerate() {
            let observable = c.observable(name, &format!("analysis.endpoints.{i}"))?;
            if !endpoints.contains(&observable) {
                endpoints.push(observable);
            }
        }
        if endpoints.is_empty() {
            c.push(
                "analysis.endpoints",
                list.span(),
                "name at least one endpoint, e.g. endpoints = [\"ohd25_ng_ml\"]".into(),
            );
            return None;
        }
        analysis.endpoints = endpoints;
    }
    analysis.strata = stratification(c, &r.stratify_by, &r.strata, "analysis", span)?;
    if let Some(b) = &r.bootstrap {
        let value = *b.get_ref();
        if !(100..=MAX_BOOTSTRAP).contains(&value) {
            c.push(
                "analysis.bootstrap",
                b.span(),
                format!("{value} resamples; expected a whole number from 100 to {MAX_BOOTSTRAP}"),
            );
            return None;
        }
        analysis.bootstrap = value as usize;
    }
    if let Some(level) = &r.confidence {
        analysis.confidence = c.number(level, "analysis.confidence", 0.5, 0.999, "(e.g. 0.95)")?;
    }
    Some(analysis)
}

/// Checks `[measurement.<observable>]` tables.
pub(crate) fn measurement(c: &mut Checker, raw: &BTreeMap<S<String>, S<RawAssay>>) -> Vec<Assay> {
    let mut entries: Vec<_> = raw.iter().collect();
    entries.sort_by_key(|(name, _)| name.span().start);
    entries
        .into_iter()
        .filter_map(|(name, assay)| {
            let path = format!("measurement.{}", name.get_ref());
            let observable = c.observable(name, &path)?;
            let a = assay.get_ref();
            if a.cv.is_none() && a.sd.is_none() {
                c.push(
                    &path,
                    assay.span(),
                    "give cv (proportional error), sd (additive error), or both".into(),
                );
                return None;
            }
            let cv = match &a.cv {
                Some(cv) => {
                    c.number(cv, &format!("{path}.cv"), 0.0, 1.0, "(proportional error)")?
                }
                None => 0.0,
            };
            let sd = match &a.sd {
                Some(sd) => c.number(sd, &format!("{path}.sd"), 0.0, 1e4, observable.unit())?,
                None => 0.0,
            };
            Some(Assay { observable, cv, sd })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strata_bins_and_labels() {
        let s = Stratification {
            by: StratifyBy::Observable(Observable::Ohd25),
            edges: vec![20.0, 30.0, 50.0],
        };
        assert_eq!(s.bins(), 4);
        assert_eq!(s.bin(10.0), 0);
        assert_eq!(s.bin(20.0), 1);
        assert_eq!(s.bin(49.9), 2);
        assert_eq!(s.bin(50.0), 3);
        let labels: Vec<String> = (0..4).map(|b| s.label(b)).collect();
        assert_eq!(labels, ["<20", "20-30", "30-50", ">=50"]);
    }
}

//! Assay noise: what the clinic measures, kept apart from the true trajectory.
//!
//! measured = true · (1 + cv · ε₁) + sd · ε₂, with ε₁, ε₂ independent standard normals, floored at
//! zero (an assay does not report negative concentrations).

use crate::scenario::Assay;
use crate::simulate::ObservableRow;
use rand::{Rng, RngExt};
use rand_distr::StandardNormal;

/// A copy of `truth` with noise added to every observable that has an assay; the others are
/// copied unchanged. Two normals are drawn per assay, in the scenario's order.
pub fn measure(truth: &ObservableRow, assays: &[Assay], rng: &mut impl Rng) -> ObservableRow {
    let mut measured = *truth;
    for assay in assays {
        let proportional: f64 = rng.sample(StandardNormal);
        let additive: f64 = rng.sample(StandardNormal);
        let i = assay.observable.index();
        measured[i] = (truth[i] * (1.0 + assay.cv * proportional) + assay.sd * additive).max(0.0);
    }
    measured
}

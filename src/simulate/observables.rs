//! The observables: the public vocabulary of every output (CSV columns, plots, scenario fields).

use crate::model::{Intake, Model, State};

/// Number of observables.
pub const N_OBSERVABLES: usize = 14;

/// One value per observable, in the order of [`Observable::ALL`].
pub type ObservableRow = [f64; N_OBSERVABLES];

/// A quantity sampled from a simulated subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Observable {
    /// 25(OH)D, ng/mL.
    Ohd25,
    /// Calcitriol, 1,25(OH)2D, pg/mL.
    Calcitriol,
    /// 24,25(OH)2D, ng/mL.
    Ohd2425,
    /// Parathyroid hormone, pg/mL.
    Pth,
    /// Serum magnesium, mmol/L.
    SerumMg,
    /// Exchangeable soft-tissue magnesium, mmol.
    TissueMg,
    /// Exchangeable bone magnesium, mmol.
    BoneMg,
    /// Vitamin D3 in plasma and fat, µg.
    D3Body,
    /// Relative activity of CYP2R1 (1 at reference Mg).
    GateCyp2r1,
    /// Relative activity of CYP27B1 (1 at reference Mg).
    GateCyp27b1,
    /// Relative activity of CYP24A1 (1 at reference Mg).
    GateCyp24a1,
    /// Fraction of gut magnesium that is absorbed rather than lost in faeces, at this instant.
    MgAbsorbedFraction,
    /// Urinary magnesium, mmol/day.
    UrineMg,
    /// Magnesium in the gut lumen, mg.
    GutMg,
}

impl Observable {
    /// Every observable, in column order.
    pub const ALL: [Self; N_OBSERVABLES] = [
        Self::Ohd25,
        Self::Calcitriol,
        Self::Ohd2425,
        Self::Pth,
        Self::SerumMg,
        Self::TissueMg,
        Self::BoneMg,
        Self::D3Body,
        Self::GateCyp2r1,
        Self::GateCyp27b1,
        Self::GateCyp24a1,
        Self::MgAbsorbedFraction,
        Self::UrineMg,
        Self::GutMg,
    ];

    /// Column name used in every output.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ohd25 => "ohd25_ng_ml",
            Self::Calcitriol => "calcitriol_pg_ml",
            Self::Ohd2425 => "ohd2425_ng_ml",
            Self::Pth => "pth_pg_ml",
            Self::SerumMg => "serum_mg_mmol_l",
            Self::TissueMg => "tissue_mg_mmol",
            Self::BoneMg => "bone_mg_mmol",
            Self::D3Body => "d3_body_ug",
            Self::GateCyp2r1 => "gate_cyp2r1",
            Self::GateCyp27b1 => "gate_cyp27b1",
            Self::GateCyp24a1 => "gate_cyp24a1",
            Self::MgAbsorbedFraction => "mg_absorbed_fraction",
            Self::UrineMg => "urine_mg_mmol_day",
            Self::GutMg => "gut_mg_mg",
        }
    }

    /// Unit for axis labels (`1` for ratios).
    pub fn unit(self) -> &'static str {
        match self {
            Self::Ohd25 | Self::Ohd2425 => "ng/mL",
            Self::Calcitriol | Self::Pth => "pg/mL",
            Self::SerumMg => "mmol/L",
            Self::TissueMg | Self::BoneMg => "mmol",
            Self::D3Body => "ug",
            Self::GateCyp2r1 | Self::GateCyp27b1 | Self::GateCyp24a1 | Self::MgAbsorbedFraction => {
                "1"
            }
            Self::UrineMg => "mmol/day",
            Self::GutMg => "mg",
        }
    }

    /// A short label in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ohd25 => "25(OH)D",
            Self::Calcitriol => "calcitriol (1,25(OH)2D)",
            Self::Ohd2425 => "24,25(OH)2D",
            Self::Pth => "PTH",
            Self::SerumMg => "serum Mg",
            Self::TissueMg => "soft-tissue Mg",
            Self::BoneMg => "exchangeable bone Mg",
            Self::D3Body => "vitamin D3 in body",
            Self::GateCyp2r1 => "CYP2R1 activity (Mg gate)",
            Self::GateCyp27b1 => "CYP27B1 activity (Mg gate)",
            Self::GateCyp24a1 => "CYP24A1 activity (Mg gate)",
            Self::MgAbsorbedFraction => "fractional Mg absorption",
            Self::UrineMg => "urinary Mg",
            Self::GutMg => "Mg in gut lumen",
        }
    }

    /// The observable with this column name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.name() == name)
    }

    /// Position in [`Observable::ALL`] and in an [`ObservableRow`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Computes every observable at a state under the intake in force.
pub fn observe(model: &Model, intake: &Intake, state: &State) -> ObservableRow {
    let aux = model.auxiliaries(state);
    let fluxes = model.fluxes(intake, state);
    let leaving_gut = fluxes.abs_mg_mg_day + fluxes.transit_mg_mg_day;
    let absorbed_fraction = if leaving_gut > 0.0 {
        fluxes.abs_mg_mg_day / leaving_gut
    } else {
        0.0
    };
    let mut row = [0.0; N_OBSERVABLES];
    for observable in Observable::ALL {
        row[observable.index()] = match observable {
            Observable::Ohd25 => state.ohd25_ng_ml,
            Observable::Calcitriol => state.calcitriol_pg_ml,
            Observable::Ohd2425 => state.ohd2425_ng_ml,
            Observable::Pth => aux.pth_pg_ml,
            Observable::SerumMg => aux.serum_mg_mmol_l,
            Observable::TissueMg => state.mg_tissue_mmol,
            Observable::BoneMg => state.mg_bone_mmol,
            Observable::D3Body => state.d3_body_ug,
            Observable::GateCyp2r1 => aux.gate_cyp2r1,
            Observable::GateCyp27b1 => aux.gate_cyp27b1,
            Observable::GateCyp24a1 => aux.gate_cyp24a1,
            Observable::MgAbsorbedFraction => absorbed_fraction,
            Observable::UrineMg => fluxes.urine_mmol_day,
            Observable::GutMg => state.mg_gut_mg,
        };
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_indices_match_order() {
        for (i, o) in Observable::ALL.into_iter().enumerate() {
            assert_eq!(o.index(), i);
            assert_eq!(Observable::from_name(o.name()), Some(o));
        }
        assert_eq!(Observable::from_name("ohd25"), None);
    }
}

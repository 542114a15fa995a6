//! # mgate
//!
//! **An illustrative toy model, not a calibrated one, and not medical advice.**
//!
//! mgate simulates how vitamin D and magnesium regimens play out in virtual subjects, using a small
//! compartment model in which magnesium gates the three vitamin D hydroxylases (CYP2R1, CYP27B1 and
//! CYP24A1). It exists for teaching: the mechanisms, not the numbers, are the point.
//!
//! ```
//! use mgate::model::{Intake, Model};
//! use mgate::simulate::{Dose, IntakeSchedule, Observable, Regimen, RunPlan, Schedule,
//!     Trajectory, VitaminDForm, Workspace, steady_state};
//!
//! let model = Model::reference();
//! let intake = Intake::reference(&model.parameters);
//! let mut workspace = Workspace::default();
//! let start = steady_state(&model, &intake, &mut workspace)?;
//! let regimens = [Regimen {
//!     dose: Dose::VitaminD { iu: 4000.0, form: VitaminDForm::D3 },
//!     schedule: Schedule::daily(0.0, 84.0),
//! }];
//! let intakes = IntakeSchedule::constant(intake);
//! let sample_days = [0.0, 84.0];
//! let plan = RunPlan { model: &model, intakes: &intakes, regimens: &regimens,
//!     sample_days: &sample_days, end_day: 84.0 };
//! let mut trajectory = Trajectory::default();
//! workspace.run(&plan, &start.state, &mut trajectory)?;
//! let ohd25 = Observable::Ohd25.index();
//! assert!(trajectory.rows[1][ohd25] > trajectory.rows[0][ohd25]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

/// The disclaimer shown on every output a person sees.
pub const DISCLAIMER: &str = "Illustrative toy model: not calibrated, not medical advice";

/// `text` as it may be printed to a terminal: control characters (other than new lines and
/// tabs) and the invisible characters that reorder text are shown as escapes (`\u{1b}`), so
/// that a name or a path from a file or the command line cannot move the cursor, recolour or
/// clear the screen, or disguise itself.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if hidden(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub mod app;
pub mod bench;
pub mod cli;
pub mod cohort;
pub mod explore;
pub mod files;
pub mod model;
pub mod output;
pub mod phenomena;
pub mod plot;
pub mod report;
pub mod scenario;
pub mod simulate;
pub mod starter;
pub mod sweep;
pub mod trial;

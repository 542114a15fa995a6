//! `mgate explore`: a page served on this machine with sliders for a scenario's doses, intakes,
//! cohort and key model parameters. Every change re-simulates the cohort and redraws the time
//! courses, the effect by baseline stratum and the Mg gates; a pinned run stays drawn underneath
//! for comparison.
//!
//! The page sends only values of its controls, each named by its TOML path ([`controls`]); they
//! become `--set` options and go through the scenario's own checks ([`crate::scenario::parse`]),
//! so a bad value gets the message a scenario file or `--set` would get, shown beside its
//! control. What the page draws is summarised by [`summary`] (quartiles per arm and day, not
//! every subject). Requests are admitted by [`server`] (token, Host, Origin, method, path,
//! body size) and answered by the handlers. Simulating and writing a run folder are the app
//! layer's, given as a [`Backend`]: this module knows the page, not the pipeline.
//!
//! The page (HTML, CSS and JavaScript drawing its own SVG) is compiled into the binary and
//! loads nothing from the network.

pub mod controls;
mod handlers;
pub mod server;
pub mod summary;

pub use controls::{Control, UnknownParameter};
pub use server::{MAX_BODY_BYTES, Server, StartError, Token};

use crate::cohort::CohortResults;
use crate::scenario::{Scenario, ScenarioError, SetOption};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the page needs from the pipeline: simulating a scenario, and writing its run folder.
pub trait Backend: Send + Sync {
    /// Simulates the cohort of `scenario`.
    fn simulate(&self, scenario: &Scenario) -> Result<Arc<CohortResults>, BackendError>;
    /// Simulates `scenario` and writes the run folder `mgate run` would write to `target`,
    /// never over existing results; returns the folder written.
    fn save_run(&self, scenario: &Scenario, target: &Path) -> Result<PathBuf, BackendError>;
}

/// Why the backend did not do what the page asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    /// The request cannot be done as asked (over the budget, too few eligible subjects, results
    /// already at the target): the user's to change.
    #[error("{message}")]
    Refused {
        /// What is wrong and what to do, as the console would print it.
        message: String,
    },
    /// Something failed (I/O, a numerical failure).
    #[error("{message}")]
    Failed {
        /// What failed.
        message: String,
    },
}

/// What a request asks for (its path, once admitted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The page, `/<token>/`.
    Page,
    /// Its script.
    Script,
    /// Its style sheet.
    Style,
    /// The scenario and its controls.
    Setup,
    /// Simulate with the page's values.
    Simulate,
    /// The scenario with the page's values, as a TOML file.
    Scenario,
    /// Save the run with the page's values as a run folder.
    Save,
}

impl Route {
    /// Whether the route takes a JSON body (by POST); the others are read by GET.
    pub fn takes_body(self) -> bool {
        matches!(self, Self::Simulate | Self::Scenario | Self::Save)
    }

    /// The path after the token.
    pub fn name(self) -> &'static str {
        match self {
            Self::Page => "/",
            Self::Script => "page.js",
            Self::Style => "page.css",
            Self::Setup => "api/setup",
            Self::Simulate => "api/simulate",
            Self::Scenario => "api/scenario",
            Self::Save => "api/save",
        }
    }
}

/// Everything the handlers share: the scenario as the page starts, its controls, where runs are
/// saved, and the backend.
pub struct Session {
    /// The scenario file's text, as read.
    text: String,
    /// How the file is named in messages.
    label: String,
    /// The command line's `--set` options, applied before the page's.
    base: Vec<SetOption>,
    /// The scenario as the page starts.
    start: Scenario,
    /// The page's controls.
    controls: Vec<Control>,
    /// Folder saved runs go into (`DIR/NAME`).
    out_dir: PathBuf,
    /// Simulating and saving.
    backend: Box<dyn Backend>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Session({})", self.label)
    }
}

/// Why a session could not start.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The scenario (with the command line's overrides) has problems.
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// A `--param` is not a model parameter.
    #[error("{0}")]
    Parameter(#[from] UnknownParameter),
}

/// Where a session starts from and saves to.
#[derive(Debug, Clone)]
pub struct SessionSettings {
    /// The scenario file's text.
    pub text: String,
    /// How the file is named in messages (its path).
    pub label: String,
    /// `--set` options of the command line.
    pub base: Vec<SetOption>,
    /// Model parameters offered besides the teaching ones (`--param`).
    pub extra_parameters: Vec<String>,
    /// Folder saved runs go into.
    pub out_dir: PathBuf,
}

impl Session {
    /// Checks the scenario and finds its controls.
    pub fn new(settings: SessionSettings, backend: Box<dyn Backend>) -> Result<Self, SessionError> {
        let start = crate::scenario::parse(&settings.text, &settings.label, &settings.base)?;
        let controls = controls::controls_of(&start, &settings.extra_parameters)?;
        Ok(Self {
            text: settings.text,
            label: settings.label,
            base: settings.base,
            start,
            controls,
            out_dir: settings.out_dir,
            backend,
        })
    }

    /// The scenario as the page starts.
    pub fn start(&self) -> &Scenario {
        &self.start
    }

    /// The page's controls.
    pub fn controls(&self) -> &[Control] {
        &self.controls
    }
}

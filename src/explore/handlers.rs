//! The answers to admitted requests: the page's files, its setup, and its three calls
//! (simulate, download the scenario, save the run), each taking the values of the controls.
//!
//! Every reply to a call is JSON except the scenario download (TOML). A value that the
//! scenario's checks refuse gets 422 with every problem, each with the control it belongs to and
//! the message the same `--set` would get on the command line; a save that would replace results
//! gets 409. Nothing here panics on what the page sends.

use super::controls::{self, MAX_PAGE_SUBJECTS};
use super::summary;
use super::{BackendError, Route, Session};
use crate::DISCLAIMER;
use crate::scenario::{self, Origin, Problem, Scenario, ScenarioError, SetOption};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::Instant;

const PAGE_HTML: &str = include_str!("page.html");
const PAGE_JS: &str = include_str!("page.js");
const PAGE_CSS: &str = include_str!("page.css");

/// A reply, before it becomes an HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its body.
    pub body: Vec<u8>,
    /// A file name to download the body as.
    pub attachment: Option<String>,
    /// Where a redirect points.
    pub location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            content_type,
            body: body.into(),
            attachment: None,
            location: None,
        }
    }

    /// A plain-text reply.
    pub fn text(status: u16, message: &str) -> Self {
        Self::new(status, "text/plain; charset=utf-8", format!("{message}\n"))
    }

    /// A JSON reply.
    pub fn json(status: u16, value: &Value) -> Self {
        Self::new(status, "application/json", value.to_string())
    }

    /// A redirect (303) to `location`.
    pub fn redirect(location: &str) -> Self {
        Self {
            location: Some(location.to_string()),
            ..Self::text(303, "see the address with a final /")
        }
    }
}

/// Answers an admitted request.
pub fn handle(session: &Session, route: Route, body: &[u8]) -> Reply {
    match route {
        Route::Page => Reply::new(
            200,
            "text/html; charset=utf-8",
            PAGE_HTML.replace("{{DISCLAIMER}}", DISCLAIMER),
        ),
        Route::Script => Reply::new(200, "text/javascript; charset=utf-8", PAGE_JS),
        Route::Style => Reply::new(200, "text/css; charset=utf-8", PAGE_CSS),
        Route::Setup => Reply::json(200, &setup(session)),
        Route::Simulate => with_scenario(session, body, |scenario, _| simulate(session, scenario)),
        Route::Scenario => with_scenario(session, body, |scenario, set| {
            scenario_file(session, scenario, set)
        }),
        Route::Save => with_scenario(session, body, |scenario, _| save(session, scenario)),
    }
}

/// What the page sends: the values of the controls it changed, and for a download or a save
/// the name typed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageRequest {
    #[serde(default)]
    values: BTreeMap<String, Value>,
    #[serde(default)]
    name: Option<String>,
}

/// The page's scenario, controls and settings.
fn setup(session: &Session) -> Value {
    let scenario = session.start();
    json!({
        "disclaimer": DISCLAIMER,
        "file": session.label,
        "scenario": {
            "name": scenario.name,
            "title": scenario.title,
            "description": scenario.description,
            "look_for": scenario.look_for,
            "reference": scenario.reference,
            "duration_days": scenario.duration_days,
        },
        "arms": scenario.arms.iter().map(|a| json!({"name": a.name, "label": a.label})).collect::<Vec<_>>(),
        "reference_arm": scenario.arms[scenario.analysis.reference_arm].name,
        "controls": session.controls(),
        "out_dir": session.out_dir.display().to_string(),
        "default_name": default_name(&scenario.name),
        "max_subjects": MAX_PAGE_SUBJECTS,
        "max_body_bytes": super::MAX_BODY_BYTES,
    })
}

/// `<name>_explore`, shortened to a valid scenario name.
fn default_name(name: &str) -> String {
    let suffix = "_explore";
    let keep = name.len().min(scenario::MAX_NAME_CHARS - suffix.len());
    format!("{}{suffix}", &name[..keep])
}

/// One problem as the page shows it: the control it belongs to (its path), the message, and
/// where the scenario's checks located it.
fn problem_json(problem: &Problem, error: &ScenarioError, set: &[SetOption]) -> Value {
    let (path, location) = match &problem.origin {
        Origin::SetOption(raw) => {
            let path = set
                .iter()
                .find(|o| &o.raw == raw)
                .map_or(problem.path.clone(), |o| o.path.join("."));
            (path, raw.clone())
        }
        Origin::File(span) => {
            let (line, column) = scenario::problem::line_column(&error.source, span.start);
            (
                problem.path.clone(),
                format!("{}:{line}:{column}", error.file),
            )
        }
        Origin::Whole => (problem.path.clone(), error.file.clone()),
    };
    let label = if problem.path.is_empty() {
        String::new()
    } else {
        format!(" `{}`", problem.path)
    };
    json!({
        "path": path,
        "message": format!("error{label}: {}", problem.message),
        "location": location,
    })
}

/// A 422 reply listing problems; `report` is the whole message as the console prints it.
fn problems_reply(problems: Vec<Value>, report: &str) -> Reply {
    Reply::json(422, &json!({ "problems": problems, "report": report }))
}

/// A 422 reply with one problem at a page path.
fn one_problem(path: &str, message: &str) -> Reply {
    problems_reply(
        vec![
            json!({"path": path, "message": format!("error `{path}`: {message}"), "location": "page"}),
        ],
        &format!("error `{path}`: {message}"),
    )
}

/// Reads the request, turns its values into `--set` options, checks the scenario with them and
/// hands it to `then`; or the reply that says what is wrong.
fn with_scenario(
    session: &Session,
    body: &[u8],
    then: impl FnOnce(&Scenario, &[SetOption]) -> Reply,
) -> Reply {
    let request: PageRequest = match serde_json::from_slice(body) {
        Ok(request) => request,
        Err(e) => {
            return Reply::text(
                400,
                &format!(
                    "the body must be JSON {{\"values\": {{PATH: VALUE}}, \"name\": NAME}}: {e}"
                ),
            );
        }
    };
    let mut values = BTreeMap::new();
    for (path, value) in request.values {
        let text = match value {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => {
                return one_problem(&path, "give a number or a word");
            }
        };
        values.insert(path, text);
    }
    let page_set = match controls::overrides(session.controls(), &values) {
        Ok(set) => set,
        Err(errors) => {
            let report = errors
                .iter()
                .map(|e| format!("error {e}"))
                .collect::<Vec<_>>()
                .join("\n");
            let problems = errors
                .iter()
                .map(|e| json!({"path": e.path, "message": format!("error {e}"), "location": "page"}))
                .collect();
            return problems_reply(problems, &report);
        }
    };
    let mut set = session.base.clone();
    set.extend(page_set);
    if let Some(name) = &request.name {
        set.push(SetOption {
            path: vec!["name".into()],
            value: toml_string(name),
            raw: "name typed in the page".into(),
        });
    }
    match scenario::parse(&session.text, &session.label, &set) {
        Ok(scenario) if scenario.population.subjects as u64 > MAX_PAGE_SUBJECTS => one_problem(
            "population.subjects",
            &format!(
                "the page simulates at most {MAX_PAGE_SUBJECTS} subjects, to answer within seconds; run larger cohorts with `mgate run --subjects N`"
            ),
        ),
        Ok(scenario) => then(&scenario, &set),
        Err(error) => {
            let problems = error
                .problems
                .iter()
                .map(|p| problem_json(p, &error, &set))
                .collect();
            problems_reply(problems, &crate::printable(&error.to_string()))
        }
    }
}

/// `text` as a TOML string, so that whatever is typed stays one value (checked as a name by
/// the scenario's checks).
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

fn backend_reply(error: &BackendError, refused_status: u16) -> Reply {
    let (status, message) = match error {
        BackendError::Refused { message } => (refused_status, message),
        BackendError::Failed { message } => (500, message),
    };
    Reply::json(
        status,
        &json!({ "problems": [], "report": crate::printable(message) }),
    )
}

fn simulate(session: &Session, scenario: &Scenario) -> Reply {
    let clock = Instant::now();
    match session.backend.simulate(scenario) {
        Ok(results) => {
            let ms = clock.elapsed().as_secs_f64() * 1e3;
            let page = summary::summarize(scenario, &results, ms);
            match serde_json::to_value(&page) {
                Ok(value) => Reply::json(200, &value),
                Err(e) => Reply::text(500, &format!("cannot encode the results: {e}")),
            }
        }
        Err(error) => backend_reply(&error, 422),
    }
}

/// The scenario with the page's values, as a TOML file that `mgate validate` accepts: the file
/// as written with the changed values edited in place, under a comment that lists them.
fn scenario_file(session: &Session, scenario: &Scenario, set: &[SetOption]) -> Reply {
    let mut text = format!(
        "# Written by `mgate explore` from {}.\n# {DISCLAIMER}.\n",
        session.label.replace('\n', " ")
    );
    if !set.is_empty() {
        text.push_str("# Changed from the file:\n");
        for option in set {
            let line = format!("{}={}", option.path.join("."), option.value);
            text.push_str(&format!("#   {}\n", line.replace('\n', " ")));
        }
    }
    text.push_str(&scenario.resolved_toml);
    Reply {
        attachment: Some(format!("{}.toml", scenario.name)),
        ..Reply::new(200, "application/toml; charset=utf-8", text)
    }
}

fn save(session: &Session, scenario: &Scenario) -> Reply {
    // The name was checked as a scenario name: letters, digits, `_` and `-`, never a path.
    if !scenario::is_valid_name(&scenario.name) {
        return one_problem(
            "name",
            "give a name of lower-case letters, digits, `_` or `-`",
        );
    }
    let target = session.out_dir.join(&scenario.name);
    match session.backend.save_run(scenario, &target) {
        Ok(folder) => Reply::json(200, &json!({ "folder": folder.display().to_string() })),
        Err(error) => backend_reply(&error, 409),
    }
}

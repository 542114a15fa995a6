//! The documents stay in step with the code: the parameter table of `docs/model.md` is the
//! generated one, every state and observable is documented, and every document opens with the
//! disclaimer.

use mgate::DISCLAIMER;
use mgate::model::explain::{find_parameters_section, parameters_section};
use mgate::model::{Parameters, State};
use mgate::simulate::Observable;
use std::path::Path;

fn read_doc(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn model_doc_parameter_table_is_the_generated_one() {
    let document = read_doc("model.md");
    let section = find_parameters_section(&document).expect(
        "docs/model.md lacks the markers <!-- parameters:begin --> and <!-- parameters:end -->",
    );
    assert!(
        section == parameters_section(&Parameters::default()),
        "the parameter table in docs/model.md differs from parameters_markdown(&Parameters::default()): \
         regenerate it with `cargo run --example write_model_doc`"
    );
}

#[test]
fn model_doc_names_every_state_and_observable() {
    let document = read_doc("model.md");
    for name in State::NAMES {
        assert!(
            document.contains(&format!("`{name}`")),
            "docs/model.md lacks state `{name}`"
        );
    }
    for observable in Observable::ALL {
        let name = observable.name();
        assert!(
            document.contains(&format!("`{name}`")),
            "docs/model.md lacks observable `{name}`"
        );
    }
}

#[test]
fn every_doc_opens_with_the_disclaimer() {
    for name in ["model.md", "solver.md"] {
        let document = read_doc(name);
        let opening: String = document.lines().take(5).collect::<Vec<_>>().join("\n");
        assert!(
            opening.contains(DISCLAIMER),
            "docs/{name} must open with the disclaimer"
        );
    }
}

//! Regenerates the parameter table of `docs/model.md` in place: the text between
//! `<!-- parameters:begin -->` and `<!-- parameters:end -->` becomes the output of
//! `mgate::model::explain::parameters_markdown` for the default parameters.
//!
//! Run: `cargo run --example write_model_doc` (the test `tests/docs.rs` fails until the table is
//! up to date).

use mgate::model::Parameters;
use mgate::model::explain::{
    PARAMETERS_BEGIN, PARAMETERS_END, parameters_section, replace_parameters_section,
};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/model.md");
    let document = match std::fs::read_to_string(&path) {
        Ok(document) => document,
        Err(error) => {
            eprintln!("cannot read {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let section = parameters_section(&Parameters::default());
    let Some(updated) = replace_parameters_section(&document, &section) else {
        eprintln!(
            "{} has no `{PARAMETERS_BEGIN}` followed by `{PARAMETERS_END}`: add both markers \
             where the parameter table belongs",
            path.display()
        );
        return ExitCode::FAILURE;
    };
    if updated == document {
        println!("{} is up to date", path.display());
        return ExitCode::SUCCESS;
    }
    if let Err(error) = std::fs::write(&path, updated) {
        eprintln!("cannot write {}: {error}", path.display());
        return ExitCode::FAILURE;
    }
    println!("rewrote the parameter table of {}", path.display());
    ExitCode::SUCCESS
}

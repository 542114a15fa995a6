//! The phenomena suite P1 to P7 and the sanity check S1 must hold, with the sizes a class can see
//! (the acceptance figures of the model's calibration), on every one of five seeds at the
//! shipped scenarios' own cohort sizes (each check takes well under a second in release mode).

use mgate::phenomena::{Finding, PHENOMENA, Report};

#[test]
fn every_phenomenon_holds_on_five_seeds() {
    let mut failures = Vec::new();
    for seed in 1..=5 {
        for phenomenon in &PHENOMENA {
            let report = phenomenon
                .check(Some(seed), None, &[])
                .unwrap_or_else(|e| panic!("{} seed {seed}: {e}", phenomenon.id));
            for finding in report.findings.iter().filter(|f| !f.pass) {
                failures.push(format!(
                    "{} seed {seed}: {} = {} {}; expected {}",
                    phenomenon.id, finding.what, finding.value, finding.unit, finding.expected
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn report(id: &str) -> Report {
    let phenomenon = PHENOMENA.iter().find(|p| p.id == id).unwrap();
    phenomenon.check(None, None, &[]).unwrap()
}

fn value(report: &Report, starts_with: &str) -> f64 {
    let finding: &Finding = report
        .findings
        .iter()
        .find(|f| f.what.starts_with(starts_with))
        .unwrap_or_else(|| panic!("{}: no finding `{starts_with}`", report.id));
    finding.value
}

#[test]
fn the_acceptance_figures_hold_at_the_shipped_seeds() {
    // The figures of the model's calibration (docs/model.md), each read off its own finding.
    let p1 = report("P1");
    assert!(value(&p1, "25(OH)D change, Mg - placebo, baseline < 30") >= 1.0);
    assert!(value(&p1, "25(OH)D change, Mg - placebo, baseline 40-50") <= -1.0);
    assert!(value(&p1, "24,25(OH)2D change") > 0.0);
    let flip = value(&p1, "baseline 25(OH)D where");
    assert!((25.0..=40.0).contains(&flip), "flip at {flip}");

    let p2 = report("P2");
    let severe = value(&p2, "serum Mg change, D - control, baseline 25(OH)D < 12");
    let high_intake = value(&p2, "serum Mg change, D - control, Mg intake >= 350");
    assert!(severe <= -4.0, "{severe}");
    assert!(high_intake < 0.0 && high_intake > severe, "{high_intake}");
    assert!(value(&p2, "largest fall") <= 12.0);

    let p3 = report("P3");
    assert!(value(&p3, "mean serum Mg after") < 0.65);
    for name in ["25(OH)D", "calcitriol"] {
        assert!(value(&p3, &format!("{name} response when Mg-depleted")) <= 0.5);
        assert!(value(&p3, &format!("{name} response after Mg repletion")) >= 0.85);
    }

    let p4 = report("P4");
    assert!(value(&p4, "25(OH)D change, D+Mg - D") >= 1.0);
    let combined = value(&p4, "25(OH)D change in the D+Mg arm");
    assert!((4.0..=9.0).contains(&combined), "{combined}");

    let p5 = report("P5");
    assert!(value(&p5, "fractional Mg absorption change") >= 0.03);

    let p7 = report("P7");
    let half_life = value(&p7, "half-life");
    assert!((15.0..=40.0).contains(&half_life), "{half_life}");

    let s1 = report("S1");
    assert!(s1.pass(), "{:#?}", s1.findings);
    assert!(value(&s1, "correlation") >= 0.0);
}

#[test]
fn check_command_reports_a_pass_with_the_disclaimer_and_rejects_unknown_ids() {
    let ok = assert_cmd::Command::cargo_bin("mgate")
        .unwrap()
        .args(["check", "--only", "P7"])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(stdout.contains("P7 PASS"), "{stdout}");
    assert!(stdout.contains("not calibrated, not medical advice"));
    let unknown = assert_cmd::Command::cargo_bin("mgate")
        .unwrap()
        .args(["check", "--only", "P9"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}

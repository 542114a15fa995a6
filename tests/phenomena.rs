//! The phenomena suite P1 to P7 must hold in direction on every one of five seeds, at the
//! shipped scenarios' own cohort sizes (each check takes well under a second in release mode).

use mgate::phenomena::PHENOMENA;

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

#[test]
fn the_two_way_effect_reaches_a_size_a_class_can_see() {
    // Calibration aims of P1 at the shipped seed: at least +0.5 ng/mL below 30 ng/mL and at
    // most -0.5 ng/mL at 40 to 50 ng/mL.
    let report = PHENOMENA[0].check(None, None, &[]).unwrap();
    assert_eq!(report.id, "P1");
    assert!(report.findings[0].value >= 0.5, "{:?}", report.findings[0]);
    assert!(report.findings[1].value <= -0.5, "{:?}", report.findings[1]);
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

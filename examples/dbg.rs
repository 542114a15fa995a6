use mgate::model::*;
use mgate::simulate::*;
fn main() {
    let model = Model::reference();
    let intake = Intake::reference(&model.parameters);
    let r = model.reference_state().unwrap();
    let intakes = IntakeSchedule::constant(intake);
    let regs = vec![
        Regimen {
            dose: Dose::VitaminD {
                iu: 2000.0,
                form: VitaminDForm::D3,
            },
            schedule: Schedule::Once { day: 0.0 },
        },
        Regimen {
            dose: Dose::Magnesium {
                mg: 250.0,
                form: MagnesiumForm::Glycinate,
            },
            schedule: Schedule::Once { day: 0.0 },
        },
    ];
    for (tol, n) in [(1.0, 2usize), (1.0, 50), (1e-4, 2), (1e-4, 50)] {
        let mut ws = Workspace::new(SolverSettings::default().scaled(tol));
        let days: Vec<f64> = (0..n).map(|i| i as f64 * 0.5 / (n - 1) as f64).collect();
        let plan = RunPlan {
            model: &model,
            intakes: &intakes,
            regimens: &regs,
            sample_days: &days,
            end_day: 0.5,
        };
        let mut tr = Trajectory::default();
        let res = ws.run(&plan, &r, &mut tr);
        println!(
            "tol {tol} n {n} {:?}",
            res.err().map(|e| e.to_string()[..80].to_string())
        );
        println!("{:?}", tr.final_state);
        println!("{:?}", tr.stats);
    }
}

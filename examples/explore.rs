use mgate::model::*;
use mgate::simulate::*;
fn main() {
    let model = Model::reference();
    println!("derived {:?}", model.derived);
    let r = model.reference_state().unwrap();
    println!("ref {:?}", r);
    let intake = Intake::reference(&model.parameters);
    println!("resid at ref {:e}", scaled_residual(&model, &intake, &r));
    let mut ws = Workspace::default();
    for (d, m) in [
        (2500.0, 320.0),
        (0.0, 320.0),
        (500.0, 150.0),
        (5000.0, 600.0),
        (400.0, 100.0),
        (20000.0, 2000.0),
        (1000.0, 20.0),
        (0.0, 0.0),
    ] {
        let i = Intake {
            vitamin_d_iu_per_day: d,
            magnesium_mg_per_day: m,
        };
        match steady_state(&model, &i, &mut ws) {
            Ok(ss) => {
                let o = observe(&model, &i, &ss.state);
                println!(
                    "D {d} Mg {m}: {:?} resid {:.1e}; 25OHD {:.1} cal {:.1} serum {:.3} tissue {:.0} pth {:.1} fa {:.2}",
                    ss.method, ss.residual_per_day, o[0], o[1], o[4], o[5], o[3], o[11]
                );
            }
            Err(e) => println!("D {d} Mg {m}: {e}"),
        }
    }
    let ss = steady_state(&model, &intake, &mut ws).unwrap();
    let regimens = [
        Regimen {
            dose: Dose::VitaminD {
                iu: 2000.0,
                form: VitaminDForm::D3,
            },
            schedule: Schedule::daily(0.0, 365.0),
        },
        Regimen {
            dose: Dose::Magnesium {
                mg: 250.0,
                form: MagnesiumForm::Glycinate,
            },
            schedule: Schedule::daily(0.0, 365.0),
        },
    ];
    let intakes = IntakeSchedule::constant(intake);
    let days: Vec<f64> = (0..=52).map(|w| w as f64 * 7.0).collect();
    let plan = RunPlan {
        model: &model,
        intakes: &intakes,
        regimens: &regimens,
        sample_days: &days,
        end_day: 365.0,
    };
    let mut tr = Trajectory::default();
    let t0 = std::time::Instant::now();
    for _ in 0..100 {
        ws.run(&plan, &ss.state, &mut tr).unwrap();
    }
    println!(
        "per subject-year {:?}  stats {:?}",
        t0.elapsed() / 100,
        tr.stats
    );
    println!("end: {:?}", tr.rows.last());
    // eigenvalues of jacobian at ref
    let y0 = r.to_vector();
    let f = |y: &nalgebra::SVector<f64, 9>| {
        model
            .derivatives(&intake, &State::from_slice(y.as_slice()))
            .0
            .to_vector()
    };
    let mut j = nalgebra::SMatrix::<f64, 9, 9>::zeros();
    for k in 0..9 {
        let h = 1e-6 * y0[k].abs().max(1e-3);
        let mut yp = y0;
        yp[k] += h;
        let mut ym = y0;
        ym[k] -= h;
        j.set_column(k, &((f(&yp) - f(&ym)) / (2.0 * h)));
    }
    println!("eig {:?}", j.complex_eigenvalues());
}

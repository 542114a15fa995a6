//! The scalar right-hand side must give bit-identical results across refactors of how it is
//! computed. `EXPECTED` holds the bits of [`rhs_with_ledger`] and [`Model::auxiliaries`] at a few
//! deterministic states and parameter sets (whole and non-whole exponents, `a_pth = 0.5`, states
//! at zero and below the calcitriol floor), recorded with `main` at 783d067.
//!
//! To re-record (only after an intended change of the formulas):
//! `cargo test --release --test frozen_rhs -- --ignored --nocapture print_table`.

use mgate::model::{Intake, Model, N_STATES, PARAMETER_TABLE, Parameters, State};
use mgate::simulate::{N_INTEGRATED, rhs_with_ledger};

/// SplitMix64, as in the unit tests of `equations.rs`.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The models: defaults, non-whole exponents with `a_pth = 0.5`, and random sets in the ranges.
fn models() -> Vec<Model> {
    let reference = Model::reference();
    let mut models = vec![reference];
    let odd = Parameters {
        n_gate: 2.5,
        h_24: 1.7,
        q_urine: 2.3,
        a_pth: 0.5,
        a_abs: 0.38,
        ..Parameters::default()
    };
    models.push(Model::with_derived(odd, reference.derived));
    let mut rng = SplitMix64(783);
    for _ in 0..4 {
        let mut p = Parameters::default();
        for info in PARAMETER_TABLE {
            info.set(&mut p, info.min + rng.unit() * (info.max - info.min));
        }
        models.push(Model::with_derived(p, reference.derived));
    }
    models
}

/// Five states per model: the reference state scaled state by state, one with zeros and
/// calcitriol below the floor of the calcitriol ratio.
fn states(model: &Model, rng: &mut SplitMix64) -> Vec<State> {
    let base = Model::reference().reference_state().unwrap().to_array();
    let _ = model;
    (0..5)
        .map(|k| {
            let mut y = base;
            y[0] = 40.0;
            for v in y.iter_mut() {
                *v *= 0.2 + 2.0 * rng.unit();
            }
            if k == 4 {
                y[0] = 0.0;
                y[2] = 0.0;
                y[3] *= 0.001;
                y[5] = 0.0;
            }
            State::from_slice(&y)
        })
        .collect()
}

/// Bits of the 15 outputs of `rhs_with_ledger` and the 9 auxiliaries, per (model, state).
fn table() -> Vec<[u64; N_INTEGRATED + 9]> {
    let mut rng = SplitMix64(20_261_124);
    let mut rows = Vec::new();
    for model in models() {
        let intake = Intake {
            vitamin_d_iu_per_day: 400.0 + 2000.0 * rng.unit(),
            magnesium_mg_per_day: 100.0 + 400.0 * rng.unit(),
        };
        for y in states(&model, &mut rng) {
            let mut dy = [0.0; N_INTEGRATED];
            rhs_with_ledger(&model, &intake, &y.to_array(), &mut dy);
            let a = model.auxiliaries(&y);
            let aux = [
                a.serum_mg_mmol_l,
                a.cellular_mg_ratio,
                a.serum_mg_ratio,
                a.calcitriol_ratio,
                a.gate_cyp2r1,
                a.gate_cyp27b1,
                a.gate_cyp24a1,
                a.induction_cyp24a1,
                a.pth_pg_ml,
            ];
            let mut row = [0; N_INTEGRATED + 9];
            for (bits, v) in row.iter_mut().zip(dy.iter().chain(aux.iter())) {
                *bits = v.to_bits();
            }
            rows.push(row);
        }
    }
    rows
}

#[test]
#[ignore = "prints the table to record"]
fn print_table() {
    for row in table() {
        let cells: Vec<String> = row.iter().map(|b| format!("0x{b:016x}")).collect();
        println!("    [{}],", cells.join(", "));
    }
}

#[test]
fn scalar_right_hand_side_is_bit_identical_to_the_recorded_table() {
    assert_eq!(N_STATES, 9);
    let rows = table();
    assert_eq!(rows.len(), EXPECTED.len());
    for (i, (row, expected)) in rows.iter().zip(EXPECTED).enumerate() {
        for (j, (got, want)) in row.iter().zip(expected).enumerate() {
            assert_eq!(
                got,
                want,
                "row {i}, output {j}: {} vs recorded {}",
                f64::from_bits(*got),
                f64::from_bits(*want)
            );
        }
    }
}

#[rustfmt::skip]
const EXPECTED: &[[u64; N_INTEGRATED + 9]] = &[
    [0xc0635883c5fcf7e3, 0x405f85f24b87e762, 0xbfd2e225555c256a, 0xc06439bee57967f5, 0x3fda03ceb324d334, 0xc0764f187c692c3b, 0x402d67ad791ce767, 0xc026ff2f6f11b8d8, 0x3fcd0891b34c3b00, 0x4060ea405605722c, 0x4079af7ac62cf427, 0x400117ed0eb9cdcd, 0x40635883c5fcf7e3, 0x403f58144be65081, 0x404037597c0b24e7, 0x3fe590f8c86748b0, 0x3ff74e6f0c019aa5, 0x3fe95f42cda6afde, 0x3ff9b8561573ee4e, 0x3ff847fd2e288084, 0x3ff4ac3d5e2db70e, 0x400ddd6144859688, 0x40074ee7a59e2af4, 0x403e897dfc7a9416],
    [0xc05413b6ae5c2b81, 0xc041c9bb4d295b84, 0x4000692f95b4e8b9, 0xc06b904e2fa35fd8, 0x3fc8df13d109a6b4, 0x40482253a34c1fee, 0xc02db9e4ea72b896, 0x400caac937dc7928, 0xbfe982741570acc8, 0x405185a74c5d1a74, 0x4051bf38b516d99d, 0x402debce3bd7b1f7, 0x405413b6ae5c2b81, 0x4050f112ec22543f, 0x4054ce1df95ba333, 0x3ff1161e621f510d, 0x3ffaf377d1038634, 0x3ff41a05a09d504c, 0x3fff5a811a51823a, 0x3ff9f91b84e4dc4d, 0x3ff5762f0f5f05e9, 0x4016c308722ba9d1, 0x3ffb3558d57445fe, 0x403cb8dedc99f25c],
    [0xc03f70eb180edc7d, 0x404817db85f78e68, 0xbffd16852e8b8ca0, 0xc054697b59a82b11, 0x3fc8ffa483a2596c, 0xc06392bf8f2753e8, 0x40317e434cb89f91, 0xc02432de517c6088, 0xc0092f124c2e23d8, 0x4059fc09020f64df, 0x406e3fbff7aca37d, 0x3f9f42c84cd8b013, 0x403f70eb180edc7d, 0x4019b0e20e1b4df8, 0x4027dedb959ac9de, 0x3fd08a2187a4c655, 0x3febd4b938a1b61c, 0x3fd375549f94ad19, 0x3fe78aba9893ae18, 0x3fe8195682b0925a, 0x3fea49b3ab755a65, 0x3fe2c815fc2e43bd, 0x40218b8a242df2bf, 0x3fe18eebfd31ed1c],
    [0xc05cc07e144dd26e, 0x4058ff8b66bb9b12, 0xc0004688d2124c18, 0xc0408387afca0f5e, 0x3fd5adcea45af95a, 0xc062634d0b7dbe1a, 0xc057764f11958571, 0x404a7a6c1527b507, 0x40051880d542d5ff, 0x405a87134c26a337, 0x406ccac84ef76e82, 0x40454f7c3ee13562, 0x405cc07e144dd26e, 0x4029b8bbd71f67fe, 0x4042a0ef8676d117, 0x3ff789d417dd0a83, 0x3fe8b080fdbff4a4, 0x3ffbb135c1b8c113, 0x3ff424fc4fe1cb46, 0x3fe1ca1675e75ef1, 0x3fe4ec4104c3d975, 0x3fd79311d6a95fd2, 0x40277ff377efd835, 0x4041eed269f1ccb8],
    [0x8000000000000000, 0xc034ccf49d58638c, 0x3ff10c27443664e8, 0xbfb1a0e0e91d3ff5, 0xbfe10a6ae218d2b1, 0x4067ab04e98d0204, 0x40205cbd9c36a71a, 0xc01bf4aa29ed3341, 0xbff4d52bf542da94, 0x0000000000000000, 0x0000000000000000, 0x3fbc1e7bb426ec79, 0x0000000000000000, 0x40354f311543fe22, 0x40414c1ae5246f14, 0x3fe4214e5bcd1178, 0x3fef9bbeb0bfb536, 0x3fe7aeb68a1e6ee8, 0x3f847ae147ae147b, 0x3fef4e97225e543a, 0x3fef898e211f6a36, 0x3fee8c640040ce8e, 0x3ff0000000000000, 0x40778a462958fa58],
    [0xc04787cadecbed92, 0x40476f4262d9d61a, 0xbfcac11903c36899, 0xc046d3e9590a940d, 0xbfd0a5c0cf5a733a, 0x403675c169c01d00, 0x4007318f655b436e, 0x3ff73e2e268b3a98, 0xbfff4316383ac10e, 0x405777e9eda87a42, 0x406d7134d0437a10, 0x3ff76dd7d5a2770d, 0x404787cadecbed92, 0x3fe09b3c05c95a81, 0x403024ad374ba6fb, 0x3fe2f0830a7d53ee, 0x3fcbb798cc95ec03, 0x3fe64821b1fcdb36, 0x3fe50b9c34ce3c9a, 0x3fa79c637cd184b1, 0x3fad8f9a10c28484, 0x3f9a312a82df3263, 0x3ffb14bbb605bb15, 0x4046524681697c1a],
    [0xc05fad48f1b1c121, 0x405e54420a0d35b7, 0xbfd92f532a4161b5, 0xc029eba4852132e0, 0xbfd0e6c7cfacf246, 0x4069dfcc71983f3c, 0xc03fc0f6d22da43e, 0x403ac477c601330b, 0xbfd7de4e7aeb7ce0, 0x404f964b3fa55310, 0x40546d05659c4da1, 0x401fd57c6ae3e5f3, 0x405fad48f1b1c121, 0x4017936b2dd9795a, 0x402fef6de5632457, 0x3ff35a1ffc23dd4a, 0x3fe4d10b7b0a64c8, 0x3ff6c461dd575eb2, 0x3fe7160142567866, 0x3fe0ed55bd981a02, 0x3fe2cb91963a094a, 0x3fd83e1b4f841161, 0x400d345444ec48bf, 0x4047aef0e6a203b1],
    [0xc05da7baf24bc826, 0x4056ea8a1b4177d7, 0xbfde7cb361003f15, 0xc059658606aa0aa7, 0x3fd3b7e7fa0deb96, 0xc06468db34897cc6, 0xc02bba34a36ac9b5, 0x40263f90c41f74d7, 0xbfda33eb540e85d8, 0x4061820321527390, 0x4077715d03c36203, 0x4021d2c65054b9dd, 0x405da7baf24bc826, 0x40322cce3b631371, 0x4039406b405bf0ad, 0x3ff1272a409c57f8, 0x3ff144e3bcbce103, 0x3ff42e13974e859c, 0x3ff81e64e443dfb1, 0x3ff164ee8f2791fe, 0x3ff11487c0c2aaa8, 0x3ff2c5671ee97f21, 0x4014c51455d35230, 0x40405fdab8d58ffa],
    [0xc05577cc74dab2e6, 0x4042145309910e91, 0xbff240f2d02caa77, 0xc06e1ac061eef0ca, 0x3fed2cd7fa7e8141, 0xc065eb0ba923994c, 0xc053f8db3bd41d64, 0x404d5b893aaf7250, 0x40054c770af240c5, 0x4062ddd5ea8b38e8, 0x4077848bd9740d9a, 0x4038b8899b4efc8e, 0x405577cc74dab2e6, 0x403e057fee776e04, 0x404214c0f8b381a9, 0x3ff90e6d5d09fd1a, 0x3ff5c5b970b5852c, 0x3ffd7a628b9347e3, 0x3fffedf9b38e9c6a, 0x3ff54555a05471e3, 0x3ff3e36a37afb6b6, 0x3ffd6e900378e758, 0x401b9fe00d76ce35, 0x403c7d250eae2f6c],
    [0x8000000000000000, 0xc05c348e8cc59e3b, 0x4005caef17eb0ea7, 0xbfac14f099be858e, 0xbfba620c5b8ff941, 0x4075fdf0fa27dd68, 0xc041831f91959b32, 0x40422cbca8f2d0ca, 0xc003e231f066edbe, 0x0000000000000000, 0x0000000000000000, 0x3ff290c0f5272873, 0x0000000000000000, 0x404b3daadde5d251, 0x4052b3d6a5b825ca, 0x3ff674c788cdd199, 0x3ff7903fcaf3b8d3, 0x3ffa6b45196a9c3c, 0x3f847ae147ae147b, 0x3ff66987df1d80d6, 0x3ff4aa29c28bb03c, 0x4000e91cc869c833, 0x3ff0000000000000, 0x407926c652894723],
    [0xc09c4e1a5cb59b31, 0x4084f32df6ae03ec, 0xc0413101d1494f95, 0xc08822440ba02757, 0xc01e783bc919461f, 0xc0ab9aec1a0a9707, 0x40896c9968bda215, 0xc0729771b0ebac2a, 0xc0770e2ea1d8f965, 0x40abf83dcfa5d84d, 0x40713e2e3b406859, 0x3fb3954eed381afe, 0x409c4e1a5cb59b31, 0x3ef1238dfcf49e1a, 0x409209a577174a8c, 0x3fdec7e200a59615, 0x3fbd31222d7e4921, 0x3fd2ca59c0fe6c79, 0x3ff7e00499ea6e14, 0x3ecdf73d170edf77, 0x3eb6a97baf573cd6, 0x3eb6af1654bd4216, 0x3ff4b305ee2541bd, 0x3fa089015cca0c27],
    [0xc0a19fbefac9dbef, 0x4099e76563ad910c, 0xc0483247789a85fb, 0xc07f6b63e5904993, 0xc0208b55aef623c6, 0xc0a7656a824ea220, 0x408e2405eb09a00d, 0xc078d0dc912a2c1b, 0xc07b96996e505226, 0x40a7ef2e58a5d166, 0x406fb53a6ac1f0ab, 0x3f86de82f826409f, 0x40a19fbefac9dbef, 0x3ee4400114bcee24, 0x40831a7552bf7701, 0x3fd2b8108948ecf1, 0x3fbdb55b2e166950, 0x3fc6dab96937170a, 0x3fef15225d121607, 0x3ed0b60af69a4ba0, 0x3eb946a9b55ebed9, 0x3eb94ce9d5e1a08c, 0x3ffab7afbb85b62f, 0x3f507667e116f1f0],
    [0xc097100a1e600a14, 0xc076ba54a9d2c0b8, 0xc0451162d09264e7, 0xc06fde30d1320afa, 0xc01edcfb4b17d0ad, 0xc0a88f06b10ef56a, 0x408d9de3a5c5844d, 0xc07632588bba93f5, 0xc07cd6438b862b76, 0x40a8ea0c68c8ff01, 0x4071508e2a4a25ce, 0x3f858b6027ded484, 0x4097100a1e600a14, 0x3efab0e96e4aeb5c, 0x409cf3c15c2a14b6, 0x3fd83c4199a2c968, 0x3fbd0d53c6dcc523, 0x3fcd96e576af5455, 0x3fdf86b5dd026c7b, 0x3ecd154df0b5d73e, 0x3eb5fe9de98c2e14, 0x3eb6040e4e13d944, 0x3ff7ad7045b4a3a8, 0x3f90b53e6e5136be],
    [0xc0969f0aa1cef889, 0x40914a222f810beb, 0xc0201e381aaa64fd, 0xc091f084e6f3a09e, 0xc012217239a7d218, 0xc0a33e7817bbc3e8, 0x404535d5251f57de, 0xc051eadf8b338792, 0x40611450fd90bef8, 0x40a46504e0152a14, 0x4065e8ab4a9e824e, 0x3f95367c9f13521b, 0x40969f0aa1cef889, 0x3dfe1862e807c925, 0x4076282a313de7a0, 0x3fd08cbd749a9ef6, 0x3f9a029f433ebb43, 0x3fc434b7c23535b8, 0x4001bf49559c5572, 0x3df5691e78e2a6d4, 0x3de0312a3638a9a7, 0x3de0352b44e3b550, 0x3ff023dcf03a4bf6, 0x3f24241c89b86414],
    [0x8000000000000000, 0xc072e1ea6a507d10, 0x3e24b760e56edca9, 0xbfedc76a531a54d2, 0xc026b76e6a5b1219, 0x407428bbe81a7287, 0x4082ff2cb0b7326a, 0xc067fbeeb75cd7dc, 0xc07a006256a533dc, 0x0000000000000000, 0x0000000000000000, 0x3f14394ebdabecfc, 0x0000000000000000, 0x3e81173abe198fc6, 0x4073b672d234a1db, 0x3fd58495a7515e36, 0x3fb07b91f2addc1d, 0x3fca45899094396f, 0x3f847ae147ae147b, 0x3e7b55172e0e9191, 0x3e64aba33dc34a77, 0x3e64b0bfcf42daae, 0x3ff0000000000000, 0x3fdcc0706bb866c3],
    [0xc08ea03a3e14b5e3, 0xc09fbcf42b83d5b8, 0xc0e21095380b6632, 0xc131c567a007460e, 0x40e20f294f180c7d, 0xc08ef5c0de5e4c78, 0x40a2dde017b1af82, 0xc09b2725f67bfb8b, 0xc0842a8155d37e73, 0x40882fb42773ae77, 0x407a4b1399730175, 0x3f79e2e072af7b30, 0x408ea03a3e14b5e3, 0x40a57f9237078f18, 0x4072574096ee6100, 0x3fd685018897d899, 0x401ca606d5bda17b, 0x3fd1aeb2b6ddc5d4, 0x3fd4aeea66417a86, 0x40a578ea8d45612f, 0x40a9a1604290bb60, 0x409d1b2c50e404b4, 0x3ff0003483cbbfc3, 0x4007d9c5b7d851cc],
    [0xc0902d441864c66b, 0xc0e09a01a53467a1, 0xc0d26ea530f19696, 0xc140bce4d328bf32, 0x40d2d670fd065da4, 0xc0b33941ba3bff60, 0x40a950e6c49f37af, 0xc0a1d9c72584c4ba, 0xc089972875db7d00, 0x40a9f3621c336a6f, 0x409c2e013b7099fd, 0x3ec8fa4061704d86, 0x40902d441864c66b, 0x40e02902bb072a87, 0x409ed504a748ef6c, 0x3fb43c2f7dc3aa9b, 0x4022d0d25177f7fe, 0x3fafc6fdb261b742, 0x3fdb16fb32f846fc, 0x40b338209b4d60ff, 0x40bb164837d53a23, 0x40a4c3706eac0366, 0x3ff0000005b38e47, 0x3d6eed1dc87238a3],
    [0xc091eaef8f4dbab5, 0xc0e08db38e6e6be6, 0xc0e90078fdbee3aa, 0xc1402a958c1f90f5, 0x40e9345e32007277, 0xc09abf85408796b1, 0x40a38b7d0bbb69be, 0xc09ed49dcc0b121d, 0xc07dd7d3b2236a99, 0x4093680a54f22352, 0x40850e72ecf9c976, 0x3f10ba5cd37a0e21, 0x4091eaef8f4dbab5, 0x40dfc5d3072e49ad, 0x40a3e60a19b99131, 0x3fc16b1cfe8cb755, 0x40203fba565c8259, 0x3fbb5a9d833e4c41, 0x3fde931bf154c4d5, 0x40ad488c87ce1f3a, 0x40b2cd4e26b7b0e0, 0x40a1c39534b2e1f8, 0x3ff000933034c364, 0x3e604652c9607586],
    [0xc09b8a35e134b8f1, 0xc0cb815dd0fa43b1, 0xc0ea774ff05608ea, 0xc13206ad416bfbad, 0x40ea8a9af997d2e8, 0xc0babf45e0ae93b0, 0x40a35210aeb659b7, 0xc09cae9403b78dba, 0xc07c177e3a86778e, 0x40b1d7671baac76b, 0x40a3679ccf7b5138, 0x3f42d6284549db35, 0x409b8a35e134b8f1, 0x40cc62849dda82f9, 0x409508e2c36f4476, 0x3fcd66a02de3bf3d, 0x401e3cdf2e226cf0, 0x3fc715ed35f25190, 0x3fd2f0a956adaad5, 0x40a8bb9eb54bb26c, 0x40ae6ac59c9984be, 0x409ff61dbc2826c2, 0x3ff001f055a15896, 0x3f4b111c15b5d83a],
    [0x8000000000000000, 0xc0cf783c8b192cd7, 0x406a441186a18981, 0xc08d7a8ba13e13df, 0xc014b7982ac89b60, 0x40697df4573b8ae4, 0x40aae4ab732bf94a, 0xc0a5567061715650, 0xc08638ec6c489266, 0x0000000000000000, 0x0000000000000000, 0x3f12af033f03d10d, 0x0000000000000000, 0x40ce16ac28f454fd, 0x408728ccb4c6892a, 0x3fd632860ba3563e, 0x402681175e5c3688, 0x3fd16deec6d3177f, 0x3f847ae147ae147b, 0x40b7ce0ed8da1ab4, 0x40c2975b393f64c3, 0x40a72ca9ef3a5058, 0x3ff0000000000000, 0x40150cc31058e8ba],
    [0xc093fd40d287bf66, 0xc051a57610d7cad0, 0xc0496d27483a709c, 0xc0d6f697f5faf770, 0x402a19a63e4dd69e, 0xc0b7b727070fce50, 0x40b01b35ecb7243a, 0xc0af428c22abfa1a, 0xc0539092c83de126, 0x409098e23724ebda, 0x40b4d3639130281f, 0x3f9a70882c7cb5f2, 0x4093fd40d287bf66, 0x404338b7a7a6d162, 0x409554e0c5e8b70f, 0x3fc598465aa3dae8, 0x3ff7d1d33b30cd83, 0x3fcf6414589fbae3, 0x3fc857da0cc5d8ae, 0x402404ddd7b01363, 0x4024095750c538e4, 0x4024092a52bc946e, 0x3ff001886e9625dc, 0x406ff0f2afb8fa4f],
    [0xc084c11c6ea31924, 0xc07b951f48917b94, 0xc08a881c49e1ac33, 0xc110fbb00189ff9c, 0x408925530494f7a0, 0xc0c31ef4fcfe2753, 0x40bf38b2786e4a24, 0xc0becfe520d0b1e3, 0xc04221f0fcc091fa, 0x409a072d388113c2, 0x40c07f49e1e2cf3d, 0x3f2331cfc2c017fb, 0x4084c11c6ea31924, 0x4082941116d93adf, 0x4081a5b79b33ff1e, 0x3faf700a28f17d7a, 0x400665f9c54c332d, 0x3fb6d9721841edb0, 0x3faf9b6900e634ff, 0x4077611d514fc3fc, 0x407841694039ec90, 0x4078384ac32349a9, 0x3ff0008e96cf31ce, 0x40544a948606cd98],
    [0xc0757da73a3de2d9, 0xc09df406e4bbb48a, 0xc08173a38aeef5d6, 0xc11699e73ea9cd4f, 0x40800adbc048934b, 0xc0b203278f46dafc, 0x40b9e121a92dc427, 0xc0b97f82902e798e, 0xc04ffa71150567f3, 0x40899e3955bb9346, 0x40b011d57c78fd58, 0x3fb05a7c9b87217c, 0x40757da73a3de2d9, 0x4087599799ff55ea, 0x40987db335dc33d3, 0x3fccb42a76394e52, 0x4003773679ddf6cf, 0x3fd4dcc41ba045a5, 0x3fc8521bce84ca3b, 0x40652f00bc8d830c, 0x406588edbe16fbc8, 0x40658557e36a647f, 0x3ff00256b8ad0c12, 0x407e8d64650ace2a],
    [0xc0966195f4d8b93d, 0x4072b2159ac699b2, 0xc091a7792d1940c4, 0xc11d9d3cc0e823f4, 0x40904a69184aadc4, 0xc0c39568f98cb2ce, 0x40baa5776e2e2fa3, 0xc0ba43da01b05a88, 0xc03af43bb6ba6a68, 0x409ae04739953aad, 0x40c0da9a9e4ed5db, 0x3fbbfaa16390b563, 0x40966195f4d8b93d, 0x407c0672cd44a276, 0x4087150454cd3773, 0x3fd0747fafd299fb, 0x40044f7c70d0d8a3, 0x3fd7eb6cbdab3a7e, 0x3fc9c7a3800597e6, 0x406af74376af2e8b, 0x406b89d5a0dd9999, 0x406b83f70a3ea4d4, 0x3ff00fbef021d39a, 0x40833efacdbe6a18],
    [0x8000000000000000, 0xc09b6bef10114269, 0x3fdcddb21b3d5a49, 0xc01817214e61e5b8, 0xc013e11e0bc2db8a, 0x407427517e994c52, 0x40b1796d3be1c837, 0xc0b1593cfa60450b, 0xc04018229bd6f9ba, 0x0000000000000000, 0x0000000000000000, 0x3f0db15636488cd5, 0x0000000000000000, 0x40533f2b70a39876, 0x409b0f0aa897ba69, 0x3fbf5e08666465af, 0x3ff9c6f80878c3a9, 0x3fc6cc5ba58113e5, 0x3f847ae147ae147b, 0x402f9c5dd5069653, 0x402fa7fbd556ede2, 0x402fa786f4d34524, 0x3ff0000000000000, 0x40aae6ba3eeef749],
    [0xc09de916cf315355, 0x40987dfb85583320, 0xc007d9152e71427f, 0xc06da9e59a3badb6, 0xc026fe50b3b503bc, 0xc0bc150c76cbc86a, 0x40bb90b4f676ea0d, 0xc0babfed24a92876, 0xc060b06bae17d95b, 0x409d59a0549459f4, 0x40b62516809423de, 0x40002397b7795d2d, 0x409de916cf315355, 0x3f65f201942ddd78, 0x40770acdaa8f3607, 0x3fdb8f1c43ef6f10, 0x3fda35f8ff1a3446, 0x3fcc9ba6b66c726c, 0x3fc4742226553696, 0x3f995949eb9c2315, 0x3f974913d67e9f50, 0x3fa4e32b4df8c971, 0x3ff00a59f193e604, 0x402bd5a03b66e43f],
    [0xc08231a63dd64fe4, 0x407bfdc28e72a7ba, 0xbff75d9bb4cf35b4, 0xc0621b12dc1121db, 0xc0334a788970cb58, 0xc09e37eef9efd242, 0x40bdf2f93bc8b238, 0xc0bd1dfe783284e2, 0xc067d899a5f07f4a, 0x4081c8612d365181, 0x409aed86df0a7143, 0x3ff33b51853da21d, 0x408231a63dd64fe4, 0x3f5aab42dd526da7, 0x406387dd7d298011, 0x3fdfc7e6bd39e586, 0x3fdc8a4c422f8701, 0x3fd07eca5154370a, 0x3fb8ec4951e9dea3, 0x3fa22b5ed6aaa4dc, 0x3fa0b49781a44f0d, 0x3fadbb2cdb9bcbd9, 0x3ff00033c9e1080a, 0x40646d1dfb65511e],
    [0xc09c166f884dad11, 0x4098408c5efc4db4, 0xc001000b2e9350f6, 0xc059944268a09296, 0xc0336e35da0bdf38, 0xc0b8b5850e3bbe1b, 0x40a46b94c43057e6, 0xc0a139703d231932, 0xc0755c96736822d5, 0x4099dd72c23933de, 0x40b3a49a7c9ae314, 0x3fea583aae3a1e75, 0x409c166f884dad11, 0x3ef0b3249a3fcc10, 0x4070b5f810bdd826, 0x3fd7a5c6c497b632, 0x3fc0e0e61f022873, 0x3fc88c3402cbb297, 0x3fb1bb54536f6628, 0x3f2a98b6ac4bc529, 0x3f2861b62ad189a7, 0x3f36476aad7749ce, 0x3ff00d6c55a9cc32, 0x40463bd2213162b5],
    [0xc0955ab9d7a5b98b, 0x409062028b8e96c0, 0xbfd4d8323093e38c, 0xc041363d4f188e91, 0xc020473c40c3399e, 0xc0c07f82b7748a7c, 0x40aee000df7c499d, 0xc0aaa23be6409a84, 0xc07c5cbb0253ca10, 0x40a0f76d9b183241, 0x40b9e9c0c04a6dc7, 0x3fd0dd4b75927caa, 0x40955ab9d7a5b98b, 0x3f20e8b85b012281, 0x40754148254247a2, 0x3fde97c5587c5f3a, 0x3fca1e37f375f439, 0x3fcfc1dfbb755c0a, 0x3f97eaa37a807c3b, 0x3f552c60ad324192, 0x3f5369710a27e67c, 0x3f61b91e57886d94, 0x3ff000007d0d874b, 0x40b960501103b6d8],
    [0x8000000000000000, 0xc0677ad9cff8e6ea, 0x3f1f4326fc30066a, 0xbfca8bfcd4a77441, 0xc02b50e32d7011bd, 0x40766721eed71f08, 0x40c0eed3ee4ea750, 0xc0beaf0eb9de8e17, 0xc08975a169f608dc, 0x0000000000000000, 0x0000000000000000, 0x3fbb0a800091b6f1, 0x0000000000000000, 0x3f6649ec3c1a156d, 0x406a379a7e63a96b, 0x3fd82749e9522766, 0x3fde0f77fb3ddaf3, 0x3fc912a526100613, 0x3f847ae147ae147b, 0x3fa6a01ae5c1b9ce, 0x3fa4d149a7f54d54, 0x3fb267d78e95f97b, 0x3ff0000000000000, 0x40c644c6482d4777],
];

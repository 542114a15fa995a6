//! The scalar right-hand side must give bit-identical results across refactors of how it is
//! computed. `EXPECTED` holds the bits of [`rhs_with_ledger`] and [`Model::auxiliaries`] at a few
//! deterministic states and parameter sets (whole and non-whole exponents, `a_pth = 0.5`, states
//! at zero and below the calcitriol floor), re-recorded for Model 2 (absorption, urinary, tissue
//! and bone terms changed on purpose; see docs/model.md, Changes from MODEL.md, item 4).
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
    [0xc0635883c5fcf7e3, 0x406022658dc8252e, 0x3fa2332a64223d54, 0xc058e85247fb2bf0, 0x3fb1fc41f0fde946, 0xc07204d20e26849a, 0x4031baa1ea036145, 0xc03585e518e92983, 0x402252249e6986ab, 0x406ef841eecf83d0, 0x406cbc67170a8767, 0x40134f1e9ef52723, 0x40635883c5fcf7e3, 0x403cc8b266c30d42, 0x40400158ce8c0093, 0x3fe590f8c86748b0, 0x3ff74e6f0c019aa5, 0x3fe95f42cda6afde, 0x3ff9b8561573ee4e, 0x3ff5d26a1f96287d, 0x3ff19160f9a6fa6d, 0x400f80277af0c6e4, 0x400887e96c5c8071, 0x403edcbdfd88dc79],
    [0xc05413b6ae5c2b81, 0xc03b6a6fbb6735e8, 0x3ff332ddbb1135fb, 0xc0614cce8fce6b9a, 0x3f9081d8f3f22df4, 0xc040d6544e020dc9, 0xc0460815f4b54ea6, 0x3ffd6588e47a8900, 0x40380cf81f7781ff, 0x4066e9e792d2d015, 0x4043dac9a8ead585, 0x4039b79f00c5cf90, 0x405413b6ae5c2b81, 0x404e58341a866456, 0x405488d5207fe4ff, 0x3ff1161e621f510d, 0x3ffaf377d1038634, 0x3ff41a05a09d504c, 0x3fff5a811a51823a, 0x3ff6de85891c8caa, 0x3ff1c98978bf5ca8, 0x4018fd280d553169, 0x3ff690582cf7c3b2, 0x403dc4a91aa019a3],
    [0xc03f70eb180edc7d, 0x4047e7b286dfe90e, 0xbff17f8408fc95bf, 0xc054851253a4fd5c, 0x3fcd5f73897d831c, 0xc061595ddfb2ef0a, 0x402d83acce99d59e, 0xc022131e2effffdf, 0x3fe4744be9cd4b91, 0x406818ad01504670, 0x4060ebb5c7efaa9e, 0x3ff92825846f9e1c, 0x403f70eb180edc7d, 0x401bd1265a2e5f49, 0x40278f5d6befd69d, 0x3fd08a2187a4c655, 0x3febd4b938a1b61c, 0x3fd375549f94ad19, 0x3fe78aba9893ae18, 0x3fe977db68da0027, 0x3fed78b5c029b22e, 0x3fe2a2a48898f1a2, 0x40396a049fa0ad2e, 0x3fd89158827172d0],
    [0xc05cc07e144dd26e, 0x4058b315402bb87a, 0xbff598083b81e574, 0xc03a40d491962698, 0x3fd5864651a8ebe5, 0xc06285aabd80be02, 0xc079718f95c6c298, 0x4063fb7e46236c66, 0x4028e5060fd8c21b, 0x406a159b6c19e9da, 0x40601b143af3d62c, 0x406e6c0e7fb54a9c, 0x405cc07e144dd26e, 0x402d149268f1e2f7, 0x404262e62f21f78c, 0x3ff789d417dd0a83, 0x3fe8b080fdbff4a4, 0x3ffbb135c1b8c113, 0x3ff424fc4fe1cb46, 0x3fe3b194f3cad8a4, 0x3fea77a4760f5026, 0x3fd74b7f6ab58b3f, 0x40449d23efa5f2bc, 0x40422fb3c4a1fc9a],
    [0x8000000000000000, 0xc034e9c852451078, 0x3fe495dbb2714eb8, 0xbfb1af2980d27b69, 0xbfb57eb248bbad97, 0x4067ab04e98d0204, 0x40413a9cc4053aaf, 0xc021c1d41e840128, 0xc03c7864ada1470a, 0x0000000000000000, 0x0000000000000000, 0x400720a9a6c691fe, 0x0000000000000000, 0x4035df396d9863a4, 0x40411280937092c9, 0x3fe4214e5bcd1178, 0x3fef9bbeb0bfb536, 0x3fe7aeb68a1e6ee8, 0x3f847ae147ae147b, 0x3fef748fecb315d0, 0x3fefd0d22b12cd04, 0x3fee85a7ebe5ed36, 0x3ff0000000000000, 0x40724242146a8fc2],
    [0xc04787cadecbed92, 0x40477e9f890a4b50, 0xbfc2f77b31094e27, 0xc04844a38ede076e, 0xbfa4efeb144b155e, 0x403cca6a795f10b8, 0x40216e9dbd50f1aa, 0x3ff8c88a5c92810b, 0xc01ca584f8a9a20d, 0x4067ea683ea4bc48, 0x4060782c667f1c71, 0x401312ec300acba1, 0x404787cadecbed92, 0x3fe37c4246f465a6, 0x402fddd571c2c86a, 0x3fe2f0830a7d53ee, 0x3fcbb798cc95ec03, 0x3fe64821b1fcdb36, 0x3fe50b9c34ce3c9a, 0x3fab0e8a0e098848, 0x3fb7c21497671a14, 0x3f9960e7d72e470c, 0x4009dc75a71181da, 0x40457b051e4f96a0],
    [0xc05fad48f1b1c121, 0x405e3e98359d2954, 0xbfd24e04ad6e4e2c, 0xc028605eb4802400, 0xbf980d9df399225b, 0x4062a536a817b680, 0xc04efdefea756e1e, 0x404e1426531d1135, 0xc015447fd56cce37, 0x4063a0291120dc6f, 0x4046da08ec5c9f83, 0x402b34cee3e104cb, 0x405fad48f1b1c121, 0x4019c2bb8229166c, 0x402f85145ebbb8ec, 0x3ff35a1ffc23dd4a, 0x3fe4d10b7b0a64c8, 0x3ff6c461dd575eb2, 0x3fe7160142567866, 0x3fe210250b55944c, 0x3fe685b612325441, 0x3fd7c1d1e92468ea, 0x4023567810821789, 0x4047bd7be99cc3b9],
    [0xc05da7baf24bc826, 0x4056f2d701f86566, 0xbfd3ab8872ef699b, 0xc05baa95d542509d, 0x3fc78a92fe3a20f1, 0xc057593a836782dc, 0xc0416a3c8e8b53b2, 0x4036951d5363693f, 0x4023ff83bd5713fc, 0x406d6e64e98522c6, 0x406a3a1a4c7e5978, 0x4027df1993f78225, 0x405da7baf24bc826, 0x40325fb234f471e7, 0x4038ec53abeedbf6, 0x3ff1272a409c57f8, 0x3ff144e3bcbce103, 0x3ff42e13974e859c, 0x3ff81e64e443dfb1, 0x3ff131b817e5ba57, 0x3ff0a1444be2675b, 0x3ff2e0f0480a85b9, 0x402dbdbc6511c898, 0x404068de3f2f26fb],
    [0xc05577cc74dab2e6, 0x4042a3b9d1d0238f, 0xbfe4e77ee3f9f026, 0xc070116e03751008, 0x3fe271cad9d7a25b, 0xc059d7872e1788ea, 0xc07044fd54eca500, 0x4069668517a342fa, 0x4046483b85093f04, 0x406e98152f907ac5, 0x406a4f905bcb0480, 0x40369d2462075183, 0x405577cc74dab2e6, 0x403d5f1f645e1948, 0x4041d88a75811709, 0x3ff90e6d5d09fd1a, 0x3ff5c5b970b5852c, 0x3ffd7a628b9347e3, 0x3fffedf9b38e9c6a, 0x3ff45feb7dcd3025, 0x3ff21f467bb81c4c, 0x3ffe448d1a2ba59e, 0x4034cb7b3b67cc62, 0x403c8f9d12c8305e],
    [0x8000000000000000, 0xc05b7fe385b685a5, 0x3ff8c49ba9f78595, 0xbfaa2c35c8c8aec1, 0xbf90a3bbede84a7d, 0x4075fdf0fa27dd68, 0xc0452ff91359a4cd, 0x405acd14d0458d7a, 0xc05348eb6d1254fd, 0x0000000000000000, 0x0000000000000000, 0x40289e9933cccf4b, 0x0000000000000000, 0x404a50e56496fdee, 0x4052758e5b507766, 0x3ff674c788cdd199, 0x3ff7903fcaf3b8d3, 0x3ffa6b45196a9c3c, 0x3f847ae147ae147b, 0x3ff5461e87ab43e1, 0x3ff2806493943399, 0x40018dc5074ef303, 0x3ff0000000000000, 0x407936e7a68e6a37],
    [0xc09c4e1a5cb59b31, 0x4083feb5d3f1b6f4, 0xc03f8dc58973a69e, 0xc087cb298f45c890, 0xbff3378afd99f564, 0xc09c4c1514e95f00, 0xc38babd6eadb3fc8, 0x4247ae4209e31e99, 0x40915b55464a186c, 0x409eecf691b610d4, 0x40634a6be9cf5670, 0x438babd56ff71f0a, 0x409c4e1a5cb59b31, 0x3ee3f70f85446875, 0x409283e18a3f7296, 0x4006517706e41988, 0x3fbaa6df4f4e36a2, 0x40218194675b9b25, 0x3ff7e00499ea6e14, 0x3ec100f1aee08f24, 0x3ea9b7f1f9023396, 0x3ea9be4e1d4a19e7, 0x3ff3d0c1156f7a68, 0x4181bebeeb98ca96],
    [0xc0a19fbefac9dbef, 0x4099a6aafbc349a0, 0xc04634e776602eb3, 0xc07e50bf58b824ab, 0xbff4de5ebcea8d75, 0xc098165630af3974, 0xc2b6d878aa1d74e6, 0x41eddd7a09c616be, 0x407149100f064d1f, 0x409ae8f11aeaf666, 0x4061bca07e56fd83, 0x42b6d789be4c5900, 0x40a19fbefac9dbef, 0x3ed796e22aa0b0f7, 0x40839bea24b129d8, 0x3ffb2529996869f4, 0x3fbb1f97009ab5a5, 0x40154ad8ef926acd, 0x3fef15225d121607, 0x3ec2f70a1bb2ecaa, 0x3eacaf610d6e0cf0, 0x3eacb678fe8355d6, 0x3ff8b53fa16b966e, 0x4184c0caf4f6d001],
    [0xc097100a1e600a14, 0xc079cb1f79ad1dfc, 0xc04358e20cb001b8, 0xc06b010c3864d603, 0xbff377146bca3d2f, 0xc099ba1f4d3fc3ab, 0xc2e84e3abeb99300, 0x421caffd86aa099d, 0x4049c1bd5f7e3818, 0x409c586ef746e7ee, 0x40635efa7ffbc2f8, 0x42e84d553ecd6094, 0x4097100a1e600a14, 0x3eef17974bd5e4ee, 0x409db7f412e9f37a, 0x40019284ccc6f4b7, 0x3fba862e81b66644, 0x401b912da28e282a, 0x3fdf86b5dd026c7b, 0x3ec080bd9545d6bc, 0x3ea8f608a056c370, 0x3ea8fc34d0d60bcc, 0x3ff63c5723af1cee, 0x419c9a08ad9e5946],
    [0xc0969f0aa1cef889, 0x40912498a59679da, 0xc01d92cdba64b8f0, 0xc091f084cd9c9c68, 0xbfe6dea8d854813b, 0xc0924e41b0ff8fa8, 0xc2c1dc19a9017488, 0x41d6963e83f32c4c, 0x4091888efe0734ab, 0x4095d044550f10c3, 0x405882c55f71b876, 0x42c1dbec7c825848, 0x40969f0aa1cef889, 0x3df18774b9e8b6ad, 0x4076be5058e83c75, 0x3ff7ffdd4a4c621e, 0x3f97bf3bf1726452, 0x4012d32e2be7948d, 0x4001bf49559c5572, 0x3de84c5f6957f802, 0x3dd2603c17646090, 0x3dd264c766a6d0d1, 0x3ff01d1a1792c3c4, 0x41673030c039cf1f],
    [0x8000000000000000, 0xc073678052b0ef22, 0x3e1821f556ab7023, 0xbfedc76a46ec2460, 0xbffca7824ff26684, 0x407428bbe81a7287, 0xc2071a82b005252f, 0x42066f4a230cf326, 0xc073a7fbbd1b77a3, 0x0000000000000000, 0x0000000000000000, 0x41b56712d985fcd3, 0x0000000000000000, 0x3e73e8bf913e7d19, 0x40743c08baa359a3, 0x3fff34376bb94151, 0x3fae18d2dd35c0ce, 0x401879debb275e0a, 0x3f847ae147ae147b, 0x3e6f04cec564da29, 0x3e577555e04b6e99, 0x3e577b22ef4c4aae, 0x3ff0000000000000, 0x41fd6c30c512ed16],
    [0xc07ced87648b2dd5, 0x4077a5f536ffea25, 0xc03efc57ab4a13a5, 0xc05e3b1a2c491a24, 0xbff2f883334468ad, 0xc07b9992b3c79398, 0xc080a8950490380e, 0x4092b8b0ddde1482, 0xc0849bea847e9a9c, 0x406396285cfb61e5, 0x407e8d78b0e7a818, 0x3feac4639dfc65fe, 0x407ced87648b2dd5, 0x3f47fcfcb08ea2c4, 0x405d9c714b7712d8, 0x3fedae2bf094ce15, 0x3fc6f46c5384b720, 0x3fe8611adef7aa3d, 0x3fb6f741e9c9df84, 0x3f78581d6231b6b2, 0x3f787289fbbae1b5, 0x3f7858ea13dd7bdc, 0x3ff03b7973f83465, 0x409ef1b78956b7e6],
    [0xc07e8f4f58b6742a, 0xc0711885e82837b8, 0xc026e11d31b8ec88, 0xc0653ad7b8af1f21, 0xbff47f5936285aba, 0xc0a4078b8d1402dc, 0x403c1f03cad182ca, 0xbfe7c95fc58cc4b2, 0x3fa69cff1c0c127c, 0x4085006817a697c4, 0x40a05f50cc9e1599, 0x3fcd473f640ec39f, 0x407e8f4f58b6742a, 0x3f86bbb1d82daa59, 0x4088e39a7736894f, 0x3fcaab6397677604, 0x3fce270065000a9d, 0x3fc5e7fcccaed51e, 0x3fbe1451b5ba97ec, 0x3f8b75fcaa2f210a, 0x3f8b9391c32ac4f3, 0x3f8b76e1d4a8ba20, 0x3ff001626d2142c7, 0x3eb3e52b68d9587a],
    [0xc080ec9d60831887, 0xc07c47edc4579192, 0xc041c344d6c3f7e3, 0xc067ebc621ef6251, 0xbfe0fbc7eb69fb95, 0xc089f3bc88dc9294, 0x401a98868b70e12b, 0x40087e65a112f11e, 0x3fba0661ce1b9e89, 0x406f6e386343b68c, 0x408877ab85da87aa, 0x3fe10ebc8f3fb291, 0x4080ec9d60831887, 0x3f82f120ad6a0ee1, 0x40901023f2039fb9, 0x3fd6f507725ea059, 0x3fca0a00b6b52fdf, 0x3fd2db5db214028d, 0x3fc0f973636488c7, 0x3f81bacc4f1906bd, 0x3f81cdfd67d2870c, 0x3f81bb60fa9be84d, 0x3ff061f4a4356ec3, 0x3f59aa592170a7d8],
    [0xc08a03506599af3d, 0x4074304447e402fc, 0xc044bfbf974e5c5a, 0xc05d9bbe0877b66e, 0xbff27a45e09254f6, 0xc0ac2ba36fbffb68, 0xc0483c6aaa08612f, 0x405580a782fe95e9, 0x3f9fa0ebcbd9405c, 0x408cdcb2243d416a, 0x40a68c562c2463bc, 0x3fdb91baac7efc70, 0x408a03506599af3d, 0x3f70279f20e98148, 0x4080faecc05128d6, 0x3fe35ffa1afb9cbb, 0x3fc83a68e1201da6, 0x3fdfd434f0f96462, 0x3fb507c1514df985, 0x3f7c9935d6c0f1ae, 0x3f7cb838401b68f5, 0x3f7c9a260d91d3c2, 0x3ff0b06e75726f9f, 0x401bb06e40b8b534],
    [0x8000000000000000, 0xc070928f2d1a2669, 0x3f12c4ccd75bc901, 0xbfb0cf2c0781e574, 0xbfcccabe93fe7881, 0x40697df4573b8ae4, 0x41570fcbb9f83803, 0x4091171de71360d0, 0xc15710dd2cff182f, 0x0000000000000000, 0x0000000000000000, 0x3f9286ef60f6025f, 0x0000000000000000, 0x3f7d23537e87d825, 0x4072b1ff2eb8bef9, 0x3fed41761d99ec1e, 0x3fd20819eed850b0, 0x3fe807cf933949f5, 0x3f847ae147ae147b, 0x3f976bc65e813fb0, 0x3f9784c32466a0ca, 0x3f976c87f24ad364, 0x3ff0000000000000, 0x4116373bce78032f],
    [0xc06cadf45f838d96, 0xc057aafa6d965188, 0xc02d5ffed35afbcc, 0xc0441dafe846b504, 0xbfd06851fef3c45a, 0xc0a821037740cd7d, 0xc22c9b2ad2096d2f, 0x422c9b2ad7e1f1e9, 0xc0859cfa3f9bd2d2, 0x4095bd63a42cab9d, 0x409f8e77a9fb4272, 0x3fe37706a797ef2a, 0x406cadf45f838d96, 0x3e86d7735357c6c4, 0x40779df2093c7263, 0x40001d923920168a, 0x3fb5781bd814e52d, 0x401c94724eb291f6, 0x3fca16b699407d5f, 0x3e82a5aee5b69fcb, 0x3e82a5cb3f816b20, 0x3ef0dea9d7c2ab28, 0x3ff08f7cd3441725, 0x41f236bfbadd2e2b],
    [0xc05dc6f5f044a75d, 0x4030918770700d50, 0xc0270b676434885e, 0x4031a2481fa5de3a, 0xbfdb630f00000725, 0xc0b3c656cbf4daea, 0xc17df7a08b571095, 0x417df7b3d3e448da, 0xc06b5478943697c7, 0x40a11230f1508c19, 0x40a8ff66d66c5344, 0x3f81257ea56098c7, 0x405dc6f5f044a75d, 0x3ed0827a14bba82c, 0x406389bc7e58a135, 0x3fe775fd510695a3, 0x3fc43029b7ae4284, 0x4004cda05749e0a5, 0x3fb0efce804cc092, 0x3ee049eddbfe390a, 0x3ee04a069fcdc83d, 0x3f4d7250ad2600d3, 0x3ff038d2fdc20710, 0x418e0f5ad723afaf],
    [0xc04ed5787e0dd415, 0xc073e68402680e92, 0xc033644c37611e6e, 0x40a84d77991c8e8c, 0xbfb826f52af851f6, 0xc0a20e896088d006, 0xc25e32d8fe49c214, 0x425e32d8fefe06ae, 0xc0852d05dc7dfcb4, 0x4090cd5a9e283e7a, 0x4098598c828fb4a6, 0x3fe9956748f4c387, 0x404ed5787e0dd415, 0x3ed2bd2dd9f659e9, 0x407b1d6c4bbd43bc, 0x40056bb24ea9165b, 0x3fc18b7bb7c5a9cc, 0x4022fe7fc426e1ed, 0x3fca108eee1c3f93, 0x3ecaa66d92270e8e, 0x3ecaa69616c670cc, 0x3f3819f92fc6a8ed, 0x3ff0d32bfd6786c4, 0x41f2bbf571b4ddf1],
    [0xc0700e3f75fc6bab, 0x405a8db115141ee6, 0xc03f97bcb35c8bac, 0x40b775decb7aa590, 0xbfba83789f1c1652, 0xc0b445c47639fecb, 0xc2750c51c65e21c0, 0x42750c51c6839a8a, 0xc07fc553c6b13e5f, 0x40a186ae523f1b22, 0x40a989c4ca080bfe, 0x3ff1554c70f3545a, 0x40700e3f75fc6bab, 0x3ec72791f5ab1a77, 0x40698e18d82a6f9f, 0x40088f4d0653f9a7, 0x3fc24e6a52debc2e, 0x4025c7120db1133d, 0x3fcba0df6be87bf8, 0x3ed177728eb4ff72, 0x3ed1778d1cf5c1c9, 0x3f3f96bc57d88038, 0x3ff4b6545b2a13bc, 0x41f18e3118dd1a6f],
    [0x8000000000000000, 0xc07a98f79f4b12d8, 0x3e2069e5b899e14c, 0xbf9bc189e96ca793, 0xbfb6eaa6b37d3bf6, 0x407427517e994c52, 0xc1f4cd8175333329, 0x41f4cd81839ec63d, 0xc06cd726acc4961b, 0x0000000000000000, 0x0000000000000000, 0x3f10a9cd4a52a7c1, 0x0000000000000000, 0x3e97f54fecd0aed0, 0x407df530dd2e03b5, 0x3ff7688d33f7ce77, 0x3fb73bcd120bbbc7, 0x4014c1b5ed1c2109, 0x3f847ae147ae147b, 0x3e8ed7351d7692f9, 0x3e8ed7640124e2d2, 0x3efbe693199489c0, 0x3ff0000000000000, 0x4237cf72f2e8a49b],
    [0xc0a1e364d531fb28, 0x408341833888d540, 0xc04d5efb0484ad84, 0x40c9dd6663c80007, 0x402203c8a92b0165, 0xc0b26248164031e8, 0xc1566dc13e59d952, 0x41566fdc494b4757, 0xc0a6319efe9e2054, 0x409477ed16788599, 0x40ad557ddf1f04e5, 0x4087144c1d75369c, 0x40a1e364d531fb28, 0x3fb8bb74608dedef, 0x409a7d3fff58e94c, 0x3ff3a1052c4134d6, 0x3fb38baa72645f3d, 0x4005b5702ffeb206, 0x3fd0187f9f6f3ff5, 0x3fd38e51df4369d9, 0x3fd1bfdf73f34f07, 0x3fd29d07fc75593c, 0x400246d608ae566b, 0x40e5e2bb6e414c64],
    [0xc085c31a093ee3e6, 0xbfcdd08a8f5a5000, 0xc045f22ec6ac4968, 0x40d9cccd927899b9, 0x3ff634ce8ba07096, 0xc09274cf819f3ba5, 0xc1683fbc6b76c7d4, 0x41684907fb588f3b, 0xc0d33fa81b06c7b2, 0x4078e38382dbdbb5, 0x4091d5b71c9e0c7a, 0x4085941de986d666, 0x4085c31a093ee3e6, 0x3fa5e6d3c1a82442, 0x408673d534ae9291, 0x3ff6a2d0f6a92736, 0x3fb5485959bff618, 0x400908cbfb875ca0, 0x3fc39cdf7c203568, 0x3fd46d9f345392df, 0x3fd2932b33907c15, 0x3fd37648a0aae0b4, 0x3ff07e5b0de7c850, 0x4105f62ed7ce66b2],
    [0xc0a0cc4eb36373cc, 0x408d743ee6b11430, 0xc05905680dfd5e30, 0x40eb95c90ec50274, 0x4016c8697f6d5190, 0xc0b026071e59dac0, 0xc14322f7b848610b, 0x4143943f205cdf44, 0xc0ec5a779a000ec8, 0x409227bb4938f8bc, 0x40aa0514d5f21d03, 0x405d2ec4b20fe2f0, 0x40a0cc4eb36373cc, 0x3fa3bd88bf3907b8, 0x409335f15767bee2, 0x3ff0d7d14b4391af, 0x3f992c3d37c1a7a1, 0x4002a0ab590d5a34, 0x3fbbe85150cecb95, 0x3fc585668d696c32, 0x3fc32eb6925d7db1, 0x3fc44a5247726cd1, 0x40050e1835fbc336, 0x4112f090694871c5],
    [0xc0998ada74d0d622, 0x40572ed21b646c80, 0xc06f2fa80192d6fa, 0x410db5d7998051e5, 0x3fceae7312902b1d, 0xc0b5bfff99318dc6, 0xc16256be1188246c, 0x4163c173d691a60f, 0xc126ab7bf65c7f34, 0x4097f320f51f171c, 0x40b129a97ad739ef, 0x4053b8d8fd1e6ccd, 0x40998ada74d0d622, 0x3fafb4ac5e574830, 0x40986f48c8ccb27e, 0x3ff5ca32d69fe7e1, 0x3fa379f3c694452a, 0x4008193a4dc1e7f6, 0x3fa2d21eed54f8cb, 0x3fcb2d65886fc936, 0x3fc85d5d85df9bed, 0x3fc9b37edbdb5633, 0x3ff00177366f069e, 0x4159496ec12801c4],
    [0x8000000000000000, 0xc08d74e79ee160ca, 0x3f34d1f9e63c7225, 0xbfe7ace83e40e66a, 0xbfd63cb97261bceb, 0x40766721eed71f08, 0x4162089c1f9b9b9b, 0x4145f566766b508d, 0xc16785f64d16c159, 0x0000000000000000, 0x0000000000000000, 0x4011fc0a335ab2af, 0x0000000000000000, 0x3fae30224352b9cc, 0x408e23a49c6e1326, 0x3ff1341020efec18, 0x3fb66a8e53605330, 0x400306b041392679, 0x3f847ae147ae147b, 0x3fd4fa07e6a37cc8, 0x3fd3186c018b94df, 0x3fd3ff197e729423, 0x3ff0000000000000, 0x41a0c2c3ddb209d3],
];

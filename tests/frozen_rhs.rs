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
    [0xc0635883c5fcf7e3, 0x40604e3e52e5115e, 0x3f86b6dbd293fb08, 0xc051ecb620d9cf42, 0x3fb0e33301db4b1a, 0xc07212d1828a07f4, 0x402b3c3e27d8acba, 0xc0262d24fc6ae026, 0x4005806751943ad0, 0x406de5acd3e9c210, 0x406deafb1ab74fdc, 0x40127e711e3442c7, 0x40635883c5fcf7e3, 0x403b69ec3ddbabc1, 0x40400158ce8c0093, 0x3fe590f8c86748b0, 0x3ff74e6f0c019aa5, 0x3fe95f42cda6afde, 0x3ff9b8561573ee4e, 0x3ff4c87ba2879a9b, 0x3ff145650321f919, 0x401408ced04793d6, 0x4000d6cb583227d3, 0x4041051382278724],
    [0xc05413b6ae5c2b81, 0xc037b4ffd90bee54, 0x3ff12de29c81bcb7, 0xc05e296fcfe61869, 0x3fa6e5fbf36db6e5, 0xc0389c41da277694, 0xc02fba60c3b1cf98, 0xbfe9008c100500a0, 0xc01461f681536e90, 0x40659396cac8f9b6, 0x4044abd96823dc82, 0x403cd7c9cac3d545, 0x405413b6ae5c2b81, 0x404c7d7c2958c08c, 0x405488d5207fe4ff, 0x3ff1161e621f510d, 0x3ffaf377d1038634, 0x3ff41a05a09d504c, 0x3fff5a811a51823a, 0x3ff578bfc44fc7db, 0x3ff16b654d80ddbb, 0x402192e98266299f, 0x3ff2beddd9e8cde7, 0x404064bd269d9b1f],
    [0xc03f70eb180edc7d, 0x4047e1c1d2ebcb64, 0xbff08564baeb0b2f, 0xc050600961b6d3f2, 0x3fc5ba8216e84cc9, 0xc061aeb9e42e5a5d, 0x40417d741044413a, 0xc0108f431b421396, 0xc0388fa8b2c56620, 0x4067bbddd39f2005, 0x40619de0fa1c3c5c, 0x3ff887108b86fcac, 0x403f70eb180edc7d, 0x401c00abf9cf4c95, 0x40278f5d6befd69d, 0x3fd08a2187a4c655, 0x3febd4b938a1b61c, 0x3fd375549f94ad19, 0x3fe78aba9893ae18, 0x3fe9a35dcc12f08e, 0x3feda5c1110147d9, 0x3fe12d64aed7abd7, 0x40367a59fbbeab37, 0x3fec5b8e96016fff],
    [0xc05cc07e144dd26e, 0x4058b5c46cbae152, 0xbff47533749744d2, 0xbff1bfebcec42040, 0x3fd00e1a10874cd9, 0xc062539ae759775d, 0xc07caed70cdadeae, 0x405331a547f5d624, 0x4035ca96315d2712, 0x406939f5313e8348, 0x4060c4aa9fa7f619, 0x40770a9e92324ee2, 0x405cc07e144dd26e, 0x402cff1904789c2c, 0x404262e62f21f78c, 0x3ff789d417dd0a83, 0x3fe8b080fdbff4a3, 0x3ffbb135c1b8c113, 0x3ff424fc4fe1cb46, 0x3fe3a30a07fb841e, 0x3feaa31dedbc2726, 0x3fd410f866ceecdd, 0x40441121e3c51b19, 0x4042bae90971c0c5],
    [0x8000000000000000, 0xc034f043fa911233, 0x3fe49bf5ba405f68, 0xbfb1b20bdffb9a60, 0xbfa9300c428566ba, 0x4067ab04e98d0204, 0x401c6dd93e62ec8a, 0xc010b8ed60fdd064, 0xc016e2f3b434e4f7, 0x0000000000000000, 0x0000000000000000, 0x40065c0fad9f91a5, 0x0000000000000000, 0x4035e5b515e4655f, 0x40411280937092c9, 0x3fe4214e5bcd1178, 0x3fef9bbeb0bfb536, 0x3fe7aeb68a1e6ee8, 0x3f847ae147ae147b, 0x3fef7de2c5a82908, 0x3fefd5f0160eec13, 0x3fee4ca6ceccf4af, 0x3ff0000000000000, 0x406337a14a78170a],
    [0xc04787cadecbed92, 0x4047796d8fad90dc, 0xbfc38c2f38aba58f, 0xc0489cb6586f85a8, 0xbf9878a6d8201fbb, 0x403bf1d3d508c180, 0x40325a7a2214100a, 0x3fe93d71850a2416, 0xc0301bd3e2cfd28e, 0x406758106f253c2c, 0x406125970a896674, 0x401299d132807b08, 0x404787cadecbed92, 0x3fe4c8c09e2302ee, 0x402fddd571c2c86a, 0x3fe2f0830a7d53ee, 0x3fcbb798cc95ec02, 0x3fe64821b1fcdb36, 0x3fe50b9c34ce3c9a, 0x3facdc3ab3fdcf09, 0x3fb7c21497671a12, 0x3f99008ca941703b, 0x4008985f4c229ea9, 0x4047411277209d6a],
    [0xc05fad48f1b1c121, 0x405e32668c4e945e, 0xbfd2441d305f0cb3, 0xc02861ed6372d534, 0xbf7daccf43e5c3f4, 0x4062ff984a46f147, 0xc03f14937515e61f, 0x403cdc53a805d511, 0xc0131d0288b337e0, 0x4063099fcb5ad3f1, 0x4047caa77ab7d65f, 0x402a87505c9a4126, 0x405fad48f1b1c121, 0x401a85d6171265b9, 0x402f85145ebbb8ec, 0x3ff35a1ffc23dd4a, 0x3fe4d10b7b0a64c8, 0x3ff6c461dd575eb2, 0x3fe7160142567866, 0x3fe298f2f7f84628, 0x3fe685b612325441, 0x3fd7875a6d0dad86, 0x4022325130d462f2, 0x4047a01c2e1702b7],
    [0xc05da7baf24bc826, 0x4056f89a29b19fca, 0xbfd2400c7701c302, 0xc054318a01b75076, 0x3fc3ec07a2a3b456, 0xc05850e7d40ce974, 0xc026508e7ab1763b, 0x4025500aa2253671, 0xbffa2bb8ba8a7ee0, 0x406cd612b862769b, 0x406b4e4325f3b8ef, 0x4027419ac5c6da17, 0x405da7baf24bc826, 0x403248a5960f8859, 0x4038ec53abeedbf6, 0x3ff1272a409c57f8, 0x3ff144e3bcbce103, 0x3ff42e13974e859c, 0x3ff81e64e443dfb1, 0x3ff11c264acaeb0e, 0x3ff0a1444be2675b, 0x3ff2ee66185d500b, 0x402c07955dcdafc9, 0x404056a8557bdacc],
    [0xc05577cc74dab2e6, 0x4042e657ec24eff1, 0xbfe256a340a366a7, 0xc0640bac927a8416, 0x3fdf86c3ac9dc9f6, 0xc05abb1fdf7de202, 0xc060606a5d204c4c, 0x40584112f30f3b1f, 0x4035d52edcde4ab3, 0x406df4d6b486dd1f, 0x406b649b2f87ceb2, 0x4036060bc00cd170, 0x405577cc74dab2e6, 0x403cd9e32fb48083, 0x4041d88a75811709, 0x3ff90e6d5d09fd1a, 0x3ff5c5b970b5852b, 0x3ffd7a628b9347e3, 0x3fffedf9b38e9c6a, 0x3ff4037f0fed07ac, 0x3ff21f467bb81c4c, 0x3ffeb0b43d499ed2, 0x4033aae0076e708a, 0x403c6a50bbae517d],
    [0x8000000000000000, 0xc05b3831a5620d6f, 0x3ff83da730e00cb6, 0xbfa9b524fd9b8ed1, 0xbf837f8c1bd7b507, 0x4075fdf0fa27dd68, 0xc04a7dcfd168b176, 0x40493b2892154882, 0xc023169f2a21aea8, 0x0000000000000000, 0x0000000000000000, 0x4028213c276f527d, 0x0000000000000000, 0x4049c181a3ee0d81, 0x4052758e5b507766, 0x3ff674c788cdd199, 0x3ff7903fcaf3b8d3, 0x3ffa6b45196a9c3c, 0x3f847ae147ae147b, 0x3ff4d233ea2f5394, 0x3ff2806493943399, 0x4001e22b3e836f7a, 0x3ff0000000000000, 0x4079165424dd707a],
    [0xc09c4e1a5cb59b31, 0x4083feb392dcd966, 0xc03e667e6e6cc3db, 0xc08822d603504e6f, 0xbfe68068072635be, 0xc09da7cf0c16e885, 0xc1571f8f6c601942, 0x41400ea62f3b2387, 0x408819a8def02677, 0x40a017a64a65c6e7, 0x4064158b8a8fbacb, 0x414e2f216ed6d130, 0x409c4e1a5cb59b31, 0x3f5230950b7d499a, 0x409283e18a3f7296, 0x4006517706e41988, 0x3fcca01f1ae38ee5, 0x40034070048cbb1a, 0x3ff7e00499ea6e14, 0x3f2efbc1703cd8a7, 0x3f176f5f13eef6ec, 0x3f17752a8765c8fc, 0x3ff37d5c017b9b37, 0x4097c3b8cec3e711],
    [0xc0a19fbefac9dbef, 0x4099a6aa514e3cd6, 0xc04564d8952ba6e5, 0xc07f6bd2314bccfc, 0xbfe86bdef075be53, 0xc099477802527a35, 0xc0e48758e9bcad21, 0x40e4402d2db4b3a0, 0x407b136e082db73e, 0x409c02ba8c4dea23, 0x40627763805965a0, 0x406a3d1f79e7391d, 0x40a19fbefac9dbef, 0x3f457dcf5d688928, 0x40839bea24b129d8, 0x3ffb2529996869f4, 0x3fcd21c7494972af, 0x3ff76a59d1ebee9d, 0x3fef15225d121607, 0x3f31474093a4d795, 0x3f1a236079f39851, 0x3f1a29d7055d560a, 0x3ff7f7752e62742b, 0x409bcafb5c9d58a2],
    [0xc097100a1e600a14, 0xc079cb267f17c548, 0xc042a0b3815b48b8, 0xc06fd9dc70056ef9, 0xbfe6c97658da4c7f, 0xc09afd27de6d817e, 0xc114e2ade01f4d66, 0x411373c1685193c0, 0x40826dea06a893a8, 0x409d81f885bdeff5, 0x40642af295b1715b, 0x40d66ec4f589d4e9, 0x4097100a1e600a14, 0x3f5c53d9cbc08e98, 0x409db7f412e9f37a, 0x40019284ccc6f4b7, 0x3fcc7d0292b348d0, 0x3ffe50d94b549938, 0x3fdf86b5dd026c7b, 0x3f2e122e76211238, 0x3f16bead46a210c0, 0x3f16c44d0a356166, 0x3ff5b43cc1aec52d, 0x40b326e5502c4d6a],
    [0xc0969f0aa1cef889, 0x40912498a5947f1b, 0xc01c80714e272b9e, 0xc091f084ea3df25e, 0xbfdacc7a35ee50c1, 0xc09341736cd725fc, 0xc0cf7f33637a3c26, 0x40cea18f363b296d, 0x407d2062c3b450b9, 0x4096b354a32519ce, 0x405984dc3b8a8cf9, 0x4042844c0deec806, 0x40969f0aa1cef889, 0x3e5ff20ca631c4cb, 0x4076be5058e83c75, 0x3ff7ffdd4a4c621e, 0x3fa9816a4e594ca7, 0x3ff4b3b34a4e6a65, 0x4001bf49559c5572, 0x3e56241461892438, 0x3e40be8e64b5d626, 0x3e40c2b26a5353a1, 0x3ff01a9ca3614777, 0x407f0dd8b5d4f02f],
    [0x8000000000000000, 0xc07367805baf1fff, 0x3e85fd68672f3195, 0xbfedc7717e927226, 0xbff0c9ddec9f9659, 0x407428bbe81a7287, 0xc0fea6ee90b97475, 0x40fe6cbb3407c4fe, 0x40805f1f62722123, 0x0000000000000000, 0x0000000000000000, 0x4079751deccb34cc, 0x0000000000000000, 0x3ee2243339e020c1, 0x40743c08baa359a3, 0x3fff34376bb94151, 0x3fc029b11300f4f4, 0x3ffaeaa3aab2545f, 0x3f847ae147ae147b, 0x3edc43bb2524a0db, 0x3ec5602296ebcc82, 0x3ec5656bca287111, 0x3ff0000000000000, 0x4113b39e4f1c2763],
    [0xc09691c21e3ba950, 0x409423ee7e6b80f7, 0xc042ccb2b63aebda, 0xc035d9862723a8d9, 0xbff110077d834f13, 0xc06fe6db9058967a, 0x40a4c13239e2fd77, 0xc0a9476136b12f5b, 0x408245afd3639826, 0x40615097a625fb4e, 0x40740a1c20b71308, 0x3fb4814874997a51, 0x409691c21e3ba950, 0x3d075db2ea7a166a, 0x4067adb7486570f9, 0x3fe31131606a365e, 0x3fa37310dce22ae7, 0x3fdb52859553683e, 0x3fcbf1ddd8943924, 0x3d14e4a57cc4a7f2, 0x3d14e4a56cf761c0, 0x3d14e4a5861a3e78, 0x3fff6342a4df42fe, 0x4095777290db2ca8],
    [0xc097d7b58595885b, 0x4071e2205d449774, 0xc02b83b9e8d10701, 0xc03c9e14e8418399, 0xbff1aec894cd2e84, 0xc09b8c43385b9218, 0x40b284509471bc24, 0xc0af812d37354269, 0xc0855b1c9b90c7f3, 0x408283a9e3ff078b, 0x40957a2cd1437faf, 0x3fa3b45eaf261734, 0x4097d7b58595885b, 0x3d7121e838884c1a, 0x4093e710b780e840, 0x3fc1220779d5ab6b, 0x3fa98c46204b3d45, 0x3fb88cf9b097bdb6, 0x3fd24cdd75eece66, 0x3d523d1869ed5da9, 0x3d523d185c220c45, 0x3d523d1872135aae, 0x3ff0be54d490aec0, 0x3fb6e68a71d8296f],
    [0xc09a689218cde52c, 0x4053fe5624972e10, 0xc0457bb2b9c1e48a, 0xc0402642bd5de873, 0xbfe63cea2d34f342, 0xc0809ed6a644a584, 0x40ad7096709260f0, 0xc0acbcdf49d6574f, 0xc05433a4dfae1210, 0x406bc7ec0e0106af, 0x40800c58b8934691, 0x3fb7e471c758358a, 0x409a689218cde52c, 0x3d556bc562eb307e, 0x4099b08fffc0f810, 0x3fcd7f010b70832a, 0x3fa61012b0a60359, 0x3fc5221e4efbde11, 0x3fd4a788bfb5d285, 0x3d31abdac41dd1a0, 0x3d31abdab6c0595d, 0x3d31abdacc02eb2f, 0x4003746c1c257c18, 0x3ff9eb92f6c152e0],
    [0xc0a44b90a5acfe34, 0x409b8afda74bda7e, 0xc049250e703361be, 0xc034021a6e91f6c0, 0xbff26e698ebedcd5, 0xc0a38c46ddbd8a19, 0x40a8dc8438de1c64, 0xc0ab5fb2f36df28f, 0x407630080e3b9b8c, 0x408968460d170e74, 0x409d94293fd6fe54, 0x3fa4cb820011a9c3, 0x40a44b90a5acfe34, 0x3d36924918c603d7, 0x408b280dda954f5f, 0x3fd8e4bea9109b44, 0x3fa48745d232d472, 0x3fd1d5ec4dd1fa5c, 0x3fc996f0c660505e, 0x3d219b10eabfbe71, 0x3d219b10dd6ef8b7, 0x3d219b10f29d57df, 0x400a4044d2ef5182, 0x4061f29f0b09f4f4],
    [0x8000000000000000, 0xc07bc6b65d48183c, 0x3d0e88f0c98a5e63, 0xbf869496eacc629b, 0xbfc59bbc709265eb, 0x40697df4573b8ae4, 0x40addbd2c7ac6df7, 0xc0b107de142edbd3, 0x4080cfa57c12cc7a, 0x0000000000000000, 0x0000000000000000, 0x3eeac9690f438f70, 0x0000000000000000, 0x3d822b07a96ca63a, 0x407de643823a2f30, 0x3fe2cb5b07e972a4, 0x3fae8e66f11cc91c, 0x3fdaee72bf59dde8, 0x3f847ae147ae147b, 0x3d79bc4a7d861d0c, 0x3d79bc4a6a0f4649, 0x3d79bc4a890587ff, 0x3ff0000000000000, 0x415f72714505b2f3],
    [0xc0a0761c12862b3c, 0x408be74163866bb2, 0xc03647609c972b21, 0xc05879e2f5cca919, 0xbfeec40cde1c1560, 0xc0a6f4a39ec2494a, 0x40315cb5e0b70476, 0x3fcea1047b3bd3d4, 0xc01678fd526f65c6, 0x40735d624e7a6e63, 0x40a70de184c62508, 0x3fe877510a20cbe9, 0x40a0761c12862b3c, 0x3ed688c07e516e52, 0x4093cfa5c171461f, 0x3fc7a45e6dea1a44, 0x3fafabbd128617d6, 0x3fc4cb9c0b94c2b0, 0x3fdad22c98a49b70, 0x3eebd69a6f25e428, 0x3e8cd1ed101d1fb8, 0x3e8cd1c3a8a343d0, 0x400586aa7355ea52, 0x3dfe2db5d8fc32fb],
    [0xc09117668c0669ce, 0x40837933674ce554, 0xc0317f40babc1f84, 0xc03fc9feff6e6c90, 0xbffa842af84ed3ac, 0xc0b2e7ccb6d228fb, 0x4036279d5ff2ee8b, 0x3f54d1ad50501234, 0xc002ba3fbd5620e0, 0x407e70cd58af68c2, 0x40b24334f930c734, 0x3fccaca0c73e66b9, 0x409117668c0669ce, 0x3f12feda8f6cba35, 0x408063b629e39c38, 0x3fb13581becebee8, 0x3fbdc7f5cb634e30, 0x3fae4616bdbf7d41, 0x3fc1698181c65380, 0x3f3c5cb06be79547, 0x3edd5fd815344e65, 0x3edd5fade1ea5e24, 0x3ff6ed80539fa5d3, 0x3c83399f9f55617b],
    [0xc081b2aabd6f3bbe, 0xc08a1cdc8b5e26c4, 0xc038a45d2269167b, 0xc058767745a0b457, 0xbfd8b27bd5dff38a, 0xc0a123894a66b6ff, 0x402784a576ad0b8d, 0x3ff0b971300b2192, 0xc0100ee3ce9b595c, 0x406de69420e04bdb, 0x40a1ca0a382bdbcc, 0x3ff0d510ebe42266, 0x4081b2aabd6f3bbe, 0x3f184f57ec459fd1, 0x4096bed1dba80adc, 0x3fcf6cca4119d51b, 0x3fb9e1bcb72cde35, 0x3fcba4201b9de3da, 0x3fdacbd8b382c8d0, 0x3f2a289b0e53f86e, 0x3ecb16090bc98072, 0x3ecb15e2220e2ee7, 0x400f5bcb82147f1e, 0x3e71dd1247c8432c],
    [0xc0a26e5f27701a85, 0x409afbe06f1dfce2, 0xc0436c2e29dba109, 0xc059fcf0a9483424, 0xbfde0f66080ace5e, 0xc0b35ad275e27c70, 0x40320571ad84314a, 0x4000fbb43b89acb3, 0xbfe8bce054aa75f8, 0x407f4fc6329088be, 0x40b2a84b2aa308a9, 0x3ff3dc91c5ece2d6, 0x40a26e5f27701a85, 0x3f0cf7447adaf3e1, 0x40856fd841ae8ee5, 0x3fd203daa0da7322, 0x3fbb014bf0b445e5, 0x3fcfb11754ba33f4, 0x3fdc6765a87742fe, 0x3f308886fcc06700, 0x3ed11ed1ddfc9c40, 0x3ed11eb945721e33, 0x40349c27ed6e4199, 0x3ea7219c0bf1ad26],
    [0x8000000000000000, 0xc0984a40b0884e25, 0x3e70c842e43ca677, 0xbf904a4b7988840f, 0xbfd5750d5cde49f9, 0x407427517e994c52, 0x3ff3acef1a15203e, 0x3fa75d35b2c5ab22, 0xbff997998ba6e90d, 0x0000000000000000, 0x0000000000000000, 0x3fd4bf030fee6dda, 0x0000000000000000, 0x3ee61892d54b32f0, 0x4099214efd55ed52, 0x3fc12ba65b68fb40, 0x3fb1230854881946, 0x3fbe34bfa4446428, 0x3f847ae147ae147b, 0x3ef58548bbdbf66a, 0x3e96479cb2992ce6, 0x3e96477cb085833c, 0x3ff0000000000000, 0x3de91e03d183b006],
    [0xc07b305559a4942a, 0xc07472c6dfe8aef2, 0xc03115fb7d5ce46f, 0xc0828335b6ca8ae0, 0x402284fb36284fea, 0xc0a12bbdfd187550, 0xc0c7b79923979b2d, 0x40c7168781372ebe, 0x40765a7dfde00ed3, 0x408b531ca25f54c3, 0x409a47b624b70801, 0x3fdd4ad0e6a2f88d, 0x407b305559a4942a, 0x3ea31a88d456eb3e, 0x408880c3da8ff711, 0x3fda3f456d0d7240, 0x3fb625c6c3147652, 0x3fe93eb74338f290, 0x3fcadda163e126e7, 0x3e8fb3e3a0dd4c86, 0x3e8fb4045c5c1587, 0x3fe49a9ebda12146, 0x3ff00111eda741f8, 0x3fe4a08b60b93ca9],
    [0xc06089d3c736c4d5, 0xc06643021b9dcf91, 0xc02040fb3b408642, 0xc0799764bc3c546f, 0x400b056430b9f0c2, 0xc07a1f1c20763287, 0xc0c81aab9fd4fc3a, 0x40c75442a72a3f3b, 0x4079794b116b067a, 0x40709171ea22cfb5, 0x407ff4cc252a81da, 0x3fc2b2de87b04e7b, 0x406089d3c736c4d5, 0x3e9b894b9d616e28, 0x4074c4d66d27a452, 0x3fde449d30268e4e, 0x3fb81da86a45d517, 0x3fed1cc19d396d21, 0x3fc05e3bfdb42546, 0x3e9af3cb212a7453, 0x3e9af3e6f510ac28, 0x3fe82548f4bcb6cf, 0x3ff00004c1a4ca51, 0x4025bbca7643f373],
    [0xc07988249ddb0dc9, 0xc0614793f7cb385e, 0xc01c2fd548a75e93, 0xc04c01a098418d5f, 0xbffd24ea8da5f2b2, 0xc09dc594ec25abde, 0xc0c74330fe7997b1, 0x40c6d936615c6f5e, 0x406e75c3c2a8c998, 0x40881f7a9218c047, 0x40974fa01ecf137c, 0x3fa3826a75e4fcb8, 0x407988249ddb0dc9, 0x3df83cc7468cea65, 0x4081c52d0af60884, 0x3fd6859a5d1ee464, 0x3f9c8620183afd9f, 0x3fe5a975ec10f67d, 0x3fb74a61e9d54110, 0x3debba93e496128f, 0x3debbab085baad92, 0x3f59434d2e0309d4, 0x3ff0016605a93275, 0x3fa048ddd44d7449],
    [0xc07369483282ff43, 0xc0786cc65c201bf3, 0xbff1ca34af079ab0, 0xc03524996f13686e, 0xbfe6e567f378d05a, 0xc0a4851baef1a390, 0xc0c7d273e09cedd7, 0x40c74a5dddc8f454, 0x4073a01cfb8fc49c, 0x408fc6f8593345b8, 0x409ec083acff6c07, 0x3f6730d2b05cf2f4, 0x407369483282ff43, 0x3e3d4d727d310201, 0x40869a3d056662d6, 0x3fdd22f5fb8e413b, 0x3fa611b46a3b77a1, 0x3fec0629a6ba6b6b, 0x3f9f6a0cbec0cecc, 0x3e2a5b9776814291, 0x3e2a5bb2ad42fabe, 0x3f977fbad307163c, 0x3ff0000009fc6a34, 0x4015287ed77612bb],
    [0x8000000000000000, 0xc07a82ac7a4cdf0c, 0x3e4498e7383d609d, 0xbfe3d240e6a7678b, 0xbff4c62c39ae17c4, 0x40766721eed71f08, 0xc0c70fa2730caa08, 0x40c6d97758d13d9b, 0x405b158b8b29174c, 0x0000000000000000, 0x0000000000000000, 0x3f1928d1f877a9d7, 0x0000000000000000, 0x3ea98a800d1a14e3, 0x407be117f5ac0a59, 0x3fd700f33f54b988, 0x3fb9667f9b59e9e2, 0x3fe6201922fc87ce, 0x3f847ae147ae147b, 0x3ea29fc9a33cbaa3, 0x3ea29fdcdde1d913, 0x3fe9e72eeaff613e, 0x3ff0000000000000, 0x3fa9f5648d39cfb5],
];

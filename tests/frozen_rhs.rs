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
    [0xc0635883c5fcf7e3, 0x40604e3e52e5115e, 0x3f915435bee67e30, 0xc051a46b238a3675, 0x3fafa35346bce0f4, 0xc07212d1828a07f4, 0xbfd3d645c16884b0, 0xc0262d24fc6ae026, 0x40309d8515247fca, 0x406de5acd3e9c210, 0x406deafb1ab74fdc, 0x40127e711e3442c7, 0x40635883c5fcf7e3, 0x403b69ec3ddbabc1, 0x40400158ce8c0093, 0x3fe590f8c86748b0, 0x3ff74e6f0c019aa5, 0x3fe95f42cda6afde, 0x3ff9b8561573ee4e, 0x3ff4c87ba2879a9b, 0x3ff145650321f919, 0x401408ced04793d6, 0x3fff6b55e4a719c2, 0x4041051382278724],
    [0xc05413b6ae5c2b81, 0xc037b4ffd90bee54, 0x3ff12ea917c93245, 0xc05e14dc66815f48, 0x3fa78e702743dd7f, 0xc0389c41da277694, 0xc050777fa5d4d512, 0xbfe9008c100500a0, 0x404674284a92c86b, 0x40659396cac8f9b6, 0x4044abd96823dc82, 0x403cd7c9cac3d545, 0x405413b6ae5c2b81, 0x404c7d7c2958c08c, 0x405488d5207fe4ff, 0x3ff1161e621f510d, 0x3ffaf377d1038634, 0x3ff41a05a09d504c, 0x3fff5a811a51823a, 0x3ff578bfc44fc7db, 0x3ff16b654d80ddbb, 0x402192e98266299f, 0x3ff263843e34ac5a, 0x404064bd269d9b1f],
    [0xc03f70eb180edc7d, 0x4047e1c1d2ebcb64, 0xbff05131370f87cc, 0xc050314643483d3f, 0x3fc427dad36ee5ad, 0xc061aeb9e42e5a5d, 0x4041ab8b77677e2b, 0xc0108f431b421396, 0xc038ebd7810be001, 0x4067bbddd39f2005, 0x40619de0fa1c3c5c, 0x3ff887108b86fcac, 0x403f70eb180edc7d, 0x401c00abf9cf4c95, 0x40278f5d6befd69d, 0x3fd08a2187a4c655, 0x3febd4b938a1b61c, 0x3fd375549f94ad19, 0x3fe78aba9893ae18, 0x3fe9a35dcc12f08e, 0x3feda5c1110147d9, 0x3fe12d64aed7abd7, 0x4034d324a384b9fe, 0x3fec5b8e96016fff],
    [0xc05cc07e144dd26e, 0x4058b5c46cbae152, 0xbff465c8de9e4742, 0xbfecd2f02a61a200, 0x3fcf8cc6be1e1445, 0xc062539ae759775d, 0xc07d2dc8e9b89e08, 0x405331a547f5d624, 0x403db9b3ff391cb0, 0x406939f5313e8348, 0x4060c4aa9fa7f619, 0x40770a9e92324ee2, 0x405cc07e144dd26e, 0x402cff1904789c2c, 0x404262e62f21f78c, 0x3ff789d417dd0a83, 0x3fe8b080fdbff4a3, 0x3ffbb135c1b8c113, 0x3ff424fc4fe1cb46, 0x3fe3a30a07fb841e, 0x3feaa31dedbc2726, 0x3fd410f866ceecdd, 0x404385605b47d58b, 0x4042bae90971c0c5],
    [0x8000000000000000, 0xc034f043fa911233, 0x3fe49bf5ba405f68, 0xbfb1b20bdffb9a60, 0xbfa786a57c26a964, 0x4067ab04e98d0204, 0x401c6dda95984be6, 0xc010b8ed60fdd064, 0xc016e2f50b6a4454, 0x0000000000000000, 0x0000000000000000, 0x40065c0fad9f91a5, 0x0000000000000000, 0x4035e5b515e4655f, 0x40411280937092c9, 0x3fe4214e5bcd1178, 0x3fef9bbeb0bfb536, 0x3fe7aeb68a1e6ee8, 0x3f847ae147ae147b, 0x3fef7de2c5a82908, 0x3fefd5f0160eec13, 0x3fee4ca6ceccf4af, 0x3ff0000000000000, 0x406337a14a78170a],
    [0xc04787cadecbed92, 0x4047796d8fad90dc, 0xbfc39b97b5c31f29, 0xc0489d2bd6259fa4, 0xbf96d88f95dc1a6a, 0x403bf1d3d508c180, 0x40331dacc93efa86, 0x3fe93d71850a2416, 0xc030df0689fabd09, 0x406758106f253c2c, 0x406125970a896674, 0x401299d132807b08, 0x404787cadecbed92, 0x3fe4c8c09e2302ee, 0x402fddd571c2c86a, 0x3fe2f0830a7d53ee, 0x3fcbb798cc95ec02, 0x3fe64821b1fcdb36, 0x3fe50b9c34ce3c9a, 0x3facdc3ab3fdcf09, 0x3fb7c21497671a12, 0x3f99008ca941703b, 0x40080d6b6b2017a3, 0x4047411277209d6a],
    [0xc05fad48f1b1c121, 0x405e32668c4e945e, 0xbfd24c7b9fe77f0c, 0xc0286d919cbbd1bc, 0xbf775c7a3a1fd408, 0x4062ff984a46f147, 0xc03d676ce76e4589, 0x403cdc53a805d511, 0xc019d19cbf51ba3a, 0x4063099fcb5ad3f1, 0x4047caa77ab7d65f, 0x402a87505c9a4126, 0x405fad48f1b1c121, 0x401a85d6171265b9, 0x402f85145ebbb8ec, 0x3ff35a1ffc23dd4a, 0x3fe4d10b7b0a64c8, 0x3ff6c461dd575eb2, 0x3fe7160142567866, 0x3fe298f2f7f84628, 0x3fe685b612325441, 0x3fd7875a6d0dad86, 0x4021bbd53d4f4010, 0x4047a01c2e1702b7],
    [0xc05da7baf24bc826, 0x4056f89a29b19fca, 0xbfd21e4656d3d828, 0xc05410044902e8eb, 0x3fc39dd46ab01165, 0xc05850e7d40ce974, 0xc03b84e7aa16dd56, 0x4025500aa2253671, 0x402d73c9c22af494, 0x406cd612b862769b, 0x406b4e4325f3b8ef, 0x4027419ac5c6da17, 0x405da7baf24bc826, 0x403248a5960f8859, 0x4038ec53abeedbf6, 0x3ff1272a409c57f8, 0x3ff144e3bcbce103, 0x3ff42e13974e859c, 0x3ff81e64e443dfb1, 0x3ff11c264acaeb0e, 0x3ff0a1444be2675b, 0x3ff2ee66185d500b, 0x402b5fcfa99006df, 0x404056a8557bdacc],
    [0xc05577cc74dab2e6, 0x4042e657ec24eff1, 0xbfe21aad5f725211, 0xc063da8d4f685c17, 0x3fdf21536e0afafe, 0xc05abb1fdf7de202, 0xc06a327921744eb4, 0x40584112f30f3b1f, 0x405919693fdf977f, 0x406df4d6b486dd1f, 0x406b649b2f87ceb2, 0x4036060bc00cd170, 0x405577cc74dab2e6, 0x403cd9e32fb48083, 0x4041d88a75811709, 0x3ff90e6d5d09fd1a, 0x3ff5c5b970b5852b, 0x3ffd7a628b9347e3, 0x3fffedf9b38e9c6a, 0x3ff4037f0fed07ac, 0x3ff21f467bb81c4c, 0x3ffeb0b43d499ed2, 0x4033455e162c423f, 0x403c6a50bbae517d],
    [0x8000000000000000, 0xc05b3831a5620d6f, 0x3ff83da730e00cb6, 0xbfa9b524fd9b8ed1, 0xbf82363c8e14ce6f, 0x4075fdf0fa27dd68, 0xc04a7dcf71b13792, 0x40493b2892154882, 0xc02316a0a8ff9639, 0x0000000000000000, 0x0000000000000000, 0x4028213c276f527d, 0x0000000000000000, 0x4049c181a3ee0d81, 0x4052758e5b507766, 0x3ff674c788cdd199, 0x3ff7903fcaf3b8d3, 0x3ffa6b45196a9c3c, 0x3f847ae147ae147b, 0x3ff4d233ea2f5394, 0x3ff2806493943399, 0x4001e22b3e836f7a, 0x3ff0000000000000, 0x4079165424dd707a],
    [0xc09c4e1a5cb59b31, 0x4083feb5d8bd0484, 0xc03e7c8c89553ab3, 0xc0881ef43ff57784, 0xbfe5086922842ab3, 0xc09da7cf0c16e885, 0xc38af8aca8fddc6b, 0x4247ae4209e31ec2, 0x4088f27a2906fbc9, 0x40a017a64a65c6e7, 0x4064158b8a8fbacb, 0x438af8ab2e19bbb7, 0x409c4e1a5cb59b31, 0x3e993b2896b97504, 0x409283e18a3f7296, 0x4006517706e41988, 0x3fafb737d192d57f, 0x40218194675b9b25, 0x3ff7e00499ea6e14, 0x3e757d149b7853c5, 0x3e604042de462a48, 0x3e604447a89feb3a, 0x3ff38380ff2fe707, 0x4181bebeeb98ca96],
    [0xc0a19fbefac9dbef, 0x4099a6aafd2dcfe8, 0xc0457456eef2091a, 0xc07f60a2e3465f7a, 0xbfe6d735bc58d8b5, 0xc099477802527a35, 0xc2b6449325ff6c5f, 0x41eddd7a09c6222f, 0x407c1245b6e26150, 0x409c02ba8c4dea23, 0x40627763805965a0, 0x42b643a43a2da6cc, 0x40a19fbefac9dbef, 0x3e8dcfb4b16edf07, 0x40839bea24b129d8, 0x3ffb2529996869f4, 0x3fb0236f9b3d550a, 0x40154ad8ef926acd, 0x3fef15225d121607, 0x3e77f79c225aca1a, 0x3e622021ce9c6d3f, 0x3e62249d43c377bf, 0x3ff80571e4093bab, 0x4184c0caf4f6d001],
    [0xc097100a1e600a14, 0xc079cb1f6abe7e6c, 0xc042ae5193afe04c, 0xc06faef8b27304a5, 0xbfe54df532da6efe, 0xc09afd27de6d817e, 0xc2e7b0e0fd499615, 0x421caffd86aa0ad7, 0x40830fae46162faf, 0x409d81f885bdeff5, 0x40642af295b1715b, 0x42e7affb7d5d1e3c, 0x4097100a1e600a14, 0x3ea3a5827e74270f, 0x409db7f412e9f37a, 0x40019284ccc6f4b7, 0x3faf9050f165dafa, 0x401b912da28e282a, 0x3fdf86b5dd026c7b, 0x3e74db0fccb366a5, 0x3e5f8b77052af9a9, 0x3e5f93440035c1df, 0x3ff5be443dada556, 0x419c9a08ad9e5946],
    [0xc0969f0aa1cef889, 0x40912498a5967e10, 0xc01c9527c6c83241, 0xc091f084e5f311a5, 0xbfd907ddd732bbbe, 0xc09341736cd725fc, 0xc2c1687776ebadae, 0x41d6963e83f32c4c, 0x407e19b75a7e14dd, 0x4096b354a32519ce, 0x405984dc3b8a8cf9, 0x42c1684a4a6dd2dd, 0x40969f0aa1cef889, 0x3da6271082b456d1, 0x4076be5058e83c75, 0x3ff7ffdd4a4c621e, 0x3f8c4249e471161a, 0x4012d32e2be7948d, 0x4001bf49559c5572, 0x3d9eb50de370b724, 0x3d8739054c3df8f5, 0x3d873ec370f4819a, 0x3ff01acb98c7c54f, 0x41673030c039cf1f],
    [0x8000000000000000, 0xc0736780529dcfab, 0x3dce7f73f741476d, 0xbfedc76a37933f3f, 0xbfef5ca43e0fb179, 0x407428bbe81a7287, 0xc207162e2c7427d5, 0x42066f4a230cf333, 0x4080edb9e0de0473, 0x0000000000000000, 0x0000000000000000, 0x41b4dc7f0f2f582a, 0x0000000000000000, 0x3e29291049d8c90e, 0x40743c08baa359a3, 0x3fff34376bb94151, 0x3fa1e85ebe7ffbae, 0x401879debb275e0a, 0x3f847ae147ae147b, 0x3e2399a29daee5af, 0x3e0da54c85bdcb05, 0x3e0daca14778d8d7, 0x3ff0000000000000, 0x41fd6c30c512ed16],
    [0xc07ced87648b2dd5, 0x4077a5f793823638, 0xc03dc313b66ea2fe, 0xc05fd98edddbe3cd, 0xbfe756f960019146, 0xc07d425eaf50ca10, 0xc092a37bdfa7cc37, 0x4092b94e8d957b45, 0x3fdc38a2d38daf60, 0x4064645651b09c71, 0x407fcf2db2164149, 0x3fea1713e99b82ce, 0x407ced87648b2dd5, 0x3f2463a93fec7183, 0x405d9c714b7712d8, 0x3fedae2bf094ce15, 0x3fbb50f18c58cfae, 0x3fe8611adef7aa3d, 0x3fb6f741e9c9df84, 0x3f54b11df6ba8699, 0x3f54c7aedd81e1e6, 0x3f54b1ccc45f5e26, 0x3ff0345bb7f88176, 0x409ef1b78956b7e6],
    [0xc07e8f4f58b6742a, 0xc07118621a120806, 0xc025d24caec2f840, 0xc06525d32b6d00c7, 0xbfe88779942bef0f, 0xc0a4eb2846979f92, 0x4044eea2d90f2e79, 0x3fb5958ff0ff5598, 0xc02ac517a1048f08, 0x4085dd47665e75d4, 0x40a10bb5b273bacb, 0x3fcc89ad51d47557, 0x407e8f4f58b6742a, 0x3f63529b01525d22, 0x4088e39a7736894f, 0x3fcaab6397677604, 0x3fc1f0ce50933984, 0x3fc5e7fcccaed51e, 0x3fbe1451b5ba97ec, 0x3f6757536a259a0e, 0x3f6770bd8f18986a, 0x3f675818490f37d5, 0x3ff00138037b94c6, 0x3eb3e52b68d9587a],
    [0xc080ec9d60831887, 0xc07c47cfeee69fd0, 0xc041046512c5c988, 0xc067dc160e0d15c3, 0xbfdb40163d3c7b66, 0xc08b4810ead01815, 0x40278d74d1118154, 0x400b2c8f5c78e153, 0xc013b00c3bfbc42f, 0x40705c810474ac24, 0x4089794d7e64a4bc, 0x3fe0a04ae7e193db, 0x4080ec9d60831887, 0x3f6019a0d222aab1, 0x40901023f2039fb9, 0x3fd6f507725ea059, 0x3fbefc8b16dcbb86, 0x3fd2db5db214028d, 0x3fc0f973636488c7, 0x3f5e23b67c0e6588, 0x3f5e44902a931ead, 0x3f5e24b4f42cf605, 0x3ff0563c75571026, 0x3f59aa592170a7d8],
    [0xc08a03506599af3d, 0x4074305100b8c796, 0xc043e8b577cfbce0, 0xc05d8e0992ca9cf4, 0xbfe864d18c0ebc67, 0xc0ad64ed365bc47c, 0xc0477777e1b9b711, 0x40558e671708461a, 0xbfc35473be804d40, 0x408e0c278c3e8934, 0x40a779c298bfdadd, 0x3fdadf39700c384f, 0x408a03506599af3d, 0x3f4b7652e2795b6f, 0x4080faecc05128d6, 0x3fe35ffa1afb9cbb, 0x3fbcd4de1623a868, 0x3fdfd434f0f96462, 0x3fb507c1514df985, 0x3f584ed294250b15, 0x3f58695386697cde, 0x3f584f9fe275d065, 0x3ff09b53a4cbef3f, 0x401bb06e40b8b534],
    [0x8000000000000000, 0xc07092783ada69c7, 0x3eefe801f18b8ca9, 0xbfb0b2e4c2288e16, 0xbfbf8334d560f070, 0x40697df4573b8ae4, 0xc09120712b138a58, 0x40912119a0fcaec1, 0xbfc7509c62147bc0, 0x0000000000000000, 0x0000000000000000, 0x3f920ef9ec3b548e, 0x0000000000000000, 0x3f58c44f0798e494, 0x4072b1ff2eb8bef9, 0x3fed41761d99ec1e, 0x3fc5752919aa6004, 0x3fe807cf933949f5, 0x3f847ae147ae147b, 0x3f73e85039ec7738, 0x3f73fdf2085dec05, 0x3f73e8f7cc1a3ec1, 0x3ff0000000000000, 0x4116373bce78032f],
    [0xc06cadf45f838d96, 0xc057aafa6ce64680, 0xc02c2782a151c2ac, 0xc0644bc6052a9365, 0xbfc1fae81233e177, 0xc0a938c705aa98f6, 0xc22c9b2ae40fd3ea, 0x422c9b2ad94e77fb, 0x40966ead849daee9, 0x4096a0a3aedd0905, 0x40a06d5f5e0f3dfe, 0x3fe2f8fea9bde809, 0x406cadf45f838d96, 0x3e3ac2554f6d429f, 0x40779df2093c7263, 0x40001d923920168a, 0x3fa98c5e930ea014, 0x401c94724eb291f6, 0x3fca16b699407d5f, 0x3e35d8681663bc6c, 0x3e35d8894cf339af, 0x3ea3c36cd9f0a08e, 0x3ff07dea708463c6, 0x41f236bfbadd2e2b],
    [0xc05dc6f5f044a75d, 0x40309187b00f0a68, 0xc0261c4e94c65028, 0xc049d1da8080a632, 0xbfceee5199d95080, 0xc0b4a2ec00e5fa0e, 0xc17df7f1af7252db, 0x417df7d6a1f90da9, 0x4080732ecbe9a7ba, 0x40a1c4242f294490, 0x40aa069e0275d917, 0x3f80b679a363594f, 0x405dc6f5f044a75d, 0x3e835759a5b1e71f, 0x406389bc7e58a135, 0x3fe775fd510695a3, 0x3fb8061d29f0a631, 0x4004cda05749e0a5, 0x3fb0efce804cc092, 0x3e93151aa4679428, 0x3e931537a798e813, 0x3f014363dd1cc31b, 0x3ff031dd2fcadf5b, 0x418e0f5ad723afaf],
    [0xc04ed5787e0dd415, 0xc073e683fde4aaf9, 0xc02f5c010717f221, 0xc04a59c6f5bf79de, 0xbfacb8aff711f2d2, 0xc0a2e6ae4d14e963, 0xc25e32d901655096, 0x425e32d8ff6aa6ad, 0x40a02fdb475ae7e7, 0x40917d3fa8a1ac1e, 0x409959f1512e79bd, 0x3fe8efc1587abc06, 0x404ed5787e0dd415, 0x3e85f3eea70858cd, 0x407b1d6c4bbd43bc, 0x40056bb24ea9165b, 0x3fb4e0dd76d94c9f, 0x4022fe7fc426e1ed, 0x3fca108eee1c3f93, 0x3e7f3886e3a3a528, 0x3e7f38b65b489ac9, 0x3eec3eb602f18226, 0x3ff0b950afb8a67e, 0x41f2bbf571b4ddf1],
    [0xc0700e3f75fc6bab, 0x405a8db1203b671a, 0xc038c08fc7f9f3ad, 0x40433a2feb54047c, 0xbfb16c1ab6470d3c, 0xc0b5277fbf0b1d28, 0xc2750c51c73a7944, 0x42750c51c6a0e0f0, 0x40a3f10a0f7b013c, 0x40a23d3cc4af84a2, 0x40aa96ace939df39, 0x3ff0e511e9f16648, 0x40700e3f75fc6bab, 0x3e7b2031ad08f0be, 0x40698e18d82a6f9f, 0x40088f4d0653f9a7, 0x3fb5c8d590b203c6, 0x4025c7120db1133d, 0x3fcba0df6be87bf8, 0x3e847655cbc42034, 0x3e847674e800f449, 0x3ef28304a6b4d8e4, 0x3ff422f3d25bd272, 0x41f18e3118dd1a6f],
    [0x8000000000000000, 0xc07a98f79eeebfbf, 0x3dd33a8e1965b419, 0xbf9bbf9549527d75, 0xbfa914fdc471dbb6, 0x407427517e994c52, 0xc1f4cd81ded1727f, 0x41f4cd8190b80f9e, 0x40938658a7e86124, 0x0000000000000000, 0x0000000000000000, 0x3f103de92a82bd14, 0x0000000000000000, 0x3e4c1138f2176f62, 0x407df530dd2e03b5, 0x3ff7688d33f7ce77, 0x3faba5e21d279018, 0x4014c1b5ed1c2109, 0x3f847ae147ae147b, 0x3e4210a5ed9e3e1e, 0x3e4210c164d26c3d, 0x3eb057e599fbce8e, 0x3ff0000000000000, 0x4237cf72f2e8a49b],
    [0xc0a1e364d531fb28, 0x408341b212675848, 0xc0493eb86c7aa5e0, 0x40c2499c8c376536, 0x40189208a9f3c104, 0xc0b33299931bbca0, 0xc15674f2580cbc58, 0x41566fdc5b3ee659, 0x40b1c034df797975, 0x40954f7313a7a812, 0x40ae8a5dda3e8918, 0x40867edd3238546d, 0x40a1e364d531fb28, 0x3fb2e038902d00a0, 0x409a7d3fff58e94c, 0x3ff3a1052c4134d6, 0x3fa7425cc072529d, 0x4005b5702ffeb206, 0x3fd0187f9f6f3ff5, 0x3fcdd9bbb49df00d, 0x3fcad5baa79933b5, 0x3fcc45157367a216, 0x4000de1cb701a0c6, 0x40e5e2bb6e414c64],
    [0xc085c31a093ee3e6, 0xbfcc85d4c2723000, 0xc041a31097b88039, 0x40d26abc45cb11e6, 0x3ff1bc7f3bcfce59, 0xc093721f09d9b366, 0xc1684be52591cd16, 0x416849080869402e, 0x40b458eb597817b9, 0x4079e994ed33a736, 0x409291824a42915a, 0x408508667a1ba055, 0x4085c31a093ee3e6, 0x3fa0bbfc8e07cbdd, 0x408673d534ae9291, 0x3ff6a2d0f6a92736, 0x3fa953890c1512ef, 0x400908cbfb875ca0, 0x3fc39cdf7c203568, 0x3fcf378db590b9ac, 0x3fcc1a53eff18fa9, 0x3fcd95f6c8c5f253, 0x3ff06c8a6edb9188, 0x4105f62ed7ce66b2],
    [0xc0a0cc4eb36373cc, 0x408d745245d7aea8, 0xc0541c3b83f128c5, 0x40e3a283ae86a9a3, 0x400ed0bbaff0dc4d, 0xc0b0decf0c39b81b, 0xc1439ba750ea2aa0, 0x4143943f209afd2e, 0x40ad20be4dd5aad3, 0x4092e6e5e4364001, 0x40ab170f64333416, 0x405c71d11f4d0285, 0x40a0cc4eb36373cc, 0x3f9dcb7e3136b5ba, 0x409335f15767bee2, 0x3ff0d7d14b4391af, 0x3f8df4a50259a634, 0x4002a0ab590d5a34, 0x3fbbe85150cecb95, 0x3fc03dc659fd9aa7, 0x3fbccc3450f8ba0a, 0x3fbe89d1b15d38f2, 0x40034774f3f3a17e, 0x4112f090694871c5],
    [0xc0998ada74d0d622, 0x40572fc840494210, 0xc0666c5a09ffd196, 0x410530eae34137fd, 0x3fcb360c78ba74f6, 0xc0b6b3c2accc18f9, 0xc163c3ca0cfa0955, 0x4163c173d6fc1bbd, 0x40b2a673e0c67bc9, 0x4098ef4f296286d3, 0x40b1de610160e935, 0x40533926d11457b4, 0x40998ada74d0d622, 0x3fa8038537ab31a5, 0x40986f48c8ccb27e, 0x3ff5ca32d69fe7e1, 0x3f972d487e3aae77, 0x4008193a4dc1e7f6, 0x3fa2d21eed54f8cb, 0x3fc4957db62bba42, 0x3fc25462cf15ce4c, 0x3fc365a1fc4a69ba, 0x3ff0014246acd506, 0x4159496ec12801c4],
    [0x8000000000000000, 0xc08d74cb3243159f, 0x3f2fd6aa7ad1cf4b, 0xbfe5a99f526e3c97, 0xbfc856a151eac00f, 0x40766721eed71f08, 0xc145fc10da6e1cfd, 0x4145f566b81dff49, 0x40aa9fc5746f0db4, 0x0000000000000000, 0x0000000000000000, 0x401187980f7e0015, 0x0000000000000000, 0x3fa714fab087cf53, 0x408e23a49c6e1326, 0x3ff1341020efec18, 0x3faaace1b0048bf5, 0x400306b041392679, 0x3f847ae147ae147b, 0x3fd009f58369e730, 0x3fcce746365cc373, 0x3fce6a6eb0a5cff1, 0x3ff0000000000000, 0x41a0c2c3ddb209d3],
];

//! Tsitouras' 5(4) explicit Runge–Kutta pair (Tsitouras 2011, the `Tsit5` of DifferentialEquations.jl
//! and `tsit45` of diffsol) on fixed-size arrays, for the one system mgate integrates.
//!
//! Why not diffsol's own `tsit45`, which mgate used first: with 15 components the integrator's
//! bookkeeping on dynamically sized vectors cost about as much as the model's right-hand side.
//! Here every vector is a `[f64; N]` the compiler unrolls, the stages live in the struct, and a
//! step allocates nothing. The tableau is the published one (the same constants diffsol uses);
//! the tests check the order of the method and the tolerance on closed-form problems, and
//! `examples/solver_comparison.rs` compares it with diffsol and ode_solvers on mgate's model.
//!
//! Error control is the textbook one (Hairer, Nørsett & Wanner, *Solving ODEs I*, II.4): the
//! scaled RMS norm of the embedded error estimate with `sc_i = atol + rtol · max(|y_i|, |ŷ_i|)`,
//! and a new step `h · clamp(0.9 · err^(−1/5), 0.2, 10)` (no growth right after a rejection). A
//! step whose error estimate is not finite is rejected, never accepted.

use crate::model::lane::{Lane, MAX_LANES};

/// The coefficients `a_ij` of stages 2 to 7 (stage 7 is the solution: FSAL).
const A21: f64 = 0.161;
const A31: f64 = -0.008_480_655_492_356_992;
const A32: f64 = 0.335_480_655_492_357;
const A41: f64 = 2.897_153_057_105_494_4;
const A42: f64 = -6.359_448_489_975_075;
const A43: f64 = 4.362_295_432_869_581;
const A51: f64 = 5.325_864_828_439_26;
const A52: f64 = -11.748_883_564_062_83;
const A53: f64 = 7.495_539_342_889_836;
const A54: f64 = -0.092_495_066_361_755_25;
const A61: f64 = 5.861_455_442_946_42;
const A62: f64 = -12.920_969_317_847_11;
const A63: f64 = 8.159_367_898_576_159;
const A64: f64 = -0.071_584_973_281_401;
const A65: f64 = -0.028_269_050_394_068_38;
/// Weights of the fifth-order solution.
const B: [f64; 6] = [
    0.096_460_766_818_065_23,
    0.01,
    0.479_889_650_414_499_6,
    1.379_008_574_103_742,
    -3.290_069_515_436_081,
    2.324_710_524_099_774,
];
/// Weights of the error estimate (fifth- minus fourth-order solution), stages 1 to 7.
const E: [f64; 7] = [
    -0.001_780_011_052_225_777,
    -0.000_816_434_459_656_746_9,
    0.007_880_878_010_261_995,
    -0.144_711_007_173_262_9,
    0.582_357_165_452_555_2,
    -0.458_082_105_929_186_97,
    0.015_151_515_151_515_152,
];

/// Smallest factor a step may shrink by.
const SHRINK_LIMIT: f64 = 0.2;
/// Largest factor a step may grow by.
const GROWTH_LIMIT: f64 = 10.0;
/// Safety factor of the step-size controller.
const SAFETY: f64 = 0.9;
/// Steps shorter than this (days) mean the integrator cannot continue.
pub(crate) const MIN_STEP_DAYS: f64 = 1e-12;

/// Why a step could not be taken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum StepFailure {
    /// The step size fell below [`MIN_STEP_DAYS`].
    StepTooSmall {
        /// The step size, days.
        step: f64,
    },
}

/// The step-size control of one system: its time, the next step size, its counts, and what it
/// remembers of restarts and rejections. [`Tsit5::step`] keeps one for all lanes;
/// [`Tsit5::step_lanes`] one per lane ([`LaneClocks`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    /// Current time.
    pub(crate) t: f64,
    /// Step size for the next attempt.
    pub(crate) h: f64,
    /// Steps accepted so far.
    pub(crate) accepted: u64,
    /// Steps rejected by the error test so far.
    pub(crate) rejected: u64,
    /// Largest first step after a restart ([`Clock::restart`]): at first the restart's cap,
    /// then what the step controller proposed after the first step of the last restart, so that
    /// a regular schedule of doses restarts with a step it has seen pass, rather than failing
    /// the same too-long step after every dose.
    restart_step: f64,
    /// Whether the next accepted step is the first since a restart.
    restarting: bool,
    /// Whether the last attempt was rejected (the next accepted step may not grow).
    after_rejection: bool,
}

impl Clock {
    /// At time `t`, with a first step of `h`.
    pub(crate) fn new(t: f64, h: f64) -> Self {
        Self {
            t,
            h,
            accepted: 0,
            rejected: 0,
            restart_step: f64::INFINITY,
            restarting: false,
            after_rejection: false,
        }
    }

    /// After the state jumped (a dose) or the right-hand side changed (an intake change), with
    /// the derivative recomputed: the next step is at most `cap` days the first time, then at
    /// most what the controller proposed after the first step of the previous restart.
    pub(crate) fn restart(&mut self, cap: f64) {
        self.restart_step = self.restart_step.min(cap);
        if self.restarting {
            // Two restarts without a step between them: keep the size being tried.
            return;
        }
        self.h = self.h.min(self.restart_step);
        self.restarting = true;
    }

    /// The step to attempt towards `t_stop`, and whether it is cut short to end there.
    fn attempt_towards(&self, t_stop: f64) -> Result<(f64, bool), StepFailure> {
        let remaining = t_stop - self.t;
        let clipped = self.h >= remaining;
        let h = if clipped { remaining } else { self.h };
        if h < MIN_STEP_DAYS && !clipped {
            return Err(StepFailure::StepTooSmall { step: h });
        }
        Ok((h, clipped))
    }

    /// Judges an attempted step of size `h` (ending at `t_stop` when `clipped`) by its scaled
    /// error norm `error`, given `error_root = error^(-1/5)`: moves the clock on and returns
    /// `true` when the step is accepted; shortens the next attempt and returns `false` when it is
    /// rejected (a non-finite error counts as infinitely large).
    fn conclude(
        &mut self,
        error: f64,
        error_root: f64,
        h: f64,
        clipped: bool,
        t_stop: f64,
    ) -> bool {
        if error <= 1.0 {
            let factor = if error == 0.0 {
                GROWTH_LIMIT
            } else {
                (SAFETY * error_root).clamp(SHRINK_LIMIT, GROWTH_LIMIT)
            };
            let factor = if std::mem::take(&mut self.after_rejection) {
                factor.min(1.0)
            } else {
                factor
            };
            let proposal = h * factor;
            if std::mem::take(&mut self.restarting) && !clipped {
                self.restart_step = proposal;
            }
            // A step cut short by the stop time says nothing against the longer one.
            self.h = if clipped {
                proposal.max(self.h)
            } else {
                proposal
            };
            if clipped {
                self.t = t_stop;
            } else {
                self.t += h;
            }
            self.accepted += 1;
            return true;
        }
        self.rejected += 1;
        self.after_rejection = true;
        let factor = if error.is_finite() {
            (SAFETY * error_root).clamp(SHRINK_LIMIT, 1.0)
        } else {
            SHRINK_LIMIT
        };
        self.h = h * factor;
        false
    }
}

/// One [`Clock`] per lane, for [`Tsit5::step_lanes`] (only the first `L::LANES` are used), and
/// which lanes have failed.
#[derive(Debug, Clone)]
pub(crate) struct LaneClocks {
    /// Each lane's clock.
    pub(crate) clocks: [Clock; MAX_LANES],
    /// Lanes that have failed: their step size collapsed ([`Tsit5::step_lanes`]) or their caller
    /// gave up on them ([`LaneClocks::fail`]). They take no more steps; their state is not
    /// meaningful.
    pub(crate) failed: [bool; MAX_LANES],
}

impl LaneClocks {
    /// Lane `i` at time `t` with a first step of `h[i]`.
    pub(crate) fn new(t: f64, h: impl Fn(usize) -> f64) -> Self {
        Self {
            clocks: std::array::from_fn(|lane| Clock::new(t, h(lane))),
            failed: [false; MAX_LANES],
        }
    }

    /// [`Clock::restart`] in every lane.
    pub(crate) fn restart(&mut self, cap: f64) {
        for clock in &mut self.clocks {
            clock.restart(cap);
        }
    }

    /// Marks `lane` as failed: it takes no more steps.
    pub(crate) fn fail(&mut self, lane: usize) {
        self.failed[lane] = true;
    }

    /// Whether `lane` has neither failed nor reached `t_stop`.
    pub(crate) fn is_short_of(&self, lane: usize, t_stop: f64) -> bool {
        !self.failed[lane] && self.clocks[lane].t < t_stop
    }
}

/// The integrator's state: the solution, its derivative, the shared clock of [`Tsit5::step`],
/// and scratch.
///
/// `L` is the number type of the solution: `f64` for one system, or a [`Lane`] type for several
/// systems integrated side by side. [`Tsit5::step`] gives all lanes one step size (a step is
/// accepted when every lane's error norm is at most 1, and the next step size follows the
/// largest of them); [`Tsit5::step_lanes`] gives each lane its own, so that each lane's result
/// is the one it would have alone, whatever the other lanes hold.
#[derive(Debug, Clone)]
pub(crate) struct Tsit5<L, const N: usize> {
    /// Current solution.
    pub(crate) y: [L; N],
    /// Derivative at `(t, y)`: the first stage of the next step. Recompute it after changing `y`.
    pub(crate) dy: [L; N],
    /// Time and step-size control of [`Tsit5::step`] (unused by [`Tsit5::step_lanes`]).
    pub(crate) clock: Clock,
    stages: [[L; N]; 5],
    next_dy: [L; N],
    next_y: [L; N],
    work: [L; N],
}

impl<const N: usize> Tsit5<f64, N> {
    /// A first step size for `y' = f(y)` from `(y, dy)` (Hairer, Nørsett & Wanner, II.4): one
    /// explicit Euler step gives an estimate of the second derivative.
    pub(crate) fn initial_step(
        y: &[f64; N],
        dy: &[f64; N],
        rtol: f64,
        atol: f64,
        rhs: &mut impl FnMut(&[f64; N], &mut [f64; N]),
    ) -> f64 {
        let scale = |i: usize| atol + rtol * y[i].abs();
        let norm = |v: &dyn Fn(usize) -> f64| {
            ((0..N).map(|i| (v(i) / scale(i)).powi(2)).sum::<f64>() / N as f64).sqrt()
        };
        let d0 = norm(&|i| y[i]);
        let d1 = norm(&|i| dy[i]);
        let h0 = if d0 < 1e-5 || d1 < 1e-5 {
            1e-6
        } else {
            0.01 * d0 / d1
        };
        let mut y1 = [0.0; N];
        for i in 0..N {
            y1[i] = y[i] + h0 * dy[i];
        }
        let mut dy1 = [0.0; N];
        rhs(&y1, &mut dy1);
        let d2 = norm(&|i| dy1[i] - dy[i]) / h0;
        let h1 = if d1.max(d2) <= 1e-15 {
            (h0 * 1e-3).max(1e-6)
        } else {
            (0.01 / d1.max(d2)).powf(1.0 / 5.0)
        };
        (100.0 * h0).min(h1)
    }
}

impl<L: Lane, const N: usize> Tsit5<L, N> {
    /// Starts at `(t, y)`, with `dy` its derivative and a first step of `h`.
    pub(crate) fn new(t: f64, y: [L; N], dy: [L; N], h: f64) -> Self {
        let zero = [L::splat(0.0); N];
        Self {
            y,
            dy,
            clock: Clock::new(t, h),
            stages: [zero; 5],
            next_dy: zero,
            next_y: zero,
            work: zero,
        }
    }

    /// Current time of [`Tsit5::step`].
    pub(crate) fn t(&self) -> f64 {
        self.clock.t
    }

    /// Steps rejected by [`Tsit5::step`] so far.
    pub(crate) fn rejected(&self) -> u64 {
        self.clock.rejected
    }

    /// [`Clock::restart`] of the shared clock.
    pub(crate) fn restart(&mut self, cap: f64) {
        self.clock.restart(cap);
    }

    /// Takes one accepted step towards `t_stop` (never beyond it), with one step size for all
    /// lanes, retrying with shorter steps after rejections. Returns whether `t_stop` was reached.
    pub(crate) fn step(
        &mut self,
        t_stop: f64,
        rtol: f64,
        atol: f64,
        rhs: &mut impl FnMut(&[L; N], &mut [L; N]),
    ) -> Result<bool, StepFailure> {
        loop {
            let (h, clipped) = self.clock.attempt_towards(t_stop)?;
            let errors = self.attempt(L::splat(h), rtol, atol, rhs);
            let error = (0..L::LANES)
                .map(|lane| errors.lane(lane))
                .try_fold(0.0_f64, |largest, error| {
                    error.is_finite().then_some(largest.max(error))
                })
                .unwrap_or(f64::INFINITY);
            if self
                .clock
                .conclude(error, inverse_fifth_root(error), h, clipped, t_stop)
            {
                self.y = self.next_y;
                self.dy = self.next_dy;
                return Ok(clipped);
            }
        }
    }

    /// One attempt in every lane that has neither failed nor reached `t_stop`, each lane with the
    /// step size of its own clock in `clocks`: lanes whose step passes their error test move on,
    /// the others keep their state and shorten their next step, and a lane whose step size has
    /// collapsed is marked as failed. Returns whether every lane has reached `t_stop` or failed.
    /// A lane's steps and results depend on nothing but its own system: the other lanes only
    /// share the arithmetic.
    pub(crate) fn step_lanes(
        &mut self,
        clocks: &mut LaneClocks,
        t_stop: f64,
        rtol: f64,
        atol: f64,
        rhs: &mut impl FnMut(&[L; N], &mut [L; N]),
    ) -> bool {
        assert!(L::LANES <= MAX_LANES);
        let mut attempts = [None; MAX_LANES];
        for (lane, attempt) in attempts.iter_mut().enumerate().take(L::LANES) {
            if clocks.is_short_of(lane, t_stop) {
                match clocks.clocks[lane].attempt_towards(t_stop) {
                    Ok(step) => *attempt = Some(step),
                    Err(StepFailure::StepTooSmall { .. }) => clocks.fail(lane),
                }
            }
        }
        if attempts.iter().all(Option::is_none) {
            return true;
        }
        // Lanes that have arrived take a step of zero: their results are not used.
        let h = L::gather(|lane| attempts[lane].map_or(0.0, |(h, _)| h));
        let errors = self.attempt(h, rtol, atol, rhs);
        // The controller's root for every lane at once (one vector exp and ln, not eight pows).
        let roots = errors.powf(L::splat(-0.2));
        let mut take = [0.0; MAX_LANES];
        for (lane, attempt) in attempts.iter().enumerate() {
            if let Some((h, clipped)) = *attempt
                && clocks.clocks[lane].conclude(
                    errors.lane(lane),
                    roots.lane(lane),
                    h,
                    clipped,
                    t_stop,
                )
            {
                take[lane] = 1.0;
            }
        }
        if take[..L::LANES].iter().all(|&t| t > 0.0) {
            // Every lane moves on (the usual case): no lane-by-lane choice to make.
            self.y = self.next_y;
            self.dy = self.next_dy;
        } else {
            let take = L::gather(|lane| take[lane]);
            for i in 0..N {
                self.y[i] = take.choose(self.next_y[i], self.y[i]);
                self.dy[i] = take.choose(self.next_dy[i], self.dy[i]);
            }
        }
        (0..L::LANES).all(|lane| !clocks.is_short_of(lane, t_stop))
    }

    /// Computes a step of size `h` (per lane) into `next_y` and `next_dy`; returns each lane's
    /// scaled error norm (not finite when the step's error is not).
    fn attempt(
        &mut self,
        h: L,
        rtol: f64,
        atol: f64,
        rhs: &mut impl FnMut(&[L; N], &mut [L; N]),
    ) -> L {
        let c = L::splat;
        let (y, k1) = (&self.y, &self.dy);
        let w = &mut self.work;
        let [k2, k3, k4, k5, k6] = &mut self.stages;
        for i in 0..N {
            w[i] = y[i] + h * c(A21) * k1[i];
        }
        rhs(w, k2);
        for i in 0..N {
            w[i] = y[i] + h * (c(A31) * k1[i] + c(A32) * k2[i]);
        }
        rhs(w, k3);
        for i in 0..N {
            w[i] = y[i] + h * (c(A41) * k1[i] + c(A42) * k2[i] + c(A43) * k3[i]);
        }
        rhs(w, k4);
        for i in 0..N {
            w[i] = y[i] + h * (c(A51) * k1[i] + c(A52) * k2[i] + c(A53) * k3[i] + c(A54) * k4[i]);
        }
        rhs(w, k5);
        for i in 0..N {
            w[i] = y[i]
                + h * (c(A61) * k1[i]
                    + c(A62) * k2[i]
                    + c(A63) * k3[i]
                    + c(A64) * k4[i]
                    + c(A65) * k5[i]);
        }
        rhs(w, k6);
        let next = &mut self.next_y;
        for i in 0..N {
            next[i] = y[i]
                + h * (c(B[0]) * k1[i]
                    + c(B[1]) * k2[i]
                    + c(B[2]) * k3[i]
                    + c(B[3]) * k4[i]
                    + c(B[4]) * k5[i]
                    + c(B[5]) * k6[i]);
        }
        rhs(next, &mut self.next_dy);
        let k7 = &self.next_dy;
        let mut sum = c(0.0);
        for i in 0..N {
            let estimate = h
                * (c(E[0]) * k1[i]
                    + c(E[1]) * k2[i]
                    + c(E[2]) * k3[i]
                    + c(E[3]) * k4[i]
                    + c(E[4]) * k5[i]
                    + c(E[5]) * k6[i]
                    + c(E[6]) * k7[i]);
            let scale = c(atol) + c(rtol) * y[i].abs().max(next[i].abs());
            let ratio = estimate / scale;
            sum = sum + ratio * ratio;
        }
        (sum / c(N as f64)).sqrt()
    }
}

/// Below this error the controller's factor `SAFETY · error^(−1/5)` exceeds [`GROWTH_LIMIT`]
/// (it does below 5.9e-6), above [`ERROR_SHRINKS_MOST`] it is below [`SHRINK_LIMIT`] (above
/// 1,845): [`inverse_fifth_root`] need not be exact outside.
const ERROR_GROWS_MOST: f64 = 1e-6;
/// See [`ERROR_GROWS_MOST`].
const ERROR_SHRINKS_MOST: f64 = 1e4;

/// `error^(−1/5)` for the step-size controller, to within a few ulp of `error.powf(-0.2)` for
/// `error` in `[ERROR_GROWS_MOST, ERROR_SHRINKS_MOST]`; beyond, anything past the controller's
/// clamp (infinity below, 0 above). `error` is positive (or infinite or NaN, which give 0 and
/// NaN).
///
/// Why not `powf`: libm's `pow` was 2.5% of a cohort run's time, once per step. This is a first
/// guess from the bits of `error` (its logarithm divided by −5, within 7.4%) and five Newton steps
/// for `y^−5 = error`, each squaring the relative error (times about 3): 1.6e-2, 8e-4, 2e-6,
/// 1e-11, 3e-22, that is to rounding (four steps leave up to 400 ulp).
#[inline]
fn inverse_fifth_root(error: f64) -> f64 {
    if error < ERROR_GROWS_MOST {
        return f64::INFINITY;
    }
    if error > ERROR_SHRINKS_MOST {
        return 0.0;
    }
    if error.is_nan() {
        return error;
    }
    /// The bits of 1.0, times 6/5: `bits(y) = ONE_SIX_FIFTHS − bits(error) / 5` is exact for
    /// powers of 2^5 and within 7.4% in between (the bits are a piecewise-linear logarithm).
    const ONE_SIX_FIFTHS: u64 = 1.0_f64.to_bits() / 5 * 6;
    let mut y = f64::from_bits(ONE_SIX_FIFTHS - error.to_bits() / 5);
    for _ in 0..5 {
        // y ← y + (y / 5) (1 − error · y^5), grouped for a short dependency chain: three
        // multiplications and two fused multiply-adds deep.
        let y2 = y * y;
        let error_y = error * y;
        let residual = (-(y2 * y2)).mul_add(error_y, 1.0);
        y = (0.2 * y).mul_add(residual, y);
    }
    y
}

/// The stage times `c_2` to `c_7` (the right-hand side does not depend on time, so only the
/// tests use them).
#[cfg(test)]
const STAGE_TIMES: [f64; 6] = [0.161, 0.327, 0.9, 0.980_025_540_904_509_7, 1.0, 1.0];

#[cfg(test)]
mod tests {
    use super::*;

    /// A daily dose into a fast first-order decay (`y' = -20 y`, then `y += 1` each day):
    /// after a restart capped at 0.1 day the first step fails the error test (the decay needs
    /// shorter steps); the integrator learns the step that passes, so only the first days
    /// reject a step, not every day.
    #[test]
    fn restarts_learn_the_first_step_a_regular_schedule_needs() {
        let mut rhs = |y: &[f64; 1], dy: &mut [f64; 1]| dy[0] = -20.0 * y[0];
        let mut solver = Tsit5::new(0.0, [1.0], [-20.0], 0.01);
        let mut rejected_by_day = Vec::new();
        for day in 1..=30 {
            while !solver.step(f64::from(day), 1e-6, 1e-9, &mut rhs).unwrap() {}
            rejected_by_day.push(solver.clock.rejected);
            solver.y[0] += 1.0;
            rhs(&solver.y, &mut solver.dy);
            solver.restart(0.1);
        }
        let late = rejected_by_day[29] - rejected_by_day[9];
        assert_eq!(late, 0, "days 11 to 30 rejected {late} first steps");
        assert!(rejected_by_day[29] <= 3, "{rejected_by_day:?}");
        // The solution is still exact to the tolerance: y(30) just before the dose.
        let period = (-20.0_f64).exp();
        let periodic = period / (1.0 - period);
        assert!(
            (solver.y[0] - 1.0 - periodic).abs() < 1e-5,
            "{}",
            solver.y[0]
        );
    }

    #[test]
    fn inverse_fifth_root_agrees_with_powf() {
        let mut worst = 0;
        let mut error = ERROR_GROWS_MOST;
        while error <= ERROR_SHRINKS_MOST {
            for x in [error, error.next_up(), error * 1.000_000_1] {
                let (fast, slow) = (inverse_fifth_root(x), x.powf(-0.2));
                let apart = fast.to_bits().abs_diff(slow.to_bits());
                assert!(
                    apart <= 3,
                    "{x:e}: {fast:e} vs {slow:e}, {apart} ulps apart"
                );
                worst = worst.max(apart);
            }
            error *= 1.000_37;
        }
        eprintln!("inverse_fifth_root vs powf(-0.2): worst {worst} ulp");
        // Beyond the range, the controller's clamp decides as it would with powf.
        for x in [1e-300, 1e-7, 5e-6, 2e3, 1e5, 1e300, f64::INFINITY] {
            let clamped = |p: f64| (SAFETY * p).clamp(SHRINK_LIMIT, GROWTH_LIMIT);
            assert_eq!(
                clamped(inverse_fifth_root(x)),
                clamped(x.powf(-0.2)),
                "{x:e}"
            );
        }
        assert!(inverse_fifth_root(f64::NAN).is_nan());
    }

    #[test]
    fn tableau_is_consistent() {
        // Row sums of A equal the stage times; the weights sum to one.
        let rows = [
            A21,
            A31 + A32,
            A41 + A42 + A43,
            A51 + A52 + A53 + A54,
            A61 + A62 + A63 + A64 + A65,
        ];
        for (sum, c) in rows.iter().zip(STAGE_TIMES) {
            assert!((sum - c).abs() < 1e-12, "{sum} vs {c}");
        }
        assert!((B.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // The error weights sum to zero (both solutions are consistent).
        assert!(E.iter().sum::<f64>().abs() < 1e-12);
    }

    /// y' = λ y with fixed steps: the global error at t = 1 must fall as h^5.
    #[test]
    fn fixed_steps_converge_at_fifth_order() {
        let lambda = -2.0;
        let mut rhs = |y: &[f64; 1], dy: &mut [f64; 1]| dy[0] = lambda * y[0];
        let mut error_with = |steps: u32| {
            let h = 1.0 / f64::from(steps);
            let mut solver = Tsit5::new(0.0, [1.0], [lambda], h);
            for k in 1..=steps {
                // A huge tolerance: every step is accepted at the size given.
                solver.clock.h = h;
                solver.step(f64::from(k) * h, 1e6, 1e6, &mut rhs).unwrap();
            }
            (solver.y[0] - lambda.exp()).abs()
        };
        let (coarse, fine) = (error_with(20), error_with(40));
        let order = (coarse / fine).log2();
        assert!((4.6..5.6).contains(&order), "observed order {order}");
    }

    #[test]
    fn adaptive_steps_meet_the_tolerance_and_stop_exactly() {
        // A linear two-compartment chain with a closed form.
        let (ka, ke) = (2.0, 0.3);
        let mut rhs = |y: &[f64; 2], dy: &mut [f64; 2]| {
            dy[0] = -ka * y[0];
            dy[1] = ka * y[0] - ke * y[1];
        };
        let exact = |t: f64| {
            let gut = 50.0 * (-ka * t).exp();
            let body = 50.0 * ka / (ka - ke) * ((-ke * t).exp() - (-ka * t).exp());
            [gut, body]
        };
        for rtol in [1e-4, 1e-6, 1e-8] {
            let y0 = [50.0, 0.0];
            let mut dy0 = [0.0; 2];
            rhs(&y0, &mut dy0);
            let h0 = Tsit5::initial_step(&y0, &dy0, rtol, rtol * 1e-3, &mut rhs);
            let mut solver = Tsit5::new(0.0, y0, dy0, h0);
            while !solver.step(10.0, rtol, rtol * 1e-3, &mut rhs).unwrap() {}
            assert_eq!(solver.t(), 10.0);
            let truth = exact(10.0);
            for (i, (value, truth)) in solver.y.iter().zip(truth).enumerate() {
                // Relative to the scale the error is controlled against (atol/rtol below it).
                let error = (value - truth).abs() / (truth.abs() + 1e-3);
                assert!(error < 50.0 * rtol, "rtol {rtol}: state {i} error {error}");
            }
        }
    }

    /// The chain of the previous test, dosed daily, on eight lanes on their own clocks
    /// (`step_lanes`), each lane one `(ka, ke)` system with its own first step.
    fn eight_systems_on_their_own_clocks(
        systems: [(f64, f64); 8],
        first_steps: [f64; 8],
    ) -> (Tsit5<wide::f64x8, 2>, LaneClocks) {
        use wide::f64x8;
        let ka = f64x8::new(systems.map(|(ka, _)| ka));
        let ke = f64x8::new(systems.map(|(_, ke)| ke));
        let mut rhs = |y: &[f64x8; 2], dy: &mut [f64x8; 2]| {
            dy[0] = -ka * y[0];
            dy[1] = ka * y[0] - ke * y[1];
        };
        let y0 = [f64x8::splat(50.0), f64x8::splat(0.0)];
        let mut dy0 = [f64x8::ZERO; 2];
        rhs(&y0, &mut dy0);
        let mut lanes = Tsit5::new(0.0, y0, dy0, f64::NAN);
        let mut clocks = LaneClocks::new(0.0, |lane| first_steps[lane]);
        for day in 1..=3 {
            while !lanes.step_lanes(&mut clocks, f64::from(day), 1e-7, 1e-10, &mut rhs) {}
            lanes.y[0] += f64x8::splat(50.0);
            rhs(&lanes.y, &mut lanes.dy);
            clocks.restart(0.1);
        }
        (lanes, clocks)
    }

    /// Each lane's steps and results are its own: the same system gives the same bits in any
    /// lane, beside any other systems; each lane agrees with the scalar integrator on its system
    /// alone (to rounding: the lanes' controller root is a vector `powf`, the scalar one Newton steps) and with the
    /// closed form (to the tolerance); and a fast system takes more steps than a slow one.
    #[test]
    fn lanes_on_their_own_clocks_give_each_system_its_own_result() {
        let systems = [
            (2.0, 0.3),
            (0.5, 0.05),
            (8.0, 1.0),
            (2.0, 0.3),
            (30.0, 3.0),
            (1.0, 0.9),
            (0.2, 0.1),
            (2.0, 0.3),
        ];
        let first = [1e-3; 8];
        let (lanes, clocks) = eight_systems_on_their_own_clocks(systems, first);
        // The same systems in the reverse order: each lands where it landed before.
        let mut reversed = systems;
        reversed.reverse();
        let (other, other_clocks) = eight_systems_on_their_own_clocks(reversed, first);
        for lane in 0..8 {
            let twin = 7 - lane;
            for i in 0..2 {
                assert_eq!(
                    lanes.y[i].lane(lane).to_bits(),
                    other.y[i].lane(twin).to_bits(),
                    "lane {lane}, state {i}"
                );
            }
            assert_eq!(
                clocks.clocks[lane].accepted,
                other_clocks.clocks[twin].accepted
            );
        }
        for lane in [3, 7] {
            assert_eq!(
                lanes.y[1].lane(lane).to_bits(),
                lanes.y[1].lane(0).to_bits()
            );
        }
        let steps: Vec<u64> = clocks.clocks.iter().map(|c| c.accepted).collect();
        assert!(
            steps[4] > 2 * steps[6],
            "lanes took their own steps: {steps:?}"
        );

        for (lane, (ka, ke)) in systems.into_iter().enumerate() {
            let mut rhs = |y: &[f64; 2], dy: &mut [f64; 2]| {
                dy[0] = -ka * y[0];
                dy[1] = ka * y[0] - ke * y[1];
            };
            let mut alone = Tsit5::new(0.0, [50.0, 0.0], [-ka * 50.0, ka * 50.0], first[lane]);
            for day in 1..=3 {
                while !alone.step(f64::from(day), 1e-7, 1e-10, &mut rhs).unwrap() {}
                alone.y[0] += 50.0;
                rhs(&alone.y, &mut alone.dy);
                alone.restart(0.1);
            }
            assert_eq!(
                clocks.clocks[lane].accepted, alone.clock.accepted,
                "lane {lane}"
            );
            // Day 3 after its dose: the closed form of four doses, one day apart.
            let gut: f64 = (0..=3).map(|d| 50.0 * (-ka * f64::from(d)).exp()).sum();
            let body: f64 = (1..=3)
                .map(|d| {
                    let t = f64::from(d);
                    50.0 * ka / (ka - ke) * ((-ke * t).exp() - (-ka * t).exp())
                })
                .sum();
            for (i, truth) in [gut, body].into_iter().enumerate() {
                let (value, scalar) = (lanes.y[i].lane(lane), alone.y[i]);
                assert!(
                    (value - scalar).abs() <= 1e-12 * scalar.abs(),
                    "lane {lane}, state {i}: {value} vs {scalar} alone"
                );
                let error = (value - truth).abs() / (truth.abs() + 1e-3);
                assert!(error < 5e-6, "lane {lane}: error {error}");
            }
        }
    }

    #[test]
    fn a_non_finite_error_is_rejected_not_accepted() {
        // The derivative overflows for steps longer than 0.5: such steps must be rejected.
        let mut rhs = |y: &[f64; 1], dy: &mut [f64; 1]| {
            dy[0] = if y[0] < 0.5 { f64::INFINITY } else { -y[0] };
        };
        let mut solver = Tsit5::new(0.0, [1.0], [-1.0], 5.0);
        solver.step(10.0, 1e-6, 1e-9, &mut rhs).unwrap();
        assert!(solver.clock.rejected > 0);
        assert!(solver.y[0].is_finite());
    }
}

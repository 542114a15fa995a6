//! Within-subject variation over time (`[season]`, `[variation]`) and replicate trials
//! (`[replicates]`): what makes a virtual trial behave like a real one.
//!
//! The numbers behind the defaults, with their sources, are in `docs/model.md`, "Within-subject
//! variation over time".

use super::checker::Checker;
use super::design::Design;
use super::raw::{RawReplicates, RawSeason, RawVariation, S};

/// Days in the toy calendar (no leap years).
pub const DAYS_PER_YEAR: usize = 365;
/// Noon solar elevation below which the skin makes no vitamin D, degrees (the "vitamin D
/// winter" of Webb et al. 1988: none in Boston, 42° N, from November to February).
pub const SUN_ELEVATION_THRESHOLD_DEG: f64 = 35.0;
/// Days by which time outdoors (and skin left bare) lags the sun: it follows the temperature,
/// which peaks about a month after the solstice, so 25(OH)D peaks in late summer (August to
/// September in the north), as surveys find.
pub const OUTDOOR_LAG_DAYS: f64 = 30.0;
/// Largest latitude accepted, degrees north or south (beyond it the toy sun makes too little
/// vitamin D in too few weeks to mean anything).
pub const MAX_LATITUDE_DEG: f64 = 70.0;
/// Days over which daily intake factors are averaged by default (`variation.resolution_days`).
pub const DEFAULT_RESOLUTION_DAYS: usize = 7;
/// Most replicate trials accepted.
pub const MAX_REPLICATE_TRIALS: i64 = 10_000;
/// Largest replicate trial accepted, subjects.
pub const MAX_REPLICATE_SUBJECTS: i64 = 100_000;
/// Day of the year (0 = 1 January) on which each month starts.
const MONTH_STARTS: [usize; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// Sun-made vitamin D that follows the calendar (`[season]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Season {
    /// Month (1 to 12) in whose middle (the 15th) day 0 of the study falls.
    pub start_month: u32,
    /// Latitude, degrees (north positive).
    pub latitude_deg: f64,
    /// Mean share of a subject's annual vitamin D input made in the skin, 0 to 1.
    pub sun_share: f64,
    /// Between-subject SD of that share (time outdoors, skin type, clothing), truncated to 0..1.
    pub sun_share_sd: f64,
    /// Sun-made vitamin D on each day of the year relative to its annual mean (mean 1), with
    /// [`OUTDOOR_LAG_DAYS`].
    relative_sun: Vec<f64>,
}

impl Season {
    /// A season, with its table of daily sun relative to the annual mean.
    pub fn new(start_month: u32, latitude_deg: f64, sun_share: f64, sun_share_sd: f64) -> Self {
        let weights: Vec<f64> = (0..DAYS_PER_YEAR)
            .map(|day| sun_weight(day as f64 + 0.5 - OUTDOOR_LAG_DAYS, latitude_deg))
            .collect();
        let mean = weights.iter().sum::<f64>() / DAYS_PER_YEAR as f64;
        let relative_sun = weights
            .iter()
            .map(|w| if mean > 0.0 { w / mean } else { 0.0 })
            .collect();
        Self {
            start_month,
            latitude_deg,
            sun_share,
            sun_share_sd,
            relative_sun,
        }
    }

    /// Day of the year (0 = 1 January) of study day 0: the 15th of the start month.
    pub fn start_day_of_year(&self) -> usize {
        MONTH_STARTS[(self.start_month.clamp(1, 12) - 1) as usize] + 14
    }

    /// Sun-made vitamin D on study day `day` (negative before the study) relative to its annual
    /// mean: 0 in the vitamin D winter, above 1 in summer.
    pub fn relative_sun(&self, day: i64) -> f64 {
        let year = DAYS_PER_YEAR as i64;
        let day_of_year = (self.start_day_of_year() as i64 + day).rem_euclid(year);
        self.relative_sun[day_of_year as usize]
    }
}

/// Relative vitamin D synthesis in the skin on day `day_of_year` (0 = 1 January) at a latitude,
/// from 0 to 1: `(sin e − sin e0) / (1 − sin e0)` where `e` is the noon solar elevation and
/// `e0` [`SUN_ELEVATION_THRESHOLD_DEG`]; 0 when the sun stays lower. The solar declination is
/// `23.44° · sin(2π (day − 81) / 365)` (spring equinox on 22 March), so the southern hemisphere
/// gets its summer in January.
pub fn sun_weight(day_of_year: f64, latitude_deg: f64) -> f64 {
    let declination_deg =
        23.44 * (2.0 * std::f64::consts::PI * (day_of_year - 81.0) / DAYS_PER_YEAR as f64).sin();
    let elevation_deg = 90.0 - (latitude_deg - declination_deg).abs();
    let threshold = SUN_ELEVATION_THRESHOLD_DEG.to_radians().sin();
    ((elevation_deg.to_radians().sin() - threshold) / (1.0 - threshold)).max(0.0)
}

/// Day-to-day intake variation and slow biological drift (`[variation]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Variation {
    /// Day-to-day coefficient of variation of the vitamin D input (independent log-normal
    /// factors, mean 1, one per day).
    pub vitamin_d_day_cv: f64,
    /// Day-to-day coefficient of variation of the Mg intake.
    pub mg_day_cv: f64,
    /// Coefficient of variation of the slow within-person drift of both inputs (habits, time
    /// outdoors, weather, absorption): a log-normal factor following an Ornstein–Uhlenbeck
    /// process, one per substance.
    pub drift_cv: f64,
    /// Correlation time of that drift, days.
    pub drift_days: f64,
    /// Days over which the daily factors are averaged before they reach the simulator: each
    /// block of this many days gets the mean of its days (1: every day its own intake).
    pub resolution_days: usize,
}

/// Replicate trials (`[replicates]`): the same trial run again and again on new people.
#[derive(Debug, Clone, PartialEq)]
pub struct Replicates {
    /// Number of independent trials.
    pub trials: usize,
    /// Subjects in each trial.
    pub subjects: usize,
    /// How each trial assigns subjects to arms.
    pub design: Design,
}

/// Checks `[season]`.
pub(crate) fn season(c: &mut Checker, raw: Option<&S<RawSeason>>) -> Option<Season> {
    let r = raw?.get_ref();
    let month = match &r.start_month {
        Some(m) if (1..=12).contains(m.get_ref()) => *m.get_ref() as u32,
        Some(m) => {
            c.push(
                "season.start_month",
                m.span(),
                format!(
                    "{} is not a month; expected a whole number from 1 (January) to 12 (December)",
                    m.get_ref()
                ),
            );
            return None;
        }
        None => 1,
    };
    let latitude = c.optional_number(
        &r.latitude_deg,
        "season.latitude_deg",
        (
            -MAX_LATITUDE_DEG,
            MAX_LATITUDE_DEG,
            "degrees (north positive, e.g. 40)",
        ),
        40.0,
    );
    let share = c.optional_number(
        &r.sun_share,
        "season.sun_share",
        (
            0.0,
            1.0,
            "(share of the annual vitamin D input made in the skin)",
        ),
        0.5,
    );
    let share_sd = c.optional_number(
        &r.sun_share_sd,
        "season.sun_share_sd",
        (0.0, 0.5, "(between-subject SD of that share)"),
        0.15,
    );
    Some(Season::new(month, latitude?, share?, share_sd?))
}

/// Checks `[variation]`.
pub(crate) fn variation(c: &mut Checker, raw: Option<&S<RawVariation>>) -> Option<Variation> {
    let r = raw?.get_ref();
    let cv = "(coefficient of variation)";
    let vitamin_d = c.optional_number(
        &r.vitamin_d_day_cv,
        "variation.vitamin_d_day_cv",
        (0.0, 2.0, cv),
        0.0,
    );
    let mg = c.optional_number(&r.mg_day_cv, "variation.mg_day_cv", (0.0, 1.0, cv), 0.0);
    let drift = c.optional_number(&r.drift_cv, "variation.drift_cv", (0.0, 1.0, cv), 0.0);
    let days = c.optional_number(
        &r.drift_days,
        "variation.drift_days",
        (1.0, 365.0, "days"),
        30.0,
    );
    let resolution = match &r.resolution_days {
        Some(v) if (1..=28).contains(v.get_ref()) => Some(*v.get_ref() as usize),
        Some(v) => {
            c.push(
                "variation.resolution_days",
                v.span(),
                format!(
                    "{} is out of range; expected a whole number of days from 1 (each day its own intake) to 28",
                    v.get_ref()
                ),
            );
            None
        }
        None => Some(DEFAULT_RESOLUTION_DAYS),
    };
    Some(Variation {
        vitamin_d_day_cv: vitamin_d?,
        mg_day_cv: mg?,
        drift_cv: drift?,
        drift_days: days?,
        resolution_days: resolution?,
    })
}

/// Checks `[replicates]`. `subjects` is the scenario's cohort size (the default trial size) and
/// `ratio_sum` the sum of the arms' ratios (`None` when arms are given by count).
pub(crate) fn replicates(
    c: &mut Checker,
    raw: Option<&S<RawReplicates>>,
    subjects: Option<usize>,
    ratio_sum: Option<usize>,
) -> Option<Replicates> {
    let raw = raw?;
    let r = raw.get_ref();
    let whole = |c: &mut Checker, value: &Option<S<i64>>, path: &str, max: i64| match value {
        Some(v) if (1..=max).contains(v.get_ref()) => Some(Some(*v.get_ref() as usize)),
        Some(v) => {
            c.push(
                path,
                v.span(),
                format!(
                    "{} is out of range; expected a whole number from 1 to {max}",
                    v.get_ref()
                ),
            );
            None
        }
        None => Some(None),
    };
    let trials = whole(c, &r.trials, "replicates.trials", MAX_REPLICATE_TRIALS);
    let size = whole(
        c,
        &r.subjects,
        "replicates.subjects",
        MAX_REPLICATE_SUBJECTS,
    );
    let design = match &r.design {
        Some(d) => c.choice(
            d,
            "replicates.design",
            &[("parallel", true), ("counterfactual", false)],
        ),
        None => Some(true),
    };
    let design = match (design?, ratio_sum) {
        (false, _) => Design::Counterfactual,
        (true, Some(sum)) => Design::Parallel {
            block_size: 2 * sum,
            stratify: None,
        },
        (true, None) => {
            c.push(
                "replicates.design",
                r.design.as_ref().map_or(raw.span(), |d| d.span()),
                "replicate trials of another size allocate by the arms' ratios; give the arms ratio or fraction instead of count".into(),
            );
            return None;
        }
    };
    Some(Replicates {
        trials: trials?.unwrap_or(200),
        subjects: size?.or(subjects)?,
        design,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vitamin_d_winter_lengthens_with_latitude_and_follows_the_hemisphere() {
        let winter_days = |latitude: f64| {
            (0..DAYS_PER_YEAR)
                .filter(|d| sun_weight(*d as f64, latitude) == 0.0)
                .count()
        };
        // Boston (42° N): no synthesis from November to February (Webb et al. 1988), about
        // 120 days; further north, longer.
        let boston = winter_days(42.4);
        assert!((90..=150).contains(&boston), "{boston}");
        assert!(winter_days(53.5) > boston && winter_days(20.0) == 0);
        // Mid-July is summer in the north and winter in the south.
        assert!(sun_weight(196.0, 40.0) > 0.8 && sun_weight(196.0, -40.0) == 0.0);
    }

    #[test]
    fn relative_sun_averages_one_over_the_year_from_any_start() {
        for month in [1, 4, 10] {
            let season = Season::new(month, 36.0, 0.5, 0.1);
            let mean = (0..365).map(|d| season.relative_sun(d)).sum::<f64>() / 365.0;
            assert!((mean - 1.0).abs() < 1e-12, "{mean}");
            assert_eq!(season.relative_sun(-365), season.relative_sun(0));
        }
        assert_eq!(Season::new(10, 36.0, 0.5, 0.1).start_day_of_year(), 287);
    }
}

//! The commented starter scenario written by `mgate new`.

/// A starter scenario named `name`, or why the name cannot be used.
pub fn starter_scenario(name: &str) -> Result<String, String> {
    if !crate::scenario::is_valid_name(name) {
        return Err(format!(
            "`{name}` is not a valid scenario name; use 1 to 64 lower-case letters, digits, `_` or `-` (e.g. my_scenario)"
        ));
    }
    Ok(TEMPLATE.replace("{name}", name))
}

const TEMPLATE: &str = r#"# A starter scenario for mgate, written by `mgate new`.
# mgate is an illustrative toy model: not calibrated, not medical advice.
# Every key is documented in docs/scenario-format.md; check with `mgate validate {name}.toml`.

name = "{name}"                      # names the output folder: outputs/{name}/
title = "Vitamin D with and without magnesium"
description = """
What this scenario shows, in plain words, for whoever runs it next.
"""

[simulation]
duration_days = 84                  # 12 weeks
sample_every_days = 7               # weekly samples; day 0 and the last day are always sampled
seed = 1                            # every random draw follows from it

[population]
subjects = 1                        # `--subjects N` overrides
vitamin_d_input_iu_per_day = 1000   # diet + skin, IU/day (the reference subject has 2500)
mg_intake_mg_per_day = 250          # dietary magnesium, mg/day (the reference subject has 320)

# Model parameters can be overridden by name (`mgate explain` lists them all), e.g.
# [parameters]
# k_24a1 = 1.6

[[arms]]
name = "placebo"                    # an arm without regimens is a placebo arm

[[arms]]
name = "vitd"
label = "Vitamin D3 1,000 IU/day"
[[arms.regimens]]
substance = "vitamin_d3"            # vitamin_d3, vitamin_d2 or magnesium
amount = 1000                       # IU for vitamin D, mg of elemental Mg for magnesium
schedule = "daily"                  # once, daily, weekly, every (with interval_days) or days (with days = [...])

[[arms]]
name = "vitd_mag"
label = "Vitamin D3 1,000 IU/day + Mg 360 mg/day"
[[arms.regimens]]
substance = "vitamin_d3"
amount = 1000
schedule = "daily"
[[arms.regimens]]
substance = "magnesium"
amount = 360
form = "glycinate"                  # oxide, citrate, glycinate or chloride
schedule = "daily"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_validates_and_rejects_bad_names() {
        let text = starter_scenario("my_first").unwrap();
        let scenario = crate::scenario::parse(&text, "my_first.toml", &[]).unwrap();
        assert_eq!(scenario.name, "my_first");
        assert_eq!(scenario.arms.len(), 3);
        assert!(starter_scenario("My First").is_err());
        assert!(starter_scenario("").is_err());
    }
}

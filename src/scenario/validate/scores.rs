//! `[[score]]`: continuous scores simulated beside the marker.

use super::checks::{R, Validator, root};
use super::marker::MAX_BASELINE_GRID;
use crate::scenario::marker::{Direction, Resolution};
use crate::scenario::raw::RawScore;
use crate::scenario::score::{Score, ScoreBaseline};

impl Validator<'_> {
    pub fn scores(&self, raw: &[RawScore], marker: &str) -> R<Vec<Score>> {
        let mut scores: Vec<Score> = Vec::new();
        for (i, sc) in raw.iter().enumerate() {
            let path = root().key("score").index(i);
            let b = path.key("baseline");
            let rb = &sc.baseline;
            // Endpoints name the marker and the scores alike (`score = "..."`).
            self.new_name(&sc.name, &path.key("name"), "score", scores.iter().map(|o| o.name.as_str()))?;
            self.check(sc.name != marker, &path.key("name"), || {
                format!("`{marker}` already names the marker; give the score another name")
            })?;
            self.check(rb.mean.is_finite(), &b.key("mean"), || format!("expected a finite mean, found {}", rb.mean))?;
            self.positive(rb.sd, &b.key("sd"), "SD")?;
            self.check(rb.min.is_finite() && rb.max.is_finite() && rb.min < rb.max, &b.key("max"), || {
                format!("expected min < max, found [{}, {}]", rb.min, rb.max)
            })?;
            self.check(sc.change_sd.is_finite() && sc.change_sd >= 0.0, &path.key("change_sd"), || {
                format!("expected a non-negative SD of the change, found {}", sc.change_sd)
            })?;
            self.persistence(sc.persistence, &path.key("persistence"))?;
            self.check((-1.0..=1.0).contains(&sc.marker_correlation), &path.key("marker_correlation"), || {
                format!("expected a correlation in [-1, 1], found {}", sc.marker_correlation)
            })?;
            let (rb_corr, mc) = (sc.baseline_correlation, sc.marker_correlation);
            self.check((-1.0..=1.0).contains(&rb_corr), &path.key("baseline_correlation"), || {
                format!("expected a correlation in [-1, 1], found {rb_corr}")
            })?;
            self.check(rb_corr * rb_corr + mc * mc <= 1.0 + 1e-12, &path.key("baseline_correlation"), || {
                format!(
                    "baseline_correlation {rb_corr} and marker_correlation {mc} cannot both hold: the deviation shares its \
                     variance between the baseline, the marker and its own part, so their squares must sum to at most 1"
                )
            })?;
            let default = Resolution::default_for(rb.max.abs().max(rb.mean.abs()).max(1e-9));
            let resolution = self.resolution(sc.resolution, &path.key("resolution"), default)?;
            let step_key = if sc.resolution.is_some() { path.key("resolution") } else { b.clone() };
            self.on_grid(rb.min, &resolution, &b.key("min"), "the minimum")?;
            self.on_grid(rb.max, &resolution, &b.key("max"), "the maximum")?;
            let baseline = ScoreBaseline { mean: rb.mean, sd: rb.sd, min: rb.min, max: rb.max };
            let (lo, hi) = baseline.grid(&resolution);
            self.check(hi >= lo && hi - lo < MAX_BASELINE_GRID, &step_key, || {
                format!(
                    "[{}, {}] at step {} must hold between 1 and {MAX_BASELINE_GRID} reported values",
                    rb.min,
                    rb.max,
                    resolution.step()
                )
            })?;
            scores.push(Score {
                name: sc.name.clone(),
                direction: if sc.higher_is_better { Direction::Higher } else { Direction::Lower },
                baseline,
                change_sd: sc.change_sd,
                persistence: sc.persistence,
                resolution,
                marker_correlation: sc.marker_correlation,
                baseline_correlation: sc.baseline_correlation,
            });
        }
        Ok(scores)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_error, with};

    #[test]
    fn score_ranges() {
        assert_error(&with("name = \"ESSDAI\"", "name = \"platelets\""), "score[0].name", "already names the marker");
        assert_error(&with("sd = 4.3", "sd = 0.0"), "score[0].baseline.sd", "positive SD");
        assert_error(&with("min = 0.0, max = 123.0", "min = 10.0, max = 1.0"), "score[0].baseline.max", "min < max");
        assert_error(&with("change_sd = 4.0", "change_sd = -1.0"), "score[0].change_sd", "non-negative");
        assert_error(
            &with("change_sd = 4.0", "change_sd = 4.0\nbaseline_correlation = -1.5"),
            "score[0].baseline_correlation",
            "in [-1, 1]",
        );
        assert_error(
            &with("change_sd = 4.0", "change_sd = 4.0\nmarker_correlation = 0.8\nbaseline_correlation = 0.8"),
            "score[0].baseline_correlation",
            "squares must sum to at most 1",
        );
        assert_error(
            &with("change_sd = 4.0", "change_sd = 4.0\nmarker_correlation = 2.0"),
            "score[0].marker_correlation",
            "[-1, 1]",
        );
    }
}

//! A "world": the per-arm response rates a replicate is simulated under, as thresholds
//! on the latent score. The actual world uses the scenario's rates; null worlds give
//! every arm the control's rates (or the null rate) for type-I error.

use super::value::{Placement, ValueMap};
use trialsim_stats::special::normal_quantile;

/// One-minus-cumulative rates below this are treated as zero (the rest of the band is empty).
const EMPTY_BAND: f64 = 1e-9;

/// Latent-score thresholds of one arm at one post-baseline visit.
#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    /// `upper[k]`: a score above it is in level k or better; decreasing in k.
    pub lower: Vec<f64>,
    /// The median latent score within the NR band (where NR values centre on baseline).
    pub nr_median: f64,
    /// How each level's values are placed (NR last).
    pub placements: Vec<Placement>,
}

impl Bands {
    /// Bands from the rates of the levels, best first: the best level takes the top
    /// `rates[0]` of the standard normal, the next the following `rates[1]`, NR the rest.
    pub fn new(rates: &[f64], values: &ValueMap) -> Self {
        let mut cumulative = 0.0;
        let lower = rates
            .iter()
            .map(|r| {
                cumulative += r;
                let above = 1.0 - cumulative;
                if cumulative <= 0.0 {
                    f64::INFINITY
                } else if above <= EMPTY_BAND {
                    f64::NEG_INFINITY
                } else {
                    normal_quantile(above)
                }
            })
            .collect::<Vec<_>>();
        let nr = 1.0 - cumulative;
        let nr_median = if nr <= EMPTY_BAND { f64::NEG_INFINITY } else { normal_quantile(nr / 2.0) };
        let mut bands = Bands { lower, nr_median, placements: Vec::new() };
        bands.placements =
            (0..=rates.len()).map(|k| values.placement(k, rates.len(), bands.band(k), nr_median)).collect();
        bands
    }

    /// The level (index; `lower.len()` for NR) of a latent score.
    #[inline]
    pub fn level(&self, z: f64) -> usize {
        // The thresholds decrease, so the level is the number of them at or above z
        // (counted without a branch).
        self.lower.iter().map(|&t| (z <= t) as usize).sum()
    }

    /// The band `(low, high]` of level k (NR: k = number of levels).
    #[inline]
    pub fn band(&self, k: usize) -> (f64, f64) {
        let high = if k == 0 { f64::INFINITY } else { self.lower[k - 1] };
        let low = self.lower.get(k).copied().unwrap_or(f64::NEG_INFINITY);
        (low, high)
    }
}

/// The bands of every arm at every post-baseline visit, and the scores' mean changes.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    /// `arms[a][j]`.
    pub arms: Vec<Vec<Bands>>,
    /// `changes[a][score][j]`.
    pub changes: Vec<Vec<Vec<f64>>>,
    /// `events[a][k]`: probability of event k by its horizon.
    pub events: Vec<Vec<f64>>,
    /// `subarms[r][s]`: probability of the event after second randomisation r in sub-arm s.
    pub subarms: Vec<Vec<f64>>,
    /// `shapes[a][k]`: the Weibull shape of event k's time in arm a (empty: every arm
    /// takes the event's own shape).
    pub shapes: Vec<Vec<f64>>,
    /// `rescue_arms[r][a]`: does arm a give rescue r?
    pub rescue_arms: Vec<Vec<bool>>,
}

impl World {
    /// This world with the sub-arms' event probabilities of second randomisations.
    pub fn with_subarms(mut self, subarms: Vec<Vec<f64>>) -> Self {
        self.subarms = subarms;
        self
    }

    /// This world with the arms that give each rescue.
    pub fn with_rescue_arms(mut self, rescue_arms: Vec<Vec<bool>>) -> Self {
        self.rescue_arms = rescue_arms;
        self
    }

    /// This world with each arm's Weibull shapes of the events.
    pub fn with_shapes(mut self, shapes: Vec<Vec<f64>>) -> Self {
        self.shapes = shapes;
        self
    }

    /// A world from `rates[a][level][j]`, `changes[a][score][j]` and `events[a][k]`, its
    /// values placed by `values`.
    pub fn new(rates: &[Vec<Vec<f64>>], changes: &[Vec<Vec<f64>>], events: &[Vec<f64>], values: &ValueMap) -> Self {
        let arms = rates
            .iter()
            .map(|arm| {
                let visits = arm.first().map_or(0, |r| r.len());
                (0..visits).map(|j| Bands::new(&arm.iter().map(|r| r[j]).collect::<Vec<_>>(), values)).collect()
            })
            .collect();
        World {
            arms,
            changes: changes.to_vec(),
            events: events.to_vec(),
            subarms: Vec::new(),
            shapes: Vec::new(),
            rescue_arms: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Resolution;
    use trialsim_stats::special::normal_cdf;

    fn values() -> ValueMap {
        ValueMap::new(Resolution::new(1.0), 1, 0.5)
    }

    #[test]
    fn bands_carry_the_rates() {
        let b = Bands::new(&[0.3, 0.25], &values());
        assert!((1.0 - normal_cdf(b.lower[0]) - 0.3).abs() < 1e-12);
        assert!((normal_cdf(b.lower[0]) - normal_cdf(b.lower[1]) - 0.25).abs() < 1e-12);
        assert!((normal_cdf(b.nr_median) - 0.45 / 2.0).abs() < 1e-12);
        assert_eq!(b.level(10.0), 0);
        assert_eq!(b.level(-10.0), 2);
    }

    #[test]
    fn empty_and_full_bands() {
        let b = Bands::new(&[0.0, 1.0], &values());
        assert_eq!(b.lower[0], f64::INFINITY);
        assert_eq!(b.lower[1], f64::NEG_INFINITY);
        assert_eq!(b.level(-40.0), 1);
    }

    /// The hot path and the direct formula agree on every level, band and score.
    #[test]
    fn place_equals_goodness() {
        for sign in [1i64, -1] {
            for step in [1.0, 0.1, 0.5, 2.0] {
                let map = ValueMap::new(Resolution::new(step), sign, 0.45);
                for rates in [[0.3, 0.25], [0.0, 0.6], [0.55, 0.45], [0.2, 0.0]] {
                    let bands = Bands::new(&rates, &map);
                    for k in 0..=2 {
                        let placement = bands.placements[k];
                        let (nr, best) = (k == 2, k == 0);
                        let (low, high) = bands.band(k);
                        let baseline = if sign > 0 { 130.0 * step } else { 300.0 * step };
                        let regions = if sign > 0 {
                            [(1000, 10_000), (500, 999), (0, 499)]
                        } else {
                            [(-20, -1), (-60, -21), (-5000, -61)]
                        };
                        let anchor = map.anchors(&regions, baseline)[k];
                        let edge = anchor.edge;
                        let mut differ = 0;
                        for i in 0..20_000 {
                            let z = -6.0 + 12.0 * i as f64 / 20_000.0;
                            if !(z > low && z <= high) {
                                continue;
                            }
                            let direct =
                                map.goodness(best, nr, anchor.region, edge, (low, high), z, baseline, bands.nr_median);
                            let fast = if placement.general { direct } else { map.place(&placement, &anchor, z) };
                            assert!((direct - fast).abs() <= 1, "{sign} {step} {rates:?} {k} {z}");
                            differ += (direct != fast) as usize;
                        }
                        // Only a value within rounding of a half-step may differ.
                        assert!(differ <= 2, "{sign} {step} {rates:?} {k}: {differ}");
                    }
                }
            }
        }
    }
}

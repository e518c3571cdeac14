//! The grid of a sweep: every combination of the axes' values, the first axis varying
//! slowest; a shard takes every n-th point.

use crate::error::{AxisError, Result};
use crate::evaluation::{RunSettings, Shard};
use crate::scenario::{Axis, Scenario};

/// Most points a grid may have.
pub const MAX_POINTS: u64 = 1_000_000;

/// One point of a grid: its index in the whole grid and the value of each axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub index: usize,
    pub values: Vec<f64>,
}

/// The points a sweep runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub axes: Vec<Axis>,
    /// The points of this run (of its shard), in grid order.
    pub points: Vec<Point>,
}

impl Grid {
    /// The grid of the scenario's `[[sweep]]` axes followed by `extra` axes; with a shard,
    /// only the points `i` with `i % count == index - 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::path::Path;
    /// use trialsim::scenario::{Axis, Scenario};
    /// use trialsim::sweep::Grid;
    /// let s = Scenario::load(Path::new("scenarios/NCT05694130.toml")).unwrap();
    /// let axes = vec![Axis::parse("trial.sample_size=80,100").unwrap(), Axis::parse("arm[*].dropout=0,0.1,0.2").unwrap()];
    /// let grid = Grid::new(&s, axes, None).unwrap();
    /// assert_eq!(grid.points.len(), 6);
    /// assert_eq!(grid.points[1].values, vec![80.0, 0.1]);
    /// assert_eq!(grid.points[3].values, vec![100.0, 0.0]);
    /// ```
    pub fn new(s: &Scenario, extra: Vec<Axis>, shard: Option<Shard>) -> Result<Grid> {
        let axes: Vec<Axis> = s.sweep.iter().cloned().chain(extra).collect();
        if axes.is_empty() {
            return Err(AxisError::None.into());
        }
        let count = axes.iter().try_fold(1u64, |p, a| p.checked_mul(a.values.len() as u64));
        if count.is_none_or(|c| c > MAX_POINTS) {
            let points = axes.iter().map(|a| a.values.len().to_string()).collect::<Vec<_>>().join(" x ");
            return Err(AxisError::TooManyPoints { points, limit: MAX_POINTS }.into());
        }
        let mut all = vec![Vec::new()];
        for axis in &axes {
            all = all
                .into_iter()
                .flat_map(|prefix: Vec<f64>| {
                    axis.values.iter().map(move |&v| {
                        let mut p = prefix.clone();
                        p.push(v);
                        p
                    })
                })
                .collect();
        }
        let points = all
            .into_iter()
            .enumerate()
            .filter(|(i, _)| shard.is_none_or(|shard| shard.has(*i as u64)))
            .map(|(index, values)| Point { index, values })
            .collect();
        Ok(Grid { axes, points })
    }

    /// The fingerprint of a sweep of this grid over `s` with `settings`, written in `format`
    /// (the same for every shard of the sweep, so that shards' rows concatenate into the
    /// whole sweep's): its rows carry it, so that a file is only resumed by the sweep that
    /// wrote it.
    pub fn fingerprint(&self, s: &Scenario, settings: &RunSettings, format: &str) -> String {
        let mut f = s
            .origin
            .fingerprint()
            .with(&settings.seed.to_le_bytes())
            .with(&settings.replicates.to_le_bytes())
            .with(&[settings.skip_type1 as u8])
            .with(format.as_bytes());
        for axis in &self.axes {
            f = f.with(axis.path.text.as_bytes());
            for v in &axis.values {
                f = f.with(&v.to_le_bytes());
            }
        }
        f.hex()
    }

    /// The scenario of every point, each validated (an invalid point is an error at its key
    /// in the scenario file).
    pub fn scenarios(&self, s: &Scenario) -> Result<Vec<Scenario>> {
        self.points.iter().map(|p| s.at(&self.axes, &p.values)).collect()
    }
}

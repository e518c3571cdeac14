//! Rescue in a simulated trial: when each patient is rescued (the first visit after a
//! triggering visit, or after a triggering event), and the rescue's own effect on the
//! visits after it: the marker's levels and values placed from the rescue's rates on the
//! patient's same latent scores (so persistence carries over), and the scores' mean
//! changes taken from the rescue's (both applied in `trial`). No random number is drawn: a
//! scenario without `[[rescue]]` simulates exactly as before.

use super::world::Bands;
use crate::scenario::{Direction, Rescue, Trigger};

/// A rescue as the simulation uses it.
#[derive(Debug, Clone)]
pub struct RescueModel {
    pub trigger: Trigger,
    /// Per post-baseline visit, the bands of the rescue's rates (`None`: the arm's).
    pub bands: Option<Vec<Bands>>,
    /// `changes[score][j]` after rescue (`None`: the arm's).
    pub changes: Option<Vec<Vec<f64>>>,
    /// What the trigger reads: the marker's direction and the post-baseline weeks.
    direction: Direction,
    weeks: Vec<f64>,
}

impl RescueModel {
    pub fn new(r: &Rescue, values: &super::value::ValueMap, direction: Direction, weeks: Vec<f64>) -> Self {
        let bands = r.rates.as_ref().map(|rates| {
            let visits = rates.first().map_or(0, |l| l.len());
            (0..visits).map(|j| Bands::new(&rates.iter().map(|l| l[j]).collect::<Vec<_>>(), values)).collect()
        });
        RescueModel { trigger: r.trigger.clone(), bands, changes: r.changes.clone(), direction, weeks }
    }

    /// Does the marker's value rule need the reported values?
    pub fn reads_values(&self) -> bool {
        matches!(self.trigger, Trigger::Value { .. })
    }

    /// The first post-baseline visit after this rescue's trigger for one patient (the
    /// number of visits if none): `levels` are the patient's levels by visit, `seen` the
    /// visits before dropout, `value(j)` the marker's reported value at visit j (read only
    /// by a value rule), `event(k)` the time of event k if observed.
    pub fn first_rescued_visit(
        &self,
        levels: &[u8],
        seen: usize,
        baseline: f64,
        value: impl Fn(usize) -> f64,
        event: impl Fn(usize) -> Option<f64>,
    ) -> usize {
        let visits = self.weeks.len();
        match &self.trigger {
            Trigger::Levels { levels: trigger, from } => {
                (*from..seen).find(|&j| trigger.contains(&(levels[j] as usize))).map_or(visits, |j| j + 1)
            }
            Trigger::Value { below, above, worse_by, from } => (*from..seen)
                .find(|&j| {
                    let v = value(j);
                    below.is_some_and(|b| v < b)
                        || above.is_some_and(|a| v > a)
                        || worse_by.is_some_and(|d| match self.direction {
                            Direction::Higher => baseline - v >= d,
                            Direction::Lower => v - baseline >= d,
                        })
                })
                .map_or(visits, |j| j + 1),
            Trigger::Event { event: k } => match event(*k) {
                Some(t) => self.weeks.iter().position(|&w| w > t).unwrap_or(visits),
                None => visits,
            },
        }
    }
}

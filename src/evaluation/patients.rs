//! The patients of one replicate, visit by visit: exactly the data a run with that seed
//! used (what `trialsim export` writes and the report's trajectories draw).

use crate::model::{MISSING, Model, TrialBuffer, stream, trial};
use crate::scenario::Scenario;
use crate::scenario::level::classify;

/// One patient of a simulated trial.
#[derive(Debug, Clone, PartialEq)]
pub struct Patient {
    /// The arm's index in the scenario.
    pub arm: usize,
    /// 1-based across the trial, arm after arm in enrolment order (unique in the trial).
    pub number: usize,
    /// The calendar week of entry (0 without `[accrual]`).
    pub entry_week: f64,
    /// The reported baseline value of the marker and the level it would count as.
    pub baseline: f64,
    pub baseline_level: usize,
    /// The reported baseline of each score.
    pub score_baselines: Vec<f64>,
    /// One per post-baseline visit.
    pub visits: Vec<PatientVisit>,
    /// One per `[[event]]`: the follow-up time in weeks (event, dropout or horizon,
    /// whichever comes first) and whether it ended with the event, as the analysis reads
    /// them.
    pub events: Vec<(f64, bool)>,
    /// One per `[[rerandomisation]]`: the sub-arm's index, the follow-up time in weeks
    /// after the second randomisation and whether it ended with the event; `None` for a
    /// patient not randomised again.
    pub rerandomised: Vec<Option<(usize, f64, bool)>>,
}

/// A patient at a post-baseline visit: nothing after dropout.
#[derive(Debug, Clone, PartialEq)]
pub struct PatientVisit {
    /// The marker's value and its level (the number of levels for NR).
    pub value: Option<(f64, usize)>,
    /// Each score's value.
    pub scores: Vec<Option<f64>>,
}

/// Replicate `replicate` under `seed` as the engine simulates it (with the marker's values).
pub fn trial(s: &Scenario, seed: u64, replicate: u64) -> TrialBuffer {
    let model = Model::new(s);
    let mut buf = TrialBuffer::new(&model);
    trial::simulate(&model, &model.actual, &mut stream::generator(seed), replicate, &mut buf);
    buf
}

/// Every patient of replicate `replicate` under `seed`, arm after arm.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use trialsim::Scenario;
/// use trialsim::evaluation::patients::patients;
/// let s = Scenario::load(Path::new("scenarios/retrospective-cohort.toml")).unwrap();
/// let p = patients(&s, 1, 0);
/// assert_eq!(p.len(), 23);
/// assert_eq!(p[0].visits.len(), 4);
/// assert_eq!(p, patients(&s, 1, 0));
/// ```
pub fn patients(s: &Scenario, seed: u64, replicate: u64) -> Vec<Patient> {
    let model = Model::new(s);
    let buf = trial(s, seed, replicate);
    let visits = model.visits();
    let mut out = Vec::with_capacity(model.patients());
    for a in 0..s.arms.len() {
        for p in buf.arm_start[a]..buf.arm_start[a + 1] {
            let baseline = buf.baseline[p];
            out.push(Patient {
                arm: a,
                number: p + 1,
                entry_week: buf.entry[p],
                baseline,
                baseline_level: classify(&s.levels, baseline, baseline),
                score_baselines: buf.score_baseline.iter().map(|b| b[p]).collect(),
                visits: (0..visits)
                    .map(|j| {
                        let cell = p * visits + j;
                        let level = buf.level[cell];
                        PatientVisit {
                            value: (level != MISSING).then(|| (buf.value(cell), level as usize)),
                            scores: buf.score_values.iter().map(|v| Some(v[cell]).filter(|x| !x.is_nan())).collect(),
                        }
                    })
                    .collect(),
                events: buf.event_time.iter().zip(&buf.event).map(|(t, e)| (t[p], e[p])).collect(),
                rerandomised: (0..s.rerandomisations.len())
                    .map(|r| {
                        let sub = buf.sub_arm[r][p];
                        (sub != u8::MAX).then(|| (sub as usize, buf.sub_time[r][p], buf.sub_event[r][p]))
                    })
                    .collect(),
            });
        }
    }
    out
}

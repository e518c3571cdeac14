//! The model of a scenario: everything the simulation needs that depends only on the
//! scenario, computed once.

use super::accrual::AccrualModel;
use super::baseline::BaselineSampler;
use super::rescue::RescueModel;
use super::score::ScoreModel;
use super::value::{Anchor, ValueMap};
use super::world::World;
use crate::scenario::Scenario;
use crate::scenario::event::EventDropout;
use crate::scenario::level::regions;

/// Everything about the response model that depends only on the scenario, computed once.
#[derive(Debug, Clone)]
pub struct Model {
    pub arm_sizes: Vec<u32>,
    pub levels: usize,
    pub persistence: f64,
    /// `sqrt(1 - persistence^2)`.
    pub innovation: f64,
    /// With a patient-level component `w > 0`: `(sqrt(w), sqrt(1 - w))`, the weights of the
    /// patient's own normal and of the AR(1) in the latent score.
    pub patient: Option<(f64, f64)>,
    pub baseline: BaselineSampler,
    /// `anchors[i * (levels + 1) + k]`: interval and anchor values of level k (NR last)
    /// for the i-th reported baseline value.
    pub anchors: Vec<Anchor>,
    pub values: ValueMap,
    /// `survival[a][j]`: probability that a patient of arm a is still in the trial at
    /// post-baseline visit j, `(1 - dropout)^(week / last_week)`.
    pub survival: Vec<Vec<f64>>,
    /// The scenario's rates and mean changes as a world.
    pub actual: World,
    /// The scores simulated beside the marker.
    pub scores: Vec<ScoreModel>,
    /// Per event: horizon (weeks), Weibull shape, and the factor on the dropout time that
    /// censors its follow-up (1, or `horizon / last_week` when the arms' dropout
    /// probabilities count to the event's horizon).
    pub events: Vec<(f64, f64, f64)>,
    /// Per arm: the dropout hazard per week, `-ln(1 - dropout) / last_week`.
    pub dropout_hazard: Vec<f64>,
    /// Per arm: informative dropout, the log hazard ratio per SD of the latent score below
    /// its mean (0: completely at random).
    pub informative_dropout: Vec<f64>,
    /// Second randomisations: arm, week, event, sub-arm weights.
    pub rerandomisations: Vec<(usize, f64, usize, Vec<f64>)>,
    /// When patients enter (none: all at week 0).
    pub accrual: Option<AccrualModel>,
    /// Rescue therapies.
    pub rescues: Vec<RescueModel>,
    /// The post-baseline weeks.
    pub weeks: Vec<f64>,
}

impl Model {
    pub fn new(s: &Scenario) -> Self {
        let m = &s.marker;
        let baseline = BaselineSampler::new(&m.baseline, &m.resolution);
        let values = ValueMap::new(m.resolution, m.direction.sign(), m.baseline.log_sd);
        let mut anchors = Vec::with_capacity(baseline.len() * (s.levels.len() + 1));
        let mut out = Vec::new();
        for i in 0..baseline.len() {
            let value = m.resolution.value(baseline.first + i as i64);
            regions(&s.levels, m.direction, &m.resolution, value, &mut out);
            anchors.extend(values.anchors(&out, value));
        }
        let last = s.last_week() as f64;
        let survival = s
            .arms
            .iter()
            .map(|a| s.post_baseline_weeks().iter().map(|&w| (1.0 - a.dropout).powf(w as f64 / last)).collect())
            .collect();
        Model {
            arm_sizes: s.arms.iter().map(|a| a.n).collect(),
            levels: s.levels.len(),
            persistence: m.persistence,
            innovation: (1.0 - m.persistence * m.persistence).sqrt(),
            patient: (m.patient_share > 0.0).then(|| (m.patient_share.sqrt(), (1.0 - m.patient_share).sqrt())),
            baseline,
            anchors,
            values,
            survival,
            actual: World::new(
                &s.arms.iter().map(|a| a.rates.clone()).collect::<Vec<_>>(),
                &s.arms.iter().map(|a| a.changes.clone()).collect::<Vec<_>>(),
                &s.arms.iter().map(|a| a.events.clone()).collect::<Vec<_>>(),
                &values,
            )
            .with_subarms(
                s.rerandomisations.iter().map(|r| r.subarms.iter().map(|x| x.probability).collect()).collect(),
            )
            .with_shapes(s.arms.iter().map(|a| a.shapes.clone()).collect())
            .with_rescue_arms(s.rescues.iter().map(|r| r.arms.clone()).collect()),
            scores: s
                .scores
                .iter()
                .enumerate()
                .map(|(k, sc)| ScoreModel::new(sc, s.arms.iter().map(|a| a.change_sd[k]).collect()))
                .collect(),
            events: s
                .events
                .iter()
                .map(|e| {
                    let censor_scale = match e.dropout {
                        EventDropout::LastVisit => 1.0,
                        EventDropout::Horizon => e.horizon as f64 / last,
                    };
                    (e.horizon as f64, e.shape, censor_scale)
                })
                .collect(),
            dropout_hazard: s.arms.iter().map(|a| -(-a.dropout).ln_1p() / last).collect(),
            informative_dropout: s.arms.iter().map(|a| a.informative_dropout).collect(),
            rerandomisations: s
                .rerandomisations
                .iter()
                .map(|r| (r.arm, r.week as f64, r.event, r.subarms.iter().map(|x| x.allocation).collect()))
                .collect(),
            accrual: s.accrual.as_ref().map(|a| {
                let sizes: Vec<u32> = s.arms.iter().map(|a| a.n).collect();
                AccrualModel::new(a, &sizes, &s.arms.iter().map(|a| a.allocation).collect::<Vec<_>>())
            }),
            rescues: s
                .rescues
                .iter()
                .map(|r| {
                    let weeks = s.post_baseline_weeks().iter().map(|&w| w as f64).collect();
                    RescueModel::new(r, &values, m.direction, weeks)
                })
                .collect(),
            weeks: s.post_baseline_weeks().iter().map(|&w| w as f64).collect(),
        }
    }

    /// Number of post-baseline visits.
    pub fn visits(&self) -> usize {
        self.survival.first().map_or(0, |s| s.len())
    }

    /// Total patients.
    pub fn patients(&self) -> usize {
        self.arm_sizes.iter().map(|&n| n as usize).sum()
    }
}

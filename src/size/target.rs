//! What a sample-size search sizes for: the power of one comparison or of each compared
//! arm (`per-arm`), of rejecting at least one (`any`) or every one (`all`) of an endpoint's
//! comparisons (after the family's adjustment when they are its members), or the
//! family-adjusted power of one hypothesis (`family`), or the power of the group-sequential
//! design that monitors the endpoint (`sequential`: a rejection at any look).

use crate::analysis::sequential::Monitor;
use crate::error::{Result, SearchError};
use crate::evaluation::exact_scenario::{exact_evaluations, exact_joint, exact_joint_evaluations, exact_power};
use crate::evaluation::plan::Plan;
use crate::evaluation::result::Evaluation;
use crate::evaluation::sequential;
use crate::model::Model;
use crate::scenario::Scenario;
use serde::Serialize;
use trialsim_stats::{Estimate, MultiplicityMethod};

/// The power a search reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SizeTarget {
    /// Each compared arm's comparison (or the one `--arm` names) reaches the target.
    #[default]
    PerArm,
    /// At least one of the endpoint's comparisons rejects.
    Any,
    /// Every one of the endpoint's comparisons rejects.
    All,
    /// The family-adjusted power of one hypothesis.
    Family,
    /// The power of the endpoint's group-sequential design (a rejection at any look).
    Sequential,
}

impl SizeTarget {
    pub const NAMES: [&'static str; 5] = ["per-arm", "any", "all", "family", "sequential"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(text: &str) -> Option<SizeTarget> {
        [SizeTarget::PerArm, SizeTarget::Any, SizeTarget::All, SizeTarget::Family, SizeTarget::Sequential]
            .into_iter()
            .find(|t| t.as_str() == text)
    }
}

/// A target resolved on a scenario: the endpoint's entries it reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub target: SizeTarget,
    pub endpoint: usize,
    /// The endpoint's entries (indices among a run's entries), and the one `--arm` names.
    pub entries: Vec<usize>,
    pub named: Option<usize>,
}

impl Criterion {
    /// Resolve `target` on endpoint `endpoint` of `s`, with `arm` naming one compared arm.
    pub fn new(s: &Scenario, endpoint: usize, target: SizeTarget, arm: Option<&str>) -> Result<Criterion> {
        let first = s.first_entry(endpoint);
        let arms = s.entry_arms(endpoint);
        let entries: Vec<usize> = (first..first + arms.len()).collect();
        let named = match arm {
            None => None,
            Some(_) if s.endpoints[endpoint].test.is_trend() => {
                return Err(SearchError::ArmOfTrend { endpoint: s.endpoints[endpoint].name.clone() }.into());
            }
            Some(name) => {
                let position = arms.iter().position(|&a| s.arms[a].name == name).ok_or_else(|| {
                    let names: Vec<&str> = arms.iter().map(|&a| s.arms[a].name.as_str()).collect();
                    SearchError::UnknownArm { name: name.into(), expected: names.join(", ") }
                })?;
                Some(entries[position])
            }
        };
        if target == SizeTarget::Family {
            let in_family = s.multiplicity.as_ref().is_some_and(|m| m.endpoints.contains(&endpoint));
            if !in_family {
                return Err(SearchError::NotInFamily { endpoint: s.endpoints[endpoint].name.clone() }.into());
            }
            if named.is_none() && entries.len() > 1 {
                return Err(SearchError::NameTheHypothesis.into());
            }
        }
        if target == SizeTarget::Sequential && s.sequential.as_ref().is_none_or(|(_, r)| r.endpoint != endpoint) {
            return Err(SearchError::NotMonitored { endpoint: s.endpoints[endpoint].name.clone() }.into());
        }
        if named.is_some() && matches!(target, SizeTarget::Any | SizeTarget::All | SizeTarget::Sequential) {
            return Err(SearchError::ArmWithJointTarget { target: target.as_str() }.into());
        }
        Ok(Criterion { target, endpoint, entries, named })
    }

    /// The entries whose own power counts (`per-arm` and `family`).
    fn counted(&self) -> Vec<usize> {
        self.named.map_or_else(|| self.entries.clone(), |i| vec![i])
    }

    /// The simulated power a run reaches: the smallest of the counted comparisons' powers
    /// (`per-arm`), the endpoint's joint rejection (`any`, `all`), or the adjusted power.
    pub fn simulated(&self, e: &Evaluation) -> Estimate {
        let joint = || e.arms_jointly.iter().find(|j| j.endpoint == e.endpoints[self.entries[0]].name);
        match self.target {
            SizeTarget::PerArm => smallest(self.counted().iter().map(|&i| e.endpoints[i].power)),
            SizeTarget::Any => joint().map_or(e.endpoints[self.entries[0]].power, |j| j.reject_any),
            SizeTarget::All => joint().map_or(e.endpoints[self.entries[0]].power, |j| j.reject_all),
            SizeTarget::Family => smallest(self.counted().iter().filter_map(|&i| e.endpoints[i].adjusted_power)),
            SizeTarget::Sequential => e.sequential.as_ref().map_or(Estimate::share(0, 0), |g| g.power),
        }
    }

    /// The exact value of the same measure in that run, where computable.
    pub fn exact(&self, e: &Evaluation) -> Option<f64> {
        let joint = || e.arms_jointly.iter().find(|j| j.endpoint == e.endpoints[self.entries[0]].name);
        match self.target {
            SizeTarget::PerArm => least(self.counted().iter().map(|&i| e.endpoints[i].exact_power)),
            SizeTarget::Any if self.entries.len() > 1 => joint()?.exact_reject_any,
            SizeTarget::All if self.entries.len() > 1 => joint()?.exact_reject_all,
            SizeTarget::Any | SizeTarget::All => e.endpoints[self.entries[0]].exact_power,
            SizeTarget::Family => least(self.counted().iter().map(|&i| e.endpoints[i].exact_adjusted_power)),
            SizeTarget::Sequential => e.sequential.as_ref()?.exact_power,
        }
    }

    /// The exact value at `s` without simulating (what the exact scan enumerates).
    pub fn exact_at(&self, s: &Scenario) -> Option<f64> {
        if self.target == SizeTarget::Sequential {
            return sequential::exact(s, &Monitor::new(s)?).map(|x| x.power);
        }
        if self.target == SizeTarget::PerArm || self.entries.len() == 1 && self.target != SizeTarget::Family {
            let counted = if self.target == SizeTarget::PerArm { self.counted() } else { self.entries.clone() };
            return least(counted.iter().map(|&i| exact_power(s, i)));
        }
        let model = Model::new(s);
        let plan = Plan::new(s, &model, true);
        let all = |m: usize| (1u64 << m.min(63)) - 1;
        match (self.target, &plan.family) {
            (SizeTarget::Family, Some(f)) => {
                let joint = exact_joint(s, &model, &plan, &f.members, f.method, f.alpha, 0, all(f.members.len()))?;
                least(self.counted().iter().map(|i| f.members.iter().position(|m| m == i).map(|k| joint.each[k])))
            }
            (SizeTarget::Family, None) => None,
            _ => {
                let family = plan.family.as_ref().filter(|f| self.entries.iter().any(|i| f.members.contains(i)));
                let (method, alpha) = match family {
                    Some(f) if f.members != self.entries => return None,
                    Some(f) => (f.method, f.alpha),
                    None => (MultiplicityMethod::None, s.endpoints[self.endpoint].alpha),
                };
                let joint = exact_joint(s, &model, &plan, &self.entries, method, alpha, 0, all(self.entries.len()))?;
                Some(if self.target == SizeTarget::Any { joint.any } else { joint.all })
            }
        }
    }

    /// How much work [`exact_at`](Self::exact_at) takes, in test evaluations; `None` where
    /// nothing is enumerable.
    pub fn exact_work(&self, s: &Scenario) -> Option<u64> {
        match self.target {
            // Per look, the table of both arms' counts convolved with each arm's new patients.
            SizeTarget::Sequential => {
                let m = Monitor::new(s)?;
                sequential::exact(s, &m)?;
                let a = s.arms[m.arms[0]].n as u64 + 1;
                match m.control {
                    Some(c) => {
                        let c = s.arms[c].n as u64 + 1;
                        Some(m.looks.len() as u64 * a * c * (a + c))
                    }
                    // One count carried and convolved with the new patients.
                    None => Some(m.looks.len() as u64 * a * a),
                }
            }
            SizeTarget::PerArm => self.counted().iter().map(|&i| exact_evaluations(s, i)).sum(),
            _ if self.entries.len() == 1 && self.target != SizeTarget::Family => exact_evaluations(s, self.entries[0]),
            _ => exact_joint_evaluations(s, self.endpoint).map(|w| w.saturating_mul(self.entries.len() as u64)),
        }
    }

    /// What the answer names: the arm `--arm` names, or the target over several arms.
    pub fn label(&self, s: &Scenario) -> String {
        let arms = s.entry_arms(self.endpoint);
        match (self.named, self.target) {
            (Some(i), _) => s.arms[arms[i - self.entries[0]]].name.clone(),
            (None, SizeTarget::PerArm) if self.entries.len() == 1 => match s.endpoints[self.endpoint].test.is_trend() {
                true => "trend".into(),
                false => s.arms[arms[0]].name.clone(),
            },
            (None, SizeTarget::PerArm) => "each compared arm".into(),
            (None, SizeTarget::Any) => "any compared arm".into(),
            (None, SizeTarget::All) => "all compared arms".into(),
            (None, SizeTarget::Family) => s.arms[arms[0]].name.clone(),
            (None, SizeTarget::Sequential) => format!("{} (group-sequential)", s.arms[arms[0]].name),
        }
    }
}

/// The smallest estimate (the one whose point is least).
fn smallest(estimates: impl Iterator<Item = Estimate>) -> Estimate {
    estimates.min_by(|a, b| a.estimate.total_cmp(&b.estimate)).unwrap_or(Estimate::share(0, 0))
}

/// The least of values all known; `None` if one is not.
fn least(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    values.collect::<Option<Vec<f64>>>()?.into_iter().min_by(f64::total_cmp)
}

//! The table's section on time-to-event comparisons: events per group and the Cox hazard
//! ratio with its interval's coverage of the truth.

use super::text::{columns, interval, share};
use crate::evaluation::Evaluation;

/// The section, empty without time-to-event endpoints.
pub fn hazard_lines(e: &Evaluation) -> String {
    let tte: Vec<_> = e.endpoints.iter().filter(|r| r.hazard_ratio.is_some() || r.events.is_some()).collect();
    if tte.is_empty() {
        return String::new();
    }
    let mut rows = vec![
        ["Endpoint", "Arm", " Events (arm, control, all)", " True HR", " Mean HR", " Coverage", "95% CI"]
            .map(String::from)
            .to_vec(),
    ];
    for r in tte {
        let mean =
            |s: Option<&trialsim_stats::Summary>| s.map_or("-".to_string(), |s| format!("{:.1}", s.mean.estimate));
        let events = format!(
            "{}, {}, {}",
            mean(r.arms.first().and_then(|a| a.events.as_ref())),
            mean(r.arms.get(1).and_then(|a| a.events.as_ref())),
            mean(r.events.as_ref())
        );
        let (truth, estimate, coverage, ci) = match &r.hazard_ratio {
            Some(h) => (
                h.true_value.map_or("not constant".into(), |x| format!("{x:.4}")),
                format!("{:.4}", h.log_hazard_ratio.mean.estimate.exp()),
                h.coverage.map_or("-".into(), |c| share(c.estimate)),
                h.coverage.map_or("-".into(), |c| interval(c.ci)),
            ),
            None => ("-".into(), "-".into(), "-".into(), "-".into()),
        };
        rows.push(vec![r.name.clone(), r.arm.clone(), events, truth, estimate, coverage, ci]);
    }
    let mut out = String::from("Time to event: mean events per replicate, and Cox's hazard ratio\n");
    out.push_str(&columns(&rows));
    out.push_str(
        "  Mean HR: exp of the mean estimated log hazard ratio (Cox partial likelihood); Coverage: of the true HR by its 95% Wald interval on the log scale.\n\n",
    );
    out
}

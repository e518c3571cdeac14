//! `trialsim check`: the design as validated, without simulating.

use crate::scenario::{Combine, Direction, EndpointKind, LevelRule, LevelTime, Relative, Scenario};
use std::fmt::Write;
use trialsim_stats::Alternative;

/// A human-readable summary of a validated scenario.
pub fn describe(s: &Scenario) -> String {
    let mut out = String::new();
    let m = &s.marker;
    let _ = writeln!(out, "{}{}", s.name, s.title.as_deref().map(|t| format!(": {t}")).unwrap_or_default());
    let _ = writeln!(out, "design: {}, {} patients", s.design.as_str(), s.sample_size);
    let weeks: Vec<String> = s.visits.iter().map(|w| w.to_string()).collect();
    let _ = writeln!(out, "visits (weeks): {}", weeks.join(", "));
    let b = &m.baseline;
    let _ = writeln!(
        out,
        "marker: {} ({}), {} is better; baseline log-normal median {} log-SD {} in [{}, {}); persistence {}{}; reported to {}",
        m.name,
        m.unit,
        if m.direction == Direction::Higher { "higher" } else { "lower" },
        b.median,
        b.log_sd,
        b.min,
        b.max,
        m.persistence,
        if m.patient_share > 0.0 { format!(", patient share {}", m.patient_share) } else { String::new() },
        m.resolution.step()
    );
    let _ = writeln!(out, "levels (best first):");
    for l in &s.levels {
        let _ = writeln!(out, "  {:<6} {}", l.name, rule_text(&l.rule));
    }
    let _ = writeln!(out, "  {:<6} none of the above", "NR");
    let _ = writeln!(out, "arms:");
    for (a, arm) in s.arms.iter().enumerate() {
        let role = if Some(a) == s.control { " [control]" } else { "" };
        let dose = arm.dose.map_or(String::new(), |d| format!(", dose {d}"));
        let _ = writeln!(
            out,
            "  {}{role}: n = {} (allocation {}{dose}), dropout {} by week {}",
            arm.name,
            arm.n,
            arm.allocation,
            arm.dropout,
            s.last_week()
        );
        for (k, l) in s.levels.iter().enumerate() {
            let rates: Vec<String> = arm.rates[k].iter().map(|r| r.to_string()).collect();
            let _ = writeln!(out, "    {:<6} {}", l.name, rates.join(", "));
        }
        if arm.rate_weeks != s.post_baseline_weeks() {
            let _ = writeln!(
                out,
                "    rates given at weeks {:?}; at the other visits each rate is interpolated linearly in time between the given weeks, and carried from the nearest given week before the first or after the last",
                arm.rate_weeks
            );
        }
    }
    for sc in &s.scores {
        let b = &sc.baseline;
        let _ = writeln!(
            out,
            "score: {}, {} is better; baseline normal mean {} SD {} in [{}, {}]; change SD {}, persistence {}, marker correlation {}{}; reported to {}",
            sc.name,
            if sc.direction == Direction::Higher { "higher" } else { "lower" },
            b.mean,
            b.sd,
            b.min,
            b.max,
            sc.change_sd,
            sc.persistence,
            sc.marker_correlation,
            if sc.baseline_correlation == 0.0 {
                String::new()
            } else {
                format!(", baseline correlation {}", sc.baseline_correlation)
            },
            sc.resolution.step()
        );
        for arm in &s.arms {
            let k = s.scores.iter().position(|x| x.name == sc.name).unwrap_or(0);
            let changes: Vec<String> = arm.changes[k].iter().map(|c| c.to_string()).collect();
            let sd =
                if arm.change_sd[k] == sc.change_sd { String::new() } else { format!(" (SD {})", arm.change_sd[k]) };
            let _ = writeln!(out, "    mean change in {}: {}{sd}", arm.name, changes.join(", "));
        }
    }
    let _ = writeln!(out, "endpoints:");
    for e in &s.endpoints {
        let what = match &e.kind {
            EndpointKind::Response { levels, .. } => {
                let levels: Vec<&str> = levels.iter().map(|&k| s.levels[k].name.as_str()).collect();
                levels.join(" or ")
            }
            EndpointKind::Change { source, area: None, .. } => format!("change in {}", s.source_name(*source)),
            EndpointKind::Change { source, area: Some(_), .. } => {
                format!("area under the change in {} from week 0, per week (time-averaged)", s.source_name(*source))
            }
            EndpointKind::ScoreResponse { source, rule, .. } => {
                format!("{} {}", s.source_name(*source), rule_text(rule))
            }
            EndpointKind::TimeToEvent { event, .. } => format!("time to {} (horizon)", s.events[*event].name),
            EndpointKind::LevelTime { measure, levels, .. } => {
                let levels: Vec<&str> = levels.iter().map(|&k| s.levels[k].name.as_str()).collect();
                let levels = levels.join(" or ");
                match measure {
                    LevelTime::FirstResponse => format!("time to the first visit in {levels} (horizon)"),
                    LevelTime::Loss => format!("time to the first visit out of {levels} (horizon)"),
                    LevelTime::WeeksIn => format!("weeks in {levels} (none after dropout)"),
                    LevelTime::Duration => {
                        format!("weeks from the first visit in {levels} to the first out (responders)")
                    }
                }
            }
            EndpointKind::Sustained { levels, from, visit, at_least, .. } => {
                let levels: Vec<&str> = levels.iter().map(|&k| s.levels[k].name.as_str()).collect();
                let n = visit.index - from.index + 1;
                format!(
                    "{} at {at_least} of the {n} visits of weeks {} to {}",
                    levels.join(" or "),
                    from.week,
                    visit.week
                )
            }
        };
        let null = e.null_rate.map(|p| format!(" vs null rate {p}")).unwrap_or_default();
        let margin = if let Some(margin) = e.margin {
            let bound = e.alternative.null_difference(margin);
            let op = if e.alternative == Alternative::Less { "<" } else { ">" };
            format!(" (H1: arm - control {op} {bound}, margin {margin})")
        } else {
            String::new()
        };
        let strategy = if s.rescues.is_empty() || matches!(e.kind, EndpointKind::TimeToEvent { .. }) {
            String::new()
        } else {
            format!(", {} strategy", e.strategy.as_str())
        };
        let _ = writeln!(
            out,
            "  {}{}: {} at week {} ({}{strategy}), {} {}{null}{margin}, alpha {}",
            e.name,
            if e.primary { " [primary]" } else { "" },
            what,
            e.week(),
            e.missing().as_str(),
            e.test.as_str(),
            e.alternative.as_str(),
            e.alpha
        );
    }
    for r in &s.rescues {
        let _ = writeln!(out, "{}", rescue_line(s, r));
    }
    if let Some(m) = &s.multiplicity {
        let names: Vec<&str> = m.endpoints.iter().map(|&e| s.endpoints[e].name.as_str()).collect();
        let _ = writeln!(out, "multiplicity: {} at alpha {} over {}", m.method.as_str(), m.alpha, names.join(", "));
    }
    if let Some(a) = &s.accrual {
        use crate::scenario::accrual::{Randomisation, Schedule};
        let curve = match &a.schedule {
            Schedule::Uniform { duration } => format!("uniform over {duration} weeks"),
            Schedule::Periods { starts, intensity } => starts
                .iter()
                .zip(intensity)
                .map(|(w, x)| format!("{x} a week from week {w}"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let order = match a.randomisation {
            Randomisation::Complete => "complete randomisation".to_string(),
            Randomisation::Blocks(b) => format!("permuted blocks of {b}"),
        };
        let weeks = a.schedule.duration(s.sample_size);
        let _ = writeln!(out, "accrual: {curve}; every patient in by week {weeks:.1} as planned; {order}");
    }
    if let Some((looks, rule)) = &s.sequential {
        let d = crate::scenario::sequential::design(rule, looks, &s.endpoints[rule.endpoint]);
        let _ = writeln!(out, "looks at `{}` (group-sequential):", s.endpoints[rule.endpoint].name);
        match trialsim_stats::group_sequential::boundaries(&d) {
            Ok(b) => {
                for (k, look) in looks.iter().enumerate() {
                    let f = b.futility[k];
                    let _ = writeln!(
                        out,
                        "  {}: {}, planned information {:.3}; efficacy z >= {}{}",
                        k + 1,
                        look.describe(&s.events),
                        look.information,
                        if b.efficacy[k].is_finite() { format!("{:.4}", b.efficacy[k]) } else { "- (no stop)".into() },
                        if f.is_finite() && k + 1 < looks.len() {
                            format!(", futility z <= {f:.4}")
                        } else {
                            String::new()
                        }
                    );
                }
            }
            Err(e) => {
                let _ = writeln!(out, "  boundaries cannot be computed: {e}");
            }
        }
    }
    let _ = writeln!(out, "simulation: {} replicates, seed {}", s.simulation.replicates, s.simulation.seed);
    out
}

/// A level rule in words, e.g. `> 100` or `>= 30 or >= 2 x baseline`.
pub fn rule_text(r: &LevelRule) -> String {
    let higher = r.direction == Direction::Higher;
    let thr = r.threshold.map(|t| {
        let op = match (higher, t.strict) {
            (true, true) => ">",
            (true, false) => ">=",
            (false, true) => "<",
            (false, false) => "<=",
        };
        format!("{op} {}", t.value)
    });
    let rel = r.relative.map(|x| match (x, higher) {
        (Relative::Fold(f), true) => format!(">= {f} x baseline"),
        (Relative::Fold(f), false) => format!("<= baseline / {f}"),
        (Relative::Change(c), true) => format!(">= baseline + {c}"),
        (Relative::Change(c), false) => format!("<= baseline - {c}"),
    });
    let join = if r.combine == Combine::And { " and " } else { " or " };
    [thr, rel].into_iter().flatten().collect::<Vec<_>>().join(join)
}

/// One line saying what starts a rescue, where, and what it changes.
fn rescue_line(s: &Scenario, r: &crate::scenario::Rescue) -> String {
    use crate::scenario::Trigger;
    let level_name = |k: usize| s.levels.get(k).map_or("NR", |l| l.name.as_str());
    let from = |j: usize| s.visits[j + 1];
    let trigger = match &r.trigger {
        Trigger::Levels { levels, from: j } => {
            let names: Vec<&str> = levels.iter().map(|&k| level_name(k)).collect();
            format!("after a visit in {} from week {}", names.join(" or "), from(*j))
        }
        Trigger::Value { below, above, worse_by, from: j } => {
            let mut rules = Vec::new();
            rules.extend(below.map(|b| format!("below {b}")));
            rules.extend(above.map(|a| format!("above {a}")));
            rules.extend(worse_by.map(|d| format!("worse than baseline by {d}")));
            format!("after a visit with {} {} from week {}", s.marker.name, rules.join(" or "), from(*j))
        }
        Trigger::Event { event } => format!("at {}", s.events[*event].name),
    };
    let arms: Vec<&str> = s.arms.iter().zip(&r.arms).filter(|(_, g)| **g).map(|(a, _)| a.name.as_str()).collect();
    let effect = match (&r.rates, &r.changes) {
        (None, None) => "no effect of its own".to_string(),
        (Some(_), None) => "its own rates after it".to_string(),
        (None, Some(_)) => "its own mean changes after it".to_string(),
        (Some(_), Some(_)) => "its own rates and mean changes after it".to_string(),
    };
    format!("rescue `{}` in {}: {trigger}; {effect}", r.name, arms.join(", "))
}

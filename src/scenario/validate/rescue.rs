//! `[[rescue]]`: a name, the arms that give it (every arm by default), one trigger (levels
//! from a week, a value rule on the marker from a week, or an event) and optionally its own
//! rates and mean changes after it.

use super::checks::{R, Validator, root};
use crate::scenario::arm::Arm;
use crate::scenario::event::Event;
use crate::scenario::level::Level;
use crate::scenario::raw::RawScenario;
use crate::scenario::rescue::{Rescue, Trigger};
use crate::scenario::score::Score;

/// What the rescues are checked against.
pub(super) struct Context<'a> {
    pub arms: &'a [Arm],
    pub levels: &'a [Level],
    pub scores: &'a [Score],
    pub events: &'a [Event],
    pub visits: &'a [u32],
}

impl Validator<'_> {
    pub(super) fn rescues(&self, raw: &RawScenario, c: &Context<'_>) -> R<Vec<Rescue>> {
        let mut out: Vec<Rescue> = Vec::new();
        let weeks = &c.visits[1..];
        let arm_names: Vec<&str> = c.arms.iter().map(|a| a.name.as_str()).collect();
        let level_names: Vec<&str> = c.levels.iter().map(|l| l.name.as_str()).chain(["NR"]).collect();
        let event_names: Vec<&str> = c.events.iter().map(|e| e.name.as_str()).collect();
        for (i, r) in raw.rescue.iter().enumerate() {
            let path = root().key("rescue").index(i);
            self.new_name(&r.name, &path.key("name"), "rescue", out.iter().map(|o| o.name.as_str()))?;
            let arms = match &r.arms {
                None => vec![true; c.arms.len()],
                Some(names) => {
                    self.check(!names.is_empty(), &path.key("arms"), || {
                        "expected at least one arm that gives the rescue (leave `arms` out for every arm)".into()
                    })?;
                    let mut given = vec![false; c.arms.len()];
                    for (k, name) in names.iter().enumerate() {
                        let a = self.lookup(name, &arm_names, &path.key("arms").index(k), "arm", "an [[arm]]")?;
                        self.check(!given[a], &path.key("arms").index(k), || format!("arm `{name}` is listed twice"))?;
                        given[a] = true;
                    }
                    given
                }
            };
            let rule = r.below.is_some() || r.above.is_some() || r.worse_than_baseline_by.is_some();
            let kinds = [!r.levels.is_empty(), rule, r.event.is_some()].iter().filter(|&&x| x).count();
            self.check(kinds == 1, &path, || {
                "expected one trigger: `levels` (in one of them at a visit), a value rule (`below`, `above`, \
                 `worse_than_baseline_by`) or `event`"
                    .into()
            })?;
            let from = match r.from_week {
                None => 0,
                Some(w) => {
                    self.check(r.event.is_none(), &path.key("from_week"), || {
                        "`from_week` belongs to a trigger on the visits; an event starts rescue when it happens".into()
                    })?;
                    weeks.iter().position(|&v| v == w).ok_or_else(|| {
                        self.err(
                            &path.key("from_week"),
                            format!("week {w} is not a post-baseline visit; expected one of {weeks:?}"),
                        )
                    })?
                }
            };
            let trigger = if let Some(name) = &r.event {
                Trigger::Event { event: self.lookup(name, &event_names, &path.key("event"), "event", "an [[event]]")? }
            } else if rule {
                for (key, x) in
                    [("below", r.below), ("above", r.above), ("worse_than_baseline_by", r.worse_than_baseline_by)]
                {
                    if let Some(x) = x {
                        self.check(x.is_finite(), &path.key(key), || format!("expected a finite value, found {x}"))?;
                    }
                }
                if let Some(d) = r.worse_than_baseline_by {
                    self.check(d > 0.0, &path.key("worse_than_baseline_by"), || {
                        format!("expected a positive fall from baseline (in the marker's bad direction), found {d}")
                    })?;
                }
                Trigger::Value { below: r.below, above: r.above, worse_by: r.worse_than_baseline_by, from }
            } else {
                let mut levels = Vec::new();
                for (k, name) in r.levels.iter().enumerate() {
                    let l =
                        self.lookup(name, &level_names, &path.key("levels").index(k), "level", "a [[level]] (or NR)")?;
                    self.check(!levels.contains(&l), &path.key("levels").index(k), || {
                        format!("level `{name}` is listed twice")
                    })?;
                    levels.push(l);
                }
                self.check(levels.len() < level_names.len(), &path.key("levels"), || {
                    "every level would start rescue at the first visit checked: list the levels that call for it".into()
                })?;
                Trigger::Levels { levels, from }
            };
            let owner = format!("rescue `{}`", r.name);
            let rates = if r.rates.is_empty() {
                self.check(r.weeks.is_none(), &path.key("weeks"), || {
                    "`weeks` says when the rescue's `rates` are given; there are none".into()
                })?;
                None
            } else {
                Some(self.rates(&owner, &r.rates, &r.weeks, &path, c.levels, weeks)?.0)
            };
            let changes = if r.change.is_empty() {
                None
            } else {
                Some(self.changes(&owner, &r.change, &path.key("change"), c.scores, weeks)?)
            };
            out.push(Rescue { name: r.name.clone(), arms, trigger, rates, changes });
        }
        Ok(out)
    }
}

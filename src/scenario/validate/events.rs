//! `[[event]]` and `[[rerandomisation]]`: events followed to a horizon, and second
//! randomisations of the patients still free of one.

use super::checks::{R, Validator, root};
use crate::scenario::arm::Arm;
use crate::scenario::event::{Event, Rerandomisation, SubArm};
use crate::scenario::raw::{RawEvent, RawScenario};

impl Validator<'_> {
    pub fn events(&self, raw: &[RawEvent]) -> R<Vec<Event>> {
        let mut events: Vec<Event> = Vec::new();
        for (i, ev) in raw.iter().enumerate() {
            let path = root().key("event").index(i);
            self.new_name(&ev.name, &path.key("name"), "event", events.iter().map(|o| o.name.as_str()))?;
            self.check(ev.horizon >= 1, &path.key("horizon"), || "expected a horizon of at least 1 week".into())?;
            self.positive(ev.shape, &path.key("shape"), "Weibull shape")?;
            events.push(Event { name: ev.name.clone(), horizon: ev.horizon, shape: ev.shape, dropout: ev.dropout });
        }
        Ok(events)
    }

    pub fn rerandomisations(&self, raw: &RawScenario, arms: &[Arm], events: &[Event]) -> R<Vec<Rerandomisation>> {
        let mut out: Vec<Rerandomisation> = Vec::new();
        let arm_names: Vec<&str> = arms.iter().map(|a| a.name.as_str()).collect();
        let event_names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
        // Sub-arms are named apart from the arms and from each other.
        let mut taken: Vec<String> = arms.iter().map(|a| a.name.clone()).collect();
        for (i, rr) in raw.rerandomisation.iter().enumerate() {
            let path = root().key("rerandomisation").index(i);
            let arm = self.lookup(&rr.arm, &arm_names, &path.key("arm"), "arm", "an [[arm]]")?;
            let event = self.lookup(&rr.event, &event_names, &path.key("event"), "event", "an [[event]] section")?;
            self.check(rr.week >= 1, &path.key("week"), || {
                "expected the week of the second randomisation, at least 1".into()
            })?;
            self.check(rr.subarm.len() >= 2, &path, || "expected at least two [[rerandomisation.subarm]]".into())?;
            let mut subarms = Vec::new();
            for (j, sa) in rr.subarm.iter().enumerate() {
                let sp = path.key("subarm").index(j);
                self.new_name(&sa.name, &sp.key("name"), "sub-arm", std::iter::empty())?;
                self.check(!taken.contains(&sa.name), &sp.key("name"), || {
                    format!("`{}` already names an arm or sub-arm", sa.name)
                })?;
                taken.push(sa.name.clone());
                self.positive(sa.allocation, &sp.key("allocation"), "randomisation weight")?;
                self.check((0.0..1.0).contains(&sa.probability), &sp.key("probability"), || {
                    format!(
                        "expected a probability of the event within the horizon in [0, 1), found {}",
                        sa.probability
                    )
                })?;
                subarms.push(SubArm { name: sa.name.clone(), allocation: sa.allocation, probability: sa.probability });
            }
            out.push(Rerandomisation { arm, week: rr.week, event, subarms });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{VALID, assert_error, with};

    fn second(arm: &str, event: &str, subarm: &str) -> String {
        format!(
            "{VALID}\n[[rerandomisation]]\narm = \"{arm}\"\nweek = 26\nevent = \"{event}\"\n\
             [[rerandomisation.subarm]]\nname = \"{subarm}\"\nprobability = 0.1\n\
             [[rerandomisation.subarm]]\nname = \"B2\"\nprobability = 0.2\n"
        )
    }

    #[test]
    fn events_have_a_horizon_and_a_shape() {
        assert_error(&with("horizon = 52", "horizon = 0"), "event[0].horizon", "at least 1 week");
        assert_error(&with("horizon = 52", "horizon = 52\nshape = 0.0"), "event[0].shape", "positive Weibull shape");
    }

    #[test]
    fn second_randomisations_name_known_arms_events_and_new_sub_arms() {
        assert_error(&second("C", "flare", "B1"), "rerandomisation[0].arm", "unknown arm `C`; expected one of A, B");
        assert_error(
            &second("B", "relapse", "B1"),
            "rerandomisation[0].event",
            "unknown event `relapse`; expected one of flare",
        );
        assert_error(&second("B", "flare", "A"), "rerandomisation[0].subarm[0].name", "already names an arm");
    }
}

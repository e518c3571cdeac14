//! Where a trial under a group-sequential monitor stops: each comparison at the first bound
//! it crosses, the trial when the last one has.
//!
//! With several arms each is compared with the control on its own bounds (at the
//! endpoint's alpha over their number); an arm whose comparison stops is dropped: its
//! patients enrolled and analysed are those of that look, its later ones never enter (the
//! others' entry times stay as drawn). The control goes on to the trial's end. A comparison
//! stopped for futility is followed on without its futility bounds to say whether it would
//! have rejected (the type-I error of a non-binding design counts that).

use super::sequential::{BoundCache, Decision, LookScratch, Monitor, Reading, Stop, Track};
use crate::model::TrialBuffer;

impl Monitor {
    /// Where `trial` stops (the trial as a whole); each comparison's stop is then in
    /// `scratch.stops`.
    pub fn run(&self, trial: &TrialBuffer, scratch: &mut LookScratch, cache: &mut BoundCache) -> Stop {
        let (m, looks) = (self.arms.len(), self.looks.len());
        let mut tracks = std::mem::take(&mut scratch.tracks);
        tracks.clear();
        tracks.resize(m, Track { stop: None, settled: false, arm: (0, 0), control: (0, 0) });
        let mut history = std::mem::take(&mut scratch.history);
        history.clear();
        history.resize(m * looks, 0);
        for k in 0..looks {
            if tracks.iter().all(|t| t.settled) {
                break;
            }
            let cut = self.cut(k, trial, scratch);
            let last = k + 1 == looks;
            for (c, track) in tracks.iter_mut().enumerate() {
                if track.settled {
                    continue;
                }
                let r = self.read(c, cut, trial, scratch);
                let own = &mut history[c * looks..(c + 1) * looks];
                own[k] = self.information_count(&r);
                let b = self.bounds(k, &own[..=k], cache);
                let decision = self.decide(k, r.z, b);
                let efficacy = decision == Decision::Efficacy;
                match &mut track.stop {
                    None if decision != Decision::Continue => {
                        track.stop = Some(stop_at(k, efficacy, &r));
                        (track.arm, track.control) = parts(&r);
                        track.settled = efficacy || last;
                    }
                    Some(here) if efficacy || last => {
                        here.rejects_without_futility = efficacy;
                        track.settled = true;
                    }
                    _ => {}
                }
            }
        }
        scratch.history = history;
        let stops = &mut scratch.stops;
        stops.clear();
        stops.extend(tracks.iter().map(|t| t.stop.expect("the final look always decides")));
        let trial_stop = if m == 1 {
            stops[0]
        } else {
            // The trial ends at the last comparison's stop; the control is counted there.
            let end = (0..m).max_by_key(|&c| stops[c].look).expect("a comparison");
            let arms = tracks.iter().map(|t| t.arm).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            Stop {
                look: stops[end].look,
                efficacy: stops.iter().any(|s| s.efficacy),
                enrolled: arms.0 + tracks[end].control.0,
                analysed: arms.1 + tracks[end].control.1,
                week: stops[end].week,
                rejects_without_futility: stops.iter().any(|s| s.rejects_without_futility),
            }
        };
        scratch.tracks = tracks;
        trial_stop
    }
}

/// A comparison's stop at look `k` on reading `r`.
fn stop_at(k: usize, efficacy: bool, r: &Reading) -> Stop {
    Stop {
        look: k,
        efficacy,
        enrolled: r.enrolled.0 + r.enrolled.1,
        analysed: r.analysed(),
        week: r.cut,
        rejects_without_futility: efficacy,
    }
}

/// The arm's and the control's (patients enrolled, analysed) in reading `r`.
fn parts(r: &Reading) -> ((u32, u32), (u32, u32)) {
    ((r.enrolled.0, r.arm.analysed), (r.enrolled.1, r.control.map_or(0, |g| g.analysed)))
}

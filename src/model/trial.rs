//! Simulating one trial into reusable buffers (no allocation per patient or replicate).

use super::accrual::EntryScratch;
use super::exp::exp;
use super::ln::ln;
use super::setup::Model;
use super::stream;
use super::time_cut::{EventTimes, TimeCut};
use super::world::{Bands, World};
use crate::scenario::{Resolution, Source};

use rand::{Rng, RngExt};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use std::ops::Range;

/// The level recorded for a visit the patient missed.
pub const MISSING: u8 = u8::MAX;

/// One simulated trial. Patients are stored arm after arm; per patient, one entry per
/// post-baseline visit.
#[derive(Debug, Clone)]
pub struct TrialBuffer {
    visits: usize,
    levels: usize,
    /// First patient of each arm, and the total at the end.
    pub arm_start: Vec<usize>,
    /// Reported baseline value per patient.
    pub baseline: Vec<f64>,
    /// The reported value per patient and visit as its goodness index on the reporting
    /// grid (see `scenario::level`; [`TrialBuffer::value`] gives the value); meaningless
    /// after dropout.
    goodness: Vec<i64>,
    /// The reporting grid and the direction, to turn a goodness index into a value.
    grid: Resolution,
    sign: i64,
    /// Level per patient and visit (`levels` for NR, [`MISSING`] after dropout).
    pub level: Vec<u8>,
    /// The marker's latent score per patient and visit (also after dropout).
    pub latent: Vec<f64>,
    /// `score_baseline[k][p]`: reported baseline of score k.
    pub score_baseline: Vec<Vec<f64>>,
    /// `score_values[k][p * visits + j]`: reported value of score k; NaN after dropout.
    pub score_values: Vec<Vec<f64>>,
    /// Per patient: the uniform the dropout time is drawn from (`stay`), and the dropout
    /// time in weeks where it is not `-ln(stay) / hazard` (informative dropout); read through
    /// [`TimeCut`]s and `dropout_time`, which take the logarithm only where needed.
    stay: Vec<f64>,
    dropout_time: Vec<f64>,
    /// `event_time[k][p]`: follow-up time for event k (event, dropout or horizon, whichever
    /// comes first) and `event[k][p]` whether it ended with the event.
    pub event_time: Vec<Vec<f64>>,
    pub event: Vec<Vec<bool>>,
    /// `event_v[k][p]`: the uniform `1 - u` the uncensored time of event k is drawn from
    /// (for eligibility at a second randomisation, which may come after the horizon).
    event_v: Vec<Vec<f64>>,
    /// Per event: its horizon, the follow-up time of everyone who reaches it without the
    /// event.
    pub horizon: Vec<f64>,
    /// Second randomisation r: `sub_arm[r][p]` (u8::MAX: not randomised again), and the
    /// follow-up time and event after it.
    pub sub_arm: Vec<Vec<u8>>,
    pub sub_time: Vec<Vec<f64>>,
    pub sub_event: Vec<Vec<bool>>,
    /// Per second randomisation: the patients of the arm it randomises again, and the
    /// horizon of its event (which also ends follow-up after it).
    pub sub_patients: Vec<Range<usize>>,
    pub sub_horizon: Vec<f64>,
    sub_sizes: Vec<u32>,
    /// Per event and arm (`k * arms + a`): the times of the trial's world, to compute an
    /// uncensored time on request ([`TrialBuffer::event_raw`]).
    arm_times: Vec<EventTimes>,
    /// Per sub-arm of the second randomisation being drawn: its event times and their cut
    /// at the horizon.
    sub_times: Vec<(EventTimes, TimeCut)>,
    /// Per second randomisation: the cuts of its eligibility (follow-up and event time
    /// beyond its week).
    second_cuts: Vec<(TimeCut, TimeCut)>,
    /// In calendar time: the sub-arm of each eligible patient in order of entry.
    sub_order: Vec<u8>,
    /// With a patient-level latent component: each patient's own standard normal.
    patient_effect: Vec<f64>,
    /// Per second randomisation: the patients it takes in this trial (counted while their
    /// event times are drawn).
    eligible: Vec<u32>,
    /// `counts[(a * visits + j) * (levels + 1) + k]`: patients of arm a in level k at visit j.
    pub counts: Vec<u32>,
    /// `observed[a * visits + j]`: patients of arm a with a value at visit j.
    pub observed: Vec<u32>,
    /// Per patient: the reported baseline's offset into the baseline grid.
    baseline_index: Vec<u32>,
    /// Per patient: the number of post-baseline visits before dropout.
    seen: Vec<u32>,
    /// Per patient: the calendar week of entry (0 for everyone without `[accrual]`).
    pub entry: Vec<f64>,
    entry_scratch: EntryScratch,
    /// Whether the marker's reported values are placed ([`TrialBuffer::value`]); without
    /// them a trial has its levels and counts only.
    values: bool,
    /// Whether the simulation itself reads them (a rescue started by a value).
    values_needed: bool,
    /// How many trials this buffer has held: what is computed from one trial may be kept
    /// for it (by its serial) until the next.
    pub serial: u64,
    /// With `[[rescue]]`: per patient the first post-baseline visit after rescue (the
    /// number of visits when never rescued), and which rescue.
    pub rescued_from: Vec<u32>,
    pub rescue_of: Vec<u8>,
}

impl TrialBuffer {
    pub fn new(model: &Model) -> Self {
        let visits = model.visits();
        let levels = model.levels;
        let mut arm_start = vec![0];
        for &n in &model.arm_sizes {
            arm_start.push(arm_start.last().unwrap() + n as usize);
        }
        let patients = model.patients();
        let sub_patients = model.rerandomisations.iter().map(|r| arm_start[r.0]..arm_start[r.0 + 1]).collect();
        TrialBuffer {
            visits,
            levels,
            arm_start,
            baseline: vec![0.0; patients],
            goodness: vec![0; patients * visits],
            grid: model.values.grid,
            sign: model.values.sign,
            level: vec![MISSING; patients * visits],
            latent: vec![0.0; patients * visits],
            score_baseline: vec![vec![0.0; patients]; model.scores.len()],
            score_values: vec![vec![f64::NAN; patients * visits]; model.scores.len()],
            stay: vec![0.0; patients],
            dropout_time: vec![f64::INFINITY; patients],
            event_time: vec![vec![0.0; patients]; model.events.len()],
            event: vec![vec![false; patients]; model.events.len()],
            event_v: vec![vec![0.0; patients]; model.events.len()],
            horizon: model.events.iter().map(|e| e.0).collect(),
            sub_arm: vec![vec![u8::MAX; patients]; model.rerandomisations.len()],
            sub_time: vec![vec![0.0; patients]; model.rerandomisations.len()],
            sub_event: vec![vec![false; patients]; model.rerandomisations.len()],
            sub_patients,
            sub_horizon: model.rerandomisations.iter().map(|r| model.events[r.2].0).collect(),
            sub_sizes: vec![0; model.rerandomisations.iter().map(|r| r.3.len()).max().unwrap_or(0)],
            arm_times: vec![EventTimes::default(); model.events.len() * model.arm_sizes.len()],
            sub_times: vec![
                (EventTimes::default(), TimeCut::EXACT);
                model.rerandomisations.iter().map(|r| r.3.len()).max().unwrap_or(0)
            ],
            second_cuts: vec![(TimeCut::EXACT, TimeCut::EXACT); model.rerandomisations.len()],
            sub_order: Vec::new(),
            patient_effect: if model.patient.is_some() { vec![0.0; patients] } else { Vec::new() },
            eligible: vec![0; model.rerandomisations.len()],
            counts: vec![0; model.arm_sizes.len() * visits * (levels + 1)],
            observed: vec![0; model.arm_sizes.len() * visits],
            baseline_index: vec![0; patients],
            seen: vec![0; patients],
            entry: vec![0.0; patients],
            entry_scratch: EntryScratch::default(),
            values: true,
            values_needed: model.rescues.iter().any(|r| r.reads_values()),
            serial: 0,
            rescued_from: if model.rescues.is_empty() { Vec::new() } else { vec![visits as u32; patients] },
            rescue_of: if model.rescues.is_empty() { Vec::new() } else { vec![u8::MAX; patients] },
        }
    }

    /// A buffer for runs where nothing reads the marker's reported values (no endpoint
    /// on them, no export): trials keep their levels, counts and latent scores, which the
    /// same random numbers give, and skip placing the values. Everything read stays the
    /// same bit for bit.
    pub fn without_values(mut self) -> Self {
        // A rescue started by the marker's value reads the values: they stay.
        self.values = self.values_needed;
        self
    }

    /// Patients of arm `a` in level `k` (NR: `levels`) at post-baseline visit `j`.
    #[inline]
    pub fn count(&self, a: usize, j: usize, k: usize) -> u32 {
        self.counts[(a * self.visits + j) * (self.levels + 1) + k]
    }

    /// Patients of arm `a` in any of `levels` at visit `j`.
    #[inline]
    pub fn count_in(&self, a: usize, j: usize, levels: &[usize]) -> u32 {
        levels.iter().map(|&k| self.count(a, j, k)).sum()
    }

    /// Patients of arm `a` with a value at visit `j`.
    #[inline]
    pub fn observed(&self, a: usize, j: usize) -> u32 {
        self.observed[a * self.visits + j]
    }

    pub fn visits(&self) -> usize {
        self.visits
    }

    /// Patient `p`'s post-baseline visits before dropout.
    #[inline]
    pub fn seen(&self, p: usize) -> usize {
        self.seen[p] as usize
    }

    /// The first post-baseline visit of patient `p` after rescue (the number of visits if
    /// never rescued, or without `[[rescue]]`).
    #[inline]
    pub fn rescued_from(&self, p: usize) -> usize {
        self.rescued_from.get(p).map_or(self.visits, |&j| j as usize)
    }

    /// Patient `p`'s uncensored time of event `k` (which may come after the horizon),
    /// computed from the uniform it was drawn from.
    pub fn event_raw(&self, k: usize, p: usize) -> f64 {
        let a = self.arm_start.partition_point(|&start| start <= p) - 1;
        self.arm_times[k * (self.arm_start.len() - 1) + a].time(self.event_v[k][p])
    }

    /// Patient `p`'s follow-up for event `k` as its dropout allows (before the horizon
    /// cuts it), computed from the uniform the dropout time was drawn from.
    pub fn event_follow_up(&self, k: usize, p: usize) -> f64 {
        let a = self.arm_start.partition_point(|&start| start <= p) - 1;
        self.arm_times[k * (self.arm_start.len() - 1) + a].follow_up(self.stay[p], self.dropout_time[p])
    }

    /// Does the scenario have rescue therapies (so that endpoints read visits after rescue
    /// by their strategies)?
    #[inline]
    pub fn has_rescue(&self) -> bool {
        !self.rescued_from.is_empty()
    }

    /// Does the buffer hold the marker's reported values?
    pub fn has_values(&self) -> bool {
        self.values
    }

    /// The marker's reported value in `cell` (patient `p`, visit `j`: `p * visits + j`);
    /// NaN after dropout.
    #[inline]
    pub fn value(&self, cell: usize) -> f64 {
        debug_assert!(self.values, "marker values read from a buffer made without them");
        if self.level[cell] == MISSING { f64::NAN } else { self.grid.value(self.sign * self.goodness[cell]) }
    }

    /// Patient `p`'s baseline and value at post-baseline visit `j` of the marker or of a
    /// score (the value is NaN after dropout).
    #[inline]
    pub fn reading(&self, source: Source, p: usize, j: usize) -> (f64, f64) {
        match source {
            Source::Marker => (self.baseline[p], self.value(p * self.visits + j)),
            Source::Score(k) => (self.score_baseline[k][p], self.score_values[k][p * self.visits + j]),
        }
    }
}

/// Draw the marker's random numbers for `patients` of arm `a`: the reported baseline (its
/// grid offset), the visits before dropout, and the latent scores.
fn draw_marker(
    model: &Model,
    a: usize,
    rng: &mut ChaCha8Rng,
    patients: Range<usize>,
    needs_dropout_time: bool,
    buf: &mut TrialBuffer,
) {
    let visits = model.visits();
    let survival = &model.survival[a];
    for p in patients {
        let word = rng.next_u64();
        if buf.values {
            let b = model.baseline.sample(word);
            buf.baseline_index[p] = b as u32;
            buf.baseline[p] = model.values.grid.value(model.baseline.first + b as i64);
        }
        let stay: f64 = rng.random();
        // Observed at visit j exactly when stay < (1 - dropout)^(week_j / last_week): the
        // exponential dropout time of the same uniform, without a logarithm. Survival
        // decreases, so the observed visits are a prefix.
        buf.seen[p] = survival.iter().map(|&s| (stay < s) as u32).sum();
        // (Only events and second randomisations need the time itself: see `dropout_time`.)
        buf.stay[p] = stay;
        let latent = &mut buf.latent[p * visits..(p + 1) * visits];
        let mut z = 0.0;
        for (j, cell) in latent.iter_mut().enumerate() {
            let e: f64 = StandardNormal.sample(rng);
            z = if j == 0 { e } else { model.persistence * z + model.innovation * e };
            *cell = z;
        }
        // Z_j = sqrt(w) U + sqrt(1 - w) AR_j: still N(0, 1) at every visit.
        if let Some((own, rest)) = model.patient {
            let u = own * buf.patient_effect[p];
            for cell in latent.iter_mut() {
                *cell = u + rest * *cell;
            }
        }
        let beta = model.informative_dropout[a];
        if beta != 0.0 {
            let (seen, time) = informative_dropout(model, a, beta, stay, latent);
            buf.seen[p] = seen;
            if needs_dropout_time {
                buf.dropout_time[p] = time;
            }
        }
    }
}

/// Informative dropout (missing not at random) from the same uniform `stay`: the hazard
/// between visit j - 1 and visit j is the arm's times `exp(-beta z_j - beta^2 / 2)`, `z_j`
/// the latent score at visit j (its mean over patients is the arm's hazard); the patient
/// has a value at visit j while `stay` is below the survival so far. Returns the visits
/// before dropout and the dropout time (after the last visit the last visit's hazard
/// goes on).
fn informative_dropout(model: &Model, a: usize, beta: f64, stay: f64, latent: &[f64]) -> (u32, f64) {
    let hazard = model.dropout_hazard[a];
    let target = -ln(stay);
    let (mut cumulative, mut previous, mut seen, mut time) = (0.0, 0.0, 0u32, f64::INFINITY);
    let mut factor = 1.0;
    for (&week, &z) in model.weeks.iter().zip(latent) {
        factor = exp(-beta * z - 0.5 * beta * beta);
        let step = hazard * factor * (week - previous);
        if time.is_infinite() && cumulative + step >= target {
            time = previous + (target - cumulative) / (hazard * factor);
        }
        cumulative += step;
        seen += (cumulative < target) as u32;
        previous = week;
    }
    if time.is_infinite() && hazard > 0.0 {
        time = previous + (target - cumulative) / (hazard * factor);
    }
    (seen, time)
}

/// Levels, values and counts of `patients` of arm `a` from their drawn latent scores.
fn place_marker(model: &Model, a: usize, bands: &[Bands], patients: Range<usize>, buf: &mut TrialBuffer) {
    let visits = model.visits();
    let width = model.levels + 1;
    if buf.values {
        place_values(model, a, bands, patients, buf);
    } else {
        let counts = &mut buf.counts[a * visits * width..(a + 1) * visits * width];
        let cells = patients.start * visits..patients.end * visits;
        let patient_cells =
            buf.level[cells.clone()].chunks_exact_mut(visits).zip(buf.latent[cells].chunks_exact(visits));
        for ((levels, latent), &seen) in patient_cells.zip(&buf.seen[patients]) {
            for (j, (level, (&z, band))) in levels.iter_mut().zip(latent.iter().zip(bands)).enumerate() {
                if j >= seen as usize {
                    *level = MISSING;
                    continue;
                }
                let k = band.level(z);
                *level = k as u8;
                counts[j * width + k] += 1;
            }
        }
    }
    // Everyone counted at a visit had a value there.
    let counts = &buf.counts[a * visits * width..(a + 1) * visits * width];
    for (observed, counts) in buf.observed[a * visits..(a + 1) * visits].iter_mut().zip(counts.chunks_exact(width)) {
        *observed = counts.iter().sum();
    }
}

/// Levels, counts and reported values of `patients` of arm `a` (see [`place_marker`]).
fn place_values(model: &Model, a: usize, bands: &[Bands], patients: Range<usize>, buf: &mut TrialBuffer) {
    let visits = model.visits();
    let width = model.levels + 1;
    let counts = &mut buf.counts[a * visits * width..(a + 1) * visits * width];
    let cells = patients.start * visits..patients.end * visits;
    let patient_cells = buf.goodness[cells.clone()]
        .chunks_exact_mut(visits)
        .zip(buf.level[cells.clone()].chunks_exact_mut(visits))
        .zip(buf.latent[cells].chunks_exact(visits));
    for (p, ((goodness, levels), latent)) in patients.zip(patient_cells) {
        let b = buf.baseline_index[p] as usize;
        let anchors = &model.anchors[b * width..(b + 1) * width];
        let seen = buf.seen[p] as usize;
        for (j, ((value, level), (&z, band))) in
            goodness.iter_mut().zip(levels.iter_mut()).zip(latent.iter().zip(bands)).enumerate()
        {
            if j >= seen {
                *level = MISSING;
                continue;
            }
            let k = band.level(z);
            *value = goodness_of(model, band, anchors, k, z, buf.baseline[p]);
            *level = k as u8;
            counts[j * width + k] += 1;
        }
    }
}

/// The goodness index of a value in level `k` from latent score `z` (see `value`).
#[inline]
fn goodness_of(model: &Model, band: &Bands, anchors: &[super::value::Anchor], k: usize, z: f64, baseline: f64) -> i64 {
    let placement = &band.placements[k];
    if placement.general {
        let anchor = &anchors[k];
        let (best, nr) = (k == 0, k == model.levels);
        model.values.goodness(best, nr, anchor.region, anchor.edge, band.band(k), z, baseline, band.nr_median)
    } else {
        model.values.place(placement, &anchors[k], z)
    }
}

/// Place `cell` (of patient `p`, observed) from its latent score with `band`: its level,
/// and its value where the buffer holds values. Returns the level.
fn place_cell(model: &Model, band: &Bands, p: usize, cell: usize, buf: &mut TrialBuffer) -> usize {
    let z = buf.latent[cell];
    let k = band.level(z);
    buf.level[cell] = k as u8;
    if buf.values {
        let width = model.levels + 1;
        let b = buf.baseline_index[p] as usize;
        buf.goodness[cell] =
            goodness_of(model, band, &model.anchors[b * width..(b + 1) * width], k, z, buf.baseline[p]);
    }
    k
}

/// Simulate replicate `replicate` under `world` into `buf`. `rng` is any generator from
/// [`stream::generator`] for the run's seed; it is repositioned here.
pub fn simulate(model: &Model, world: &World, rng: &mut ChaCha8Rng, replicate: u64, buf: &mut TrialBuffer) {
    let visits = model.visits();
    buf.serial += 1;
    buf.counts.fill(0);
    buf.observed.fill(0);
    let needs_dropout_time = !model.events.is_empty();
    if let Some(accrual) = &model.accrual {
        stream::position_component(rng, replicate, stream::ACCRUAL, 0);
        accrual.draw(rng, &buf.arm_start, &mut buf.entry, &mut buf.entry_scratch);
    }
    for (a, bands) in world.arms.iter().enumerate() {
        stream::position(rng, replicate, a);
        let patients = buf.arm_start[a]..buf.arm_start[a + 1];
        // The patients' own latent components, from a stream of their own: the marker's
        // numbers stay those of the model without them.
        if model.patient.is_some() {
            stream::position_component(rng, replicate, stream::ACCRUAL, stream::PATIENT + a);
            for u in &mut buf.patient_effect[patients.clone()] {
                *u = StandardNormal.sample(rng);
            }
            stream::position(rng, replicate, a);
        }
        // First only the random numbers, then the levels and values from them: the second
        // loop has no calls and independent iterations, so the processor overlaps them.
        draw_marker(model, a, rng, patients.clone(), needs_dropout_time, buf);
        place_marker(model, a, bands, patients, buf);
        for k in 0..model.events.len() {
            stream::position_component(rng, replicate, 1 + model.scores.len() + k, a);
            let times = event_times(model, world, a, k);
            buf.arm_times[k * model.arm_sizes.len() + a] = times;
            let horizon = model.events[k].0;
            // Most patients reach the horizon without dropout or event: their times are
            // not computed (`TimeCut`), and everything stored is the same bit for bit.
            let (follow_up_cut, event_cut) = (times.follow_up_cut(horizon), times.cut(horizon));
            // The second randomisations of this arm on this event count the patients they
            // will take (still in the trial, no event by their week) on the way.
            let seconds = || model.rerandomisations.iter().enumerate().filter(|(_, r)| r.0 == a && r.2 == k);
            for (r, &(_, week, _, _)) in seconds() {
                buf.eligible[r] = 0;
                buf.second_cuts[r] = (times.follow_up_cut(week), times.cut(week));
            }
            for q in buf.arm_start[a]..buf.arm_start[a + 1] {
                let u: f64 = rng.random();
                let v = 1.0 - u;
                let (stay, stored) = (buf.stay[q], buf.dropout_time[q]);
                let censor = match follow_up_cut.decide(stay) {
                    Some(true) => horizon,
                    _ => times.follow_up(stay, stored).min(horizon),
                };
                let (event, time) = match event_cut.decide(v) {
                    Some(true) => (false, censor),
                    _ => {
                        let t = times.time(v);
                        (t <= censor, t.min(censor))
                    }
                };
                buf.event[k][q] = event;
                buf.event_time[k][q] = time;
                buf.event_v[k][q] = v;
                for (r, &(_, week, _, _)) in seconds() {
                    let (stays, passes) = buf.second_cuts[r];
                    let eligible = stays.exceeds(stay, || times.follow_up(stay, stored) > week)
                        && passes.exceeds(v, || times.time(v) > week);
                    buf.eligible[r] += eligible as u32;
                }
            }
        }
        for (r, (arm, week, k, weights)) in model.rerandomisations.iter().enumerate() {
            if *arm != a {
                continue;
            }
            let (week, k) = (*week, *k);
            let times = event_times(model, world, a, k);
            let horizon = model.events[k].0;
            let component = 1 + model.scores.len() + model.events.len() + r;
            // The same cuts as counted the eligible patients above.
            let (stays, passes) = (times.follow_up_cut(week), times.cut(week));
            let followed = times.follow_up_cut(week + horizon);
            let sizes = &mut buf.sub_sizes[..weights.len()];
            crate::scenario::allocation::largest_remainder_into(buf.eligible[r], weights, sizes);
            let subs = &mut buf.sub_times[..weights.len()];
            for (sub, &probability) in subs.iter_mut().zip(&world.subarms[r]) {
                let t = times.with_probability(probability);
                *sub = (t, t.cut(horizon));
            }
            // In calendar time the eligible patients, in order of entry, take the sub-arms in
            // a random order of their sizes (from a stream of their own); without it they
            // fill the sub-arms in turn (patients are exchangeable).
            let in_calendar_time = model.accrual.is_some();
            if in_calendar_time {
                stream::position_component(rng, replicate, stream::ACCRUAL, stream::SUB_ORDER + r);
                buf.sub_order.clear();
                crate::model::accrual::fill(&mut buf.sub_order, sizes);
                crate::model::accrual::shuffle(rng, &mut buf.sub_order);
            }
            stream::position_component(rng, replicate, component, a);
            let (mut sub, mut filled, mut next) = (0usize, 0u32, 0usize);
            for q in buf.arm_start[a]..buf.arm_start[a + 1] {
                let u: f64 = rng.random();
                buf.sub_arm[r][q] = u8::MAX;
                let (stay, stored, v) = (buf.stay[q], buf.dropout_time[q], buf.event_v[k][q]);
                let eligible = stays.exceeds(stay, || times.follow_up(stay, stored) > week)
                    && passes.exceeds(v, || times.time(v) > week);
                if !eligible {
                    continue;
                }
                if in_calendar_time {
                    sub = buf.sub_order[next] as usize;
                    next += 1;
                } else {
                    while filled >= buf.sub_sizes[sub] {
                        sub += 1;
                        filled = 0;
                    }
                    filled += 1;
                }
                let censor = match followed.decide(stay) {
                    Some(true) => horizon,
                    _ => (times.follow_up(stay, stored) - week).min(horizon),
                };
                let (sub_times, sub_cut) = buf.sub_times[sub];
                let w = 1.0 - u;
                let (event, time) = match sub_cut.decide(w) {
                    Some(true) => (false, censor),
                    _ => {
                        let t = sub_times.time(w);
                        (t <= censor, t.min(censor))
                    }
                };
                buf.sub_arm[r][q] = sub as u8;
                buf.sub_event[r][q] = event;
                buf.sub_time[r][q] = time;
            }
        }
        if !model.rescues.is_empty() {
            rescue(model, world, a, buf);
        }
        for (k, score) in model.scores.iter().enumerate() {
            stream::position_component(rng, replicate, 1 + k, a);
            let changes = &world.changes[a][k];
            for p in buf.arm_start[a]..buf.arm_start[a + 1] {
                // After rescue, the rescue's mean changes where it gives them.
                let rescued = buf.rescued_from.get(p).map_or(visits, |&j| j as usize);
                let after = buf
                    .rescue_of
                    .get(p)
                    .and_then(|&r| model.rescues.get(r as usize))
                    .and_then(|r| r.changes.as_ref())
                    .map(|c| &c[k]);
                let baseline = score.baseline(rng.next_u64());
                buf.score_baseline[k][p] = baseline;
                let from_baseline = score.baseline_part(baseline);
                let mut w = 0.0;
                for (j, change) in changes.iter().enumerate() {
                    let e: f64 = StandardNormal.sample(rng);
                    w = if j == 0 { e } else { score.persistence * w + score.innovation * e };
                    let cell = p * visits + j;
                    buf.score_values[k][cell] = if buf.level[cell] == MISSING {
                        f64::NAN
                    } else {
                        let deviation = score.marker_weight * buf.latent[cell] + score.own_weight * w + from_baseline;
                        let change = match after {
                            Some(c) if j >= rescued => c[j],
                            _ => *change,
                        };
                        score.value(a, baseline, change, deviation)
                    };
                }
            }
        }
    }
}

/// Arm `a`'s times for event `k` under `world`.
fn event_times(model: &Model, world: &World, a: usize, k: usize) -> EventTimes {
    let shape = world.shapes.get(a).map_or(model.events[k].1, |s| s[k]);
    EventTimes::new(model, a, k, world.events[a][k], shape)
}

/// Rescue the patients of arm `a` under `world`: when each is rescued (the earliest of the
/// rescues the arm gives), and the marker's visits after it placed from the rescue's rates
/// (the arm's counts adjusted).
fn rescue(model: &Model, world: &World, a: usize, buf: &mut TrialBuffer) {
    let visits = model.visits();
    let width = model.levels + 1;
    for p in buf.arm_start[a]..buf.arm_start[a + 1] {
        let (mut first, mut which) = (visits, u8::MAX);
        let seen = buf.seen(p);
        for (i, r) in model.rescues.iter().enumerate() {
            if !world.rescue_arms[i][a] {
                continue;
            }
            let levels = &buf.level[p * visits..(p + 1) * visits];
            let value = |j: usize| buf.value(p * visits + j);
            let event = |k: usize| buf.event[k][p].then(|| buf.event_time[k][p]);
            let j = r.first_rescued_visit(levels, seen, buf.baseline[p], value, event);
            if j < first {
                (first, which) = (j, i as u8);
            }
        }
        buf.rescued_from[p] = first as u32;
        buf.rescue_of[p] = which;
        let Some(bands) = model.rescues.get(which as usize).and_then(|r| r.bands.as_ref()) else { continue };
        for (j, band) in bands.iter().enumerate().take(seen).skip(first) {
            let cell = p * visits + j;
            let old = buf.level[cell] as usize;
            let k = place_cell(model, band, p, cell, buf);
            let counts = &mut buf.counts[(a * visits + j) * width..(a * visits + j + 1) * width];
            counts[old] -= 1;
            counts[k] += 1;
        }
    }
}

//! Entry weeks: when each patient enters the trial, from the scenario's `[accrual]`.
//!
//! A replicate draws `N + 1` standard exponentials `E_i` (the project's own logarithm of
//! uniforms) on its own stream; `S_i / S_(N+1)`, with `S_i` their running sums, are the
//! order statistics of `N` uniforms (Renyi's representation: sorted without a sort), and
//! the planned accrual curve's inverse turns each into a week. The arms are then assigned
//! to the entries in order by permuted blocks or a random permutation of the arms'
//! patients; the arm sizes stay the scenario's.

use super::ln::ln;
use crate::scenario::accrual::{Accrual, Randomisation, Schedule};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// The accrual of a scenario, as the simulation uses it.
#[derive(Debug, Clone)]
pub struct AccrualModel {
    schedule: Schedule,
    patients: u32,
    arm_sizes: Vec<u32>,
    /// Permuted blocks: the block size and each arm's patients in a full block.
    block: Option<(u32, Vec<u32>)>,
}

/// What drawing the entries reuses from replicate to replicate.
#[derive(Debug, Clone, Default)]
pub struct EntryScratch {
    weeks: Vec<f64>,
    arms: Vec<u8>,
    next: Vec<usize>,
}

impl AccrualModel {
    pub fn new(accrual: &Accrual, arm_sizes: &[u32], allocation: &[f64]) -> Self {
        let patients = arm_sizes.iter().sum();
        let block = match accrual.randomisation {
            Randomisation::Complete => None,
            Randomisation::Blocks(size) => {
                let total: f64 = allocation.iter().sum();
                Some((size, allocation.iter().map(|w| (size as f64 * w / total).round() as u32).collect()))
            }
        };
        AccrualModel { schedule: accrual.schedule.clone(), patients, arm_sizes: arm_sizes.to_vec(), block }
    }

    /// The planned duration of accrual in weeks.
    pub fn planned_weeks(&self) -> f64 {
        self.schedule.duration(self.patients)
    }

    /// Draw every patient's entry week into `entry` (patients stored arm after arm from
    /// `arm_start`).
    pub fn draw(&self, rng: &mut ChaCha8Rng, arm_start: &[usize], entry: &mut [f64], scratch: &mut EntryScratch) {
        let n = self.patients as usize;
        // Entry weeks in order: running sums of exponentials over their total.
        let weeks = &mut scratch.weeks;
        weeks.clear();
        let mut sum = 0.0;
        for _ in 0..=n {
            let u: f64 = rng.random();
            sum += -ln(1.0 - u);
            weeks.push(sum);
        }
        let total = weeks.pop().expect("n + 1 sums");
        for w in weeks.iter_mut() {
            *w = self.schedule.week_of(*w / total * n as f64, self.patients);
        }
        // The arm of each entry in order.
        let arms = &mut scratch.arms;
        arms.clear();
        match &self.block {
            None => {
                fill(arms, &self.arm_sizes);
                shuffle(rng, arms);
            }
            Some((size, per_block)) => {
                let full = n / *size as usize;
                for _ in 0..full {
                    let start = arms.len();
                    fill(arms, per_block);
                    shuffle(rng, &mut arms[start..]);
                }
                let rest: Vec<u32> = self.arm_sizes.iter().zip(per_block).map(|(&a, &b)| a - b * full as u32).collect();
                let start = arms.len();
                fill(arms, &rest);
                shuffle(rng, &mut arms[start..]);
            }
        }
        // Each arm's patients take its entries in order.
        scratch.next.clear();
        scratch.next.extend_from_slice(&arm_start[..arm_start.len() - 1]);
        for (&week, &a) in weeks.iter().zip(arms.iter()) {
            let p = &mut scratch.next[a as usize];
            entry[*p] = week;
            *p += 1;
        }
    }
}

/// Append `counts[a]` copies of each arm `a`.
pub fn fill(arms: &mut Vec<u8>, counts: &[u32]) {
    for (a, &c) in counts.iter().enumerate() {
        arms.extend(std::iter::repeat_n(a as u8, c as usize));
    }
}

/// A uniformly random order (Fisher-Yates, with 32-bit draws: the same on every platform).
pub fn shuffle(rng: &mut ChaCha8Rng, items: &mut [u8]) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i as u32) as usize;
        items.swap(i, j);
    }
}

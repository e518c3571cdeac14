//! The type-I error atlas of the README: for each two-sided test at alpha = 0.05, the
//! largest exact type-I error over null rates 0.05, 0.10, ..., 0.95, for arms of 10 to 110
//! patients (two equal arms; one arm for the exact binomial test), with no dropout.
//!
//! Run: cargo run --release --example type1_atlas

use trialsim::evaluation::atlas::atlas;
use trialsim_stats::{Alternative, Test};

fn main() {
    let alpha = 0.05;
    let sizes: Vec<u32> = (1..=11).map(|k| 10 * k).collect();
    let rates: Vec<f64> = (1..=19).map(|k| k as f64 * 0.05).collect();
    // Every test of a binary endpoint.
    let tests = Test::ALL;
    let cells = atlas(&tests, Alternative::TwoSided, alpha, &sizes, &rates);
    print!("| n per arm |");
    for t in &tests {
        print!(" {} |", t.as_str());
    }
    println!();
    println!("|{}", " ---: |".repeat(tests.len() + 1));
    for &n in &sizes {
        print!("| {n} |");
        for t in &tests {
            let c = cells.iter().find(|c| c.test == *t && c.n == n).expect("cell");
            let mark = if c.worst > alpha { "**" } else { "" };
            print!(" {mark}{:.4}{mark} |", c.worst);
        }
        println!();
    }
    for c in cells.iter().filter(|c| matches!(c.test, Test::Fisher | Test::ExactBinomial)) {
        assert!(c.worst <= alpha, "an exact test exceeded alpha: {c:?}");
    }
}

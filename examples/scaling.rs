//! How cost grows with the trial: the primary design of NCT05694130 (two arms, CR by
//! chi-square at the last visit, `--skip-type1`) at 110, 1,100, 11,000 and 110,000
//! patients and 4, 13 and 53 visits, each run in a process of its own so that its peak
//! memory is its own. Prints time per patient-visit and peak resident memory.
//!
//! `cargo run --release --example scaling [PATIENT_VISITS]`: each design simulates about
//! PATIENT_VISITS patient-visits (default 20 million; at least one replicate).

use std::path::Path;
use std::process::Command;
use std::time::Instant;
use trialsim::Scenario;
use trialsim::evaluation::{RunSettings, Silent, run};

const SIZES: [u32; 4] = [110, 1_100, 11_000, 110_000];
const VISITS: [usize; 3] = [4, 13, 53];

/// The design with `patients` patients and `visits` visits (weeks 0, 4, 8, ...), the
/// published rates at every post-baseline visit.
fn design(patients: u32, visits: usize) -> String {
    let weeks: Vec<String> = (0..visits).map(|j| (4 * j).to_string()).collect();
    let rates = |cr: f64, pr: f64| {
        let list = |r: f64| vec![r.to_string(); visits - 1].join(", ");
        format!("{{ CR = [{}], PR = [{}] }}", list(cr), list(pr))
    };
    format!(
        r#"[trial]
name = "scaling"
sample_size = {patients}
visits = [{weeks}]
control = "control"

[marker]
name = "platelets"
baseline = {{ median = 13.0, log_sd = 0.5, min = 1.0, max = 30.0 }}
persistence = 0.7
resolution = 1.0

[[level]]
name = "CR"
above = 100.0

[[level]]
name = "PR"
at_least = 50.0

[[arm]]
name = "arm"
dropout = 0.10
rates = {arm}

[[arm]]
name = "control"
dropout = 0.10
rates = {control}

[[endpoint]]
name = "CR"
levels = ["CR"]
week = {last}
test = "chi-square"
"#,
        weeks = weeks.join(", "),
        arm = rates(0.55, 0.20),
        control = rates(0.30, 0.20),
        last = 4 * (visits - 1),
    )
}

/// Peak resident memory of this process, in kB (Linux: VmHWM).
fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// One design in this process: prints `seconds peak_kb`.
fn child(patients: u32, visits: usize, replicates: u64) {
    let s = Scenario::parse(&design(patients, visits), Path::new("scaling.toml")).expect("a valid design");
    let settings = RunSettings { replicates, skip_type1: true, ..RunSettings::from_scenario(&s) };
    let start = Instant::now();
    let e = run(&s, &settings, &Silent).expect("the run fits");
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(e.replicates, replicates);
    println!("{seconds} {}", peak_kb());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        let arg = |i: usize| args[i].parse::<u64>().expect("a number");
        return child(arg(2) as u32, arg(3) as usize, arg(4));
    }
    let budget: f64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20e6);
    let me = std::env::current_exe().expect("this example's path");
    println!("| patients | visits | replicates | time | ns per patient-visit | peak memory |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for visits in VISITS {
        for patients in SIZES {
            let replicates = (budget / (patients as f64 * visits as f64)).round().max(1.0) as u64;
            let out = Command::new(&me)
                .args(["--child", &patients.to_string(), &visits.to_string(), &replicates.to_string()])
                .output()
                .expect("the child runs");
            let text = String::from_utf8_lossy(&out.stdout);
            let mut parts = text.split_whitespace();
            let seconds: f64 = parts.next().and_then(|x| x.parse().ok()).expect("the child's time");
            let kb: f64 = parts.next().and_then(|x| x.parse().ok()).expect("the child's memory");
            let patient_visits = replicates as f64 * patients as f64 * visits as f64;
            println!(
                "| {patients} | {visits} | {replicates} | {seconds:.2} s | {:.1} | {:.1} MB |",
                seconds * 1e9 / patient_visits,
                kb / 1024.0
            );
        }
    }
}

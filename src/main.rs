//! The `trialsim` command: a thin layer over the library.

mod cli;

use clap::Parser;
use cli::{Cli, Command, FormatArg, RunArgs};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use trialsim::Scenario;
use trialsim::evaluation::{self, Progress, RunSettings};
use trialsim::output::{self, Format, design};

fn main() {
    let cli = Cli::parse();
    if let Err(e) = dispatch(cli.command) {
        eprintln!("error: {e:#}");
        let code = e.downcast_ref::<trialsim::Error>().map_or(1, |e| e.exit_code());
        std::process::exit(code);
    }
}

fn dispatch(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Check { file } => {
            let s = Scenario::load(&file)?;
            print!("{}", design::describe(&s));
            println!("ok: {} is valid", file.display());
            Ok(())
        }
        Command::Run(args) => run(args),
        Command::Simon(args) => simon(args),
    }
}

fn simon(a: cli::SimonArgs) -> anyhow::Result<()> {
    let ok = |x: f64| x > 0.0 && x < 1.0;
    if !(ok(a.p0) && ok(a.p1) && a.p0 < a.p1 && ok(a.alpha) && ok(a.power)) {
        return Err(trialsim::Error::Settings(format!(
            "expected 0 < p0 < p1 < 1 and alpha, power in (0, 1); found p0 {}, p1 {}, alpha {}, power {}",
            a.p0, a.p1, a.alpha, a.power
        ))
        .into());
    }
    let Some((optimal, minimax)) = trialsim::analysis::simon::search(a.p0, a.p1, a.alpha, a.power, a.nmax) else {
        return Err(trialsim::Error::Settings(format!(
            "no two-stage design with at most {} patients reaches power {} at alpha {}; raise --nmax",
            a.nmax, a.power, a.alpha
        ))
        .into());
    };
    match a.format {
        FormatArg::Json => println!("{}", serde_json::json!({ "optimal": optimal, "minimax": minimax })),
        FormatArg::Table => print!("{}", output::simon::table(a.p0, a.p1, a.alpha, a.power, &optimal, &minimax)),
    }
    Ok(())
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn advance(&self, replicates: u64) {
        self.0.inc(replicates);
    }

    fn set_total(&self, replicates: u64) {
        self.0.set_length(replicates);
    }
}

fn run(args: RunArgs) -> anyhow::Result<()> {
    let s = Scenario::load(&args.file)?;
    let settings = RunSettings {
        replicates: args.replicates.unwrap_or(s.simulation.replicates),
        seed: args.seed.unwrap_or(s.simulation.seed),
        threads: args.threads,
        skip_type1: args.skip_type1,
        precision: args.precision,
        max_replicates: args.max_replicates,
    };
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(settings.replicates);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} replicates ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let progress = Bar(bar);
    let result = evaluation::run(&s, &settings, &progress)?;
    progress.0.finish_and_clear();
    let format = match args.format {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
    };
    let text = output::exporter(format).render(&result);
    match &args.output {
        Some(path) => output::write::atomic(path, &text)?,
        None => print!("{text}"),
    }
    Ok(())
}

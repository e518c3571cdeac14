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
    }
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

//! The `trialsim` command: parse the arguments, dispatch to the command, and turn an error
//! into a message and an exit status (0 when a reader closed the output pipe early).

mod cli;

use clap::Parser;
use cli::args::{Cli, Command};

fn main() {
    let result = match Cli::parse().command {
        Command::Check(a) => cli::check::check(a).map_err(anyhow::Error::from),
        Command::Run(a) => cli::run::run(a),
        Command::Simon(a) => cli::simon::simon(a).map_err(anyhow::Error::from),
        Command::Size(a) => cli::size::size(a).map_err(anyhow::Error::from),
        Command::Export(a) => cli::export::export(a),
        Command::Analyse(a) => cli::analyse::analyse(a).map_err(anyhow::Error::from),
        Command::Report(a) => cli::report::report(a).map_err(anyhow::Error::from),
        Command::Merge(a) => cli::merge::merge(a).map_err(anyhow::Error::from),
        Command::Sweep(a) => cli::sweep::sweep(a).map_err(anyhow::Error::from),
        Command::Schema(a) => cli::schema::schema(a).map_err(anyhow::Error::from),
    };
    if let Err(e) = result {
        let library = e.downcast_ref::<trialsim::Error>();
        if library.is_some_and(|e| e.is_broken_pipe()) {
            std::process::exit(0);
        }
        eprintln!("error: {e:#}");
        let usage = e.downcast_ref::<cli::usage::Usage>().map(|_| 2);
        std::process::exit(library.map(|e| e.exit_code()).or(usage).unwrap_or(1));
    }
}

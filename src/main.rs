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
        Command::Sweep(args) => sweep(args),
        Command::Size(args) => size(args),
        Command::Merge(args) => merge(args),
        Command::Export(args) => export(args),
        Command::Report(args) => report(args),
    }
}

fn report(a: cli::ReportArgs) -> anyhow::Result<()> {
    let s = Scenario::load(&a.file)?;
    let settings = a.simulation.settings(&s);
    let sweep = match &a.sweep {
        Some(p) => {
            Some(std::fs::read_to_string(p).map_err(|source| trialsim::Error::Read { path: p.clone(), source })?)
        }
        None => None,
    };
    let progress = Bar(progress_bar(settings.replicates).0, false);
    let (model, plan, tally, precision) = evaluation::run_tally(&s, &settings, &progress)?;
    progress.0.finish_and_clear();
    let result = evaluation::Evaluation::new(&s, &settings, &model, &plan, &tally, precision);
    let html = output::report::html(&s, &result, &tally, settings.seed, sweep.as_deref());
    output::write::atomic(&a.output, &html)?;
    Ok(())
}

/// Write named SVG files into `dir` (created if missing).
fn write_plots(dir: &std::path::Path, charts: &[(String, String)]) -> trialsim::Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| trialsim::Error::Write { path: dir.to_path_buf(), source })?;
    for (name, svg) in charts {
        output::write::atomic(&dir.join(name), svg)?;
    }
    Ok(())
}

fn export(a: cli::ExportArgs) -> anyhow::Result<()> {
    let s = Scenario::load(&a.file)?;
    let text = output::export::patients_csv(&s, a.seed.unwrap_or(s.simulation.seed), a.replicate);
    match &a.output {
        Some(path) => output::write::atomic(path, &text)?,
        None => stdout_write(&text)?,
    }
    Ok(())
}

fn merge(a: cli::MergeArgs) -> anyhow::Result<()> {
    let result = trialsim::evaluation::shard::merge(&a.files)?;
    let format = match a.format {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
    };
    let text = output::exporter(format).render(&result);
    match &a.output {
        Some(path) => output::write::atomic(path, &text)?,
        None => stdout_write(&text)?,
    }
    Ok(())
}

fn size(a: cli::SizeArgs) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(&a.file).map_err(|source| trialsim::Error::Read { path: a.file.clone(), source })?;
    let base = Scenario::parse(&text, &a.file).map_err(trialsim::Error::from)?;
    // Endpoint entries are (endpoint, compared arm) in order; take the first of the endpoint.
    let entries: Vec<usize> = base.endpoints.iter().flat_map(|_| base.compared_arms()).collect();
    let per_endpoint = base.compared_arms().len();
    let endpoint = match &a.endpoint {
        Some(name) => base.endpoints.iter().position(|e| &e.name == name).ok_or_else(|| {
            let names: Vec<&str> = base.endpoints.iter().map(|e| e.name.as_str()).collect();
            trialsim::Error::Settings(format!("unknown endpoint `{name}`; expected one of {}", names.join(", ")))
        })?,
        None => base.endpoints.iter().position(|e| e.primary).unwrap_or(0),
    };
    if entries.is_empty() {
        return Err(trialsim::Error::Settings("the scenario has no endpoint".into()).into());
    }
    let settings = a.simulation.settings(&base);
    let bar = progress_bar(0);
    let r = trialsim::sweep::size::search(
        &text,
        &a.file,
        endpoint * per_endpoint,
        a.target_power,
        a.min,
        a.max,
        &settings,
        &bar,
    )?;
    bar.0.finish_and_clear();
    match a.format {
        FormatArg::Json => println!("{}", serde_json::to_string_pretty(&r)?),
        FormatArg::Table => {
            println!("{} ({} vs control): target power {}", r.endpoint, r.arm, r.target_power);
            println!(
                "  smallest total sample size: {} (power {:.4}, 95% CI [{:.4}, {:.4}], {} replicates)",
                r.sample_size, r.power, r.power_ci95[0], r.power_ci95[1], r.replicates
            );
            for n in &r.neighbours {
                println!(
                    "  at {}: power {:.4} [{:.4}, {:.4}]",
                    n.sample_size, n.power, n.power_ci95[0], n.power_ci95[1]
                );
            }
            match r.exact_sample_size {
                Some(n) => println!("  exact answer (enumeration): {n}"),
                None => println!("  exact answer: not computable for this endpoint"),
            }
        }
    }
    Ok(())
}

fn sweep(a: cli::SweepArgs) -> anyhow::Result<()> {
    use trialsim::sweep::{file::SweepFile, grid, rows};
    let text =
        std::fs::read_to_string(&a.file).map_err(|source| trialsim::Error::Read { path: a.file.clone(), source })?;
    let base = Scenario::parse(&text, &a.file).map_err(trialsim::Error::from)?;
    let shard = a.shard.as_deref().map(trialsim::evaluation::shard::parse_shard).transpose()?;
    let mut axes = grid::axes_of(&text).map_err(trialsim::Error::Settings)?;
    for spec in &a.vary {
        axes.push(grid::parse_axis(spec).map_err(|e| trialsim::Error::Settings(format!("--vary {e}")))?);
    }
    if axes.is_empty() {
        return Err(trialsim::Error::Settings("no axes: give --vary PATH=VALUES or [[sweep]] tables".into()).into());
    }
    let settings = RunSettings { skip_type1: a.skip_type1, ..a.simulation.settings(&base) };
    let csv = a.format == cli::SweepFormat::Csv;
    let header = if csv { rows::csv_header(&axes) } else { String::new() };
    let rows_per_point = base.endpoints.iter().map(|_| base.compared_arms().len()).sum::<usize>();
    let points = grid::points(&axes).len();
    let (mut out, first) = match (&a.output, a.resume) {
        (Some(path), true) => {
            let order: Vec<usize> = (0..points).filter(|k| shard.is_none_or(|(i, n)| *k as u64 % n == i)).collect();
            let (f, done) = SweepFile::resume(path, &header, rows_per_point, csv, &order)?;
            (Some(f), done)
        }
        (Some(path), false) => (Some(SweepFile::create(path, &header)?), 0),
        (None, _) => {
            stdout_write(&header)?;
            (None, 0)
        }
    };
    let bar = progress_bar(settings.replicates * (points - first.min(points)) as u64);
    let axes_ref = &axes;
    let mut table = rows::csv_header(&axes);
    let table_ref = &mut table;
    let mut write = |i: usize, values: &[f64], e: &trialsim::evaluation::Evaluation| -> trialsim::Result<()> {
        table_ref.push_str(&rows::csv_rows(i, values, e));
        let text = if csv { rows::csv_rows(i, values, e) } else { rows::json_rows(i, axes_ref, values, e) };
        match out.as_mut() {
            Some(f) => f.append(&text),
            None => stdout_write(&text),
        }
    };
    trialsim::sweep::sweep(&text, &a.file, &axes, &settings, first, shard, &bar, &mut write)?;
    bar.0.finish_and_clear();
    if let Some(dir) = &a.plots {
        write_plots(dir, &output::report::sweep_charts(&table))?;
    }
    Ok(())
}

/// Write to standard output, an error (not a panic) when it is closed.
fn stdout_write(text: &str) -> trialsim::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|source| trialsim::Error::Write { path: "standard output".into(), source })
}

/// A progress bar on standard error when it is a terminal, hidden otherwise.
fn progress_bar(total: u64) -> Bar {
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} replicates ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    Bar(bar, total > 0)
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
    let Some((optimal, minimax)) = trialsim_stats::simon::search(a.p0, a.p1, a.alpha, a.power, a.nmax) else {
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

/// The progress bar; the flag says whether `set_total` may change its length (single runs).
struct Bar(ProgressBar, bool);

impl Progress for Bar {
    fn advance(&self, replicates: u64) {
        self.0.inc(replicates);
    }

    fn set_total(&self, replicates: u64) {
        if !self.1 {
            self.0.set_length(replicates);
        }
    }
}

fn run(args: RunArgs) -> anyhow::Result<()> {
    let s = Scenario::load(&args.file)?;
    let settings = RunSettings {
        skip_type1: args.skip_type1,
        precision: args.precision,
        max_replicates: args.max_replicates,
        shard: args.shard.as_deref().map(trialsim::evaluation::shard::parse_shard).transpose()?,
        ..args.simulation.settings(&s)
    };
    if settings.shard.is_some() && args.format != FormatArg::Json {
        return Err(
            trialsim::Error::Settings("--shard writes JSON for `trialsim merge`: add --format json".into()).into()
        );
    }
    // A single run's bar follows the target of --precision.
    let progress = Bar(progress_bar(settings.replicates).0, false);
    let (model, plan, tally, precision) = evaluation::run_tally(&s, &settings, &progress)?;
    let result = evaluation::Evaluation::new(&s, &settings, &model, &plan, &tally, precision);
    progress.0.finish_and_clear();
    if let Some(dir) = &args.plots {
        write_plots(dir, &output::report::charts(&s, &result, &tally, settings.seed))?;
    }
    if let Some((i, n)) = settings.shard {
        let shard = trialsim::evaluation::shard::Shard {
            index: i + 1,
            count: n,
            scenario_file: args.file.display().to_string(),
            scenario_text: std::fs::read_to_string(&args.file)
                .map_err(|source| trialsim::Error::Read { path: args.file.clone(), source })?,
            seed: settings.seed,
            replicates: settings.replicates,
            skip_type1: settings.skip_type1,
            tally,
        };
        let mut value = serde_json::to_value(&result)?;
        value["shard"] = serde_json::to_value(&shard)?;
        let text = serde_json::to_string_pretty(&value)? + "\n";
        match &args.output {
            Some(path) => output::write::atomic(path, &text)?,
            None => stdout_write(&text)?,
        }
        return Ok(());
    }
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

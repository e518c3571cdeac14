//! The engine of the Python package: thin calls into `trialsim::api` (no second engine).
//! Each call releases the GIL while the engine runs on a thread of its own and checks for
//! Ctrl-C every 50 ms; results cross as the JSON (or CSV) text the command line writes, so
//! Python sees exactly the command line's numbers.

use pyo3::create_exception;
use pyo3::exceptions::{PyKeyboardInterrupt, PyOSError, PyValueError};
use pyo3::prelude::*;
use std::time::Duration;
use trialsim::api::{self, Interrupt, Options, ScenarioInput};
use trialsim::size::{Search, SizeTarget};

create_exception!(
    _trialsim,
    ScenarioError,
    PyValueError,
    "A scenario that is not valid: `file`, `line`, `column` and `key` say where, `message` what is wrong and what was expected."
);

/// The scenario of a call (see `ScenarioInput::from_kind`).
fn input(kind: &str, source: &str, name: &str) -> PyResult<ScenarioInput> {
    ScenarioInput::from_kind(kind, source, name).map_err(PyValueError::new_err)
}

/// The Python exception of a library error.
fn error(py: Python<'_>, e: trialsim::Error) -> PyErr {
    match e {
        trialsim::Error::Scenario(s) => {
            let err = ScenarioError::new_err(s.to_string());
            let value = err.value(py);
            let attributes: [(&str, Py<PyAny>); 5] = [
                ("file", s.file.display().to_string().into_pyobject(py).map(|v| v.into_any().unbind()).unwrap()),
                ("line", s.line.into_pyobject(py).map(|v| v.into_any().unbind()).unwrap()),
                ("column", s.column.into_pyobject(py).map(|v| v.into_any().unbind()).unwrap()),
                ("key", s.key.clone().into_pyobject(py).map(|v| v.into_any().unbind()).unwrap()),
                ("message", s.message.clone().into_pyobject(py).map(|v| v.into_any().unbind()).unwrap()),
            ];
            for (name, v) in attributes {
                if let Err(e) = value.setattr(name, v) {
                    return e;
                }
            }
            err
        }
        trialsim::Error::Interrupted => PyKeyboardInterrupt::new_err(e.to_string()),
        trialsim::Error::Read { .. } | trialsim::Error::Write { .. } => PyOSError::new_err(format!("{e:#}")),
        other => PyValueError::new_err(other.to_string()),
    }
}

/// Run `work` on a thread of its own with the GIL released; every 50 ms check for a
/// signal, and on Ctrl-C stop the engine and raise `KeyboardInterrupt`.
fn engine<T: Send + 'static>(
    py: Python<'_>,
    work: impl FnOnce(&Interrupt) -> trialsim::Result<T> + Send + 'static,
) -> PyResult<T> {
    let interrupt = Interrupt::new();
    let running = interrupt.clone();
    let handle = std::thread::spawn(move || work(&running));
    loop {
        let finished = py.detach(|| {
            let until = std::time::Instant::now() + Duration::from_millis(50);
            while !handle.is_finished() && std::time::Instant::now() < until {
                std::thread::sleep(Duration::from_millis(2));
            }
            handle.is_finished()
        });
        if finished {
            break;
        }
        if let Err(signal) = py.check_signals() {
            interrupt.stop();
            let _ = py.detach(|| handle.join());
            return Err(signal);
        }
    }
    match handle.join() {
        Ok(result) => result.map_err(|e| error(py, e)),
        Err(_) => Err(PyValueError::new_err("the engine panicked; please report the scenario")),
    }
}

fn options(replicates: Option<u64>, seed: Option<u64>, threads: Option<usize>, skip_type1: bool) -> Options {
    Options { replicates, seed, threads, skip_type1 }
}

/// `trialsim run`: the JSON output and the table.
#[pyfunction]
#[pyo3(signature = (kind, source, name, replicates=None, seed=None, threads=None, skip_type1=false))]
#[allow(clippy::too_many_arguments)]
fn run(
    py: Python<'_>,
    kind: &str,
    source: &str,
    name: &str,
    replicates: Option<u64>,
    seed: Option<u64>,
    threads: Option<usize>,
    skip_type1: bool,
) -> PyResult<(String, String)> {
    let input = input(kind, source, name)?;
    let options = options(replicates, seed, threads, skip_type1);
    let e = engine(py, move |i| api::run(&input, &options, i))?;
    let render = |format| trialsim::output::exporter(format).render(&e);
    Ok((render(trialsim::output::Format::Json), render(trialsim::output::Format::Table)))
}

/// `trialsim check`: the design as text.
#[pyfunction]
fn check(py: Python<'_>, kind: &str, source: &str, name: &str) -> PyResult<String> {
    api::check(&input(kind, source, name)?).map_err(|e| error(py, e))
}

/// `trialsim sweep --format json`: one JSON line per point and endpoint.
#[pyfunction]
#[pyo3(signature = (kind, source, name, vary, replicates=None, seed=None, threads=None, skip_type1=false))]
#[allow(clippy::too_many_arguments)]
fn sweep(
    py: Python<'_>,
    kind: &str,
    source: &str,
    name: &str,
    vary: Vec<String>,
    replicates: Option<u64>,
    seed: Option<u64>,
    threads: Option<usize>,
    skip_type1: bool,
) -> PyResult<String> {
    let input = input(kind, source, name)?;
    let options = options(replicates, seed, threads, skip_type1);
    let sweep = engine(py, move |i| api::sweep(&input, &vary, &options, i))?;
    Ok(sweep.json_lines())
}

/// `trialsim size --format json`.
#[pyfunction]
#[pyo3(signature = (kind, source, name, target_power, endpoint=None, target="per-arm", arm=None, min=10, max=1000, replicates=None, seed=None, threads=None))]
#[allow(clippy::too_many_arguments)]
fn size(
    py: Python<'_>,
    kind: &str,
    source: &str,
    name: &str,
    target_power: f64,
    endpoint: Option<String>,
    target: &str,
    arm: Option<String>,
    min: u32,
    max: u32,
    replicates: Option<u64>,
    seed: Option<u64>,
    threads: Option<usize>,
) -> PyResult<String> {
    let input = input(kind, source, name)?;
    let measure = SizeTarget::parse(target).ok_or_else(|| {
        PyValueError::new_err(format!("unknown target `{target}`; expected one of {}", SizeTarget::NAMES.join(", ")))
    })?;
    let search = Search { endpoint, target: target_power, measure, arm, min, max };
    let options = options(replicates, seed, threads, false);
    let r = engine(py, move |i| api::size(&input, &search, &options, i))?;
    Ok(serde_json::to_string_pretty(&r).expect("a search result serialises") + "\n")
}

/// `trialsim simon --format json`.
#[pyfunction]
#[pyo3(signature = (p0, p1, alpha=0.05, power=0.8, nmax=100))]
fn simon(py: Python<'_>, p0: f64, p1: f64, alpha: f64, power: f64, nmax: u32) -> PyResult<String> {
    let d = engine(py, move |_| api::simon(p0, p1, alpha, power, nmax))?;
    Ok(serde_json::to_string(&d).expect("designs serialise") + "\n")
}

/// `trialsim export --replicate K`: the patients as CSV.
#[pyfunction]
#[pyo3(signature = (kind, source, name, replicate, replicates=None, seed=None))]
fn export(
    py: Python<'_>,
    kind: &str,
    source: &str,
    name: &str,
    replicate: u64,
    replicates: Option<u64>,
    seed: Option<u64>,
) -> PyResult<String> {
    let input = input(kind, source, name)?;
    api::export(&input, replicate, &options(replicates, seed, None, false)).map_err(|e| error(py, e))
}

/// The TOML text a nested map (as JSON) is read as.
#[pyfunction]
fn to_toml(py: Python<'_>, json: &str, name: &str) -> PyResult<String> {
    input("json", json, name)?.toml().map_err(|e| error(py, e))
}

#[pymodule]
fn _trialsim(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ScenarioError", m.py().get_type::<ScenarioError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    for f in [
        wrap_pyfunction!(run, m)?,
        wrap_pyfunction!(check, m)?,
        wrap_pyfunction!(sweep, m)?,
        wrap_pyfunction!(size, m)?,
        wrap_pyfunction!(simon, m)?,
        wrap_pyfunction!(export, m)?,
        wrap_pyfunction!(to_toml, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}

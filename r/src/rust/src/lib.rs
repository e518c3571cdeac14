//! The engine of the R package: thin calls into `trialsim::api` (no second engine).
//!
//! Each call returns a list: `ok` holds the result (the command line's JSON, table or CSV
//! text, and the JSON as an R list), or `error_class` and `message` (with `file`, `line`,
//! `column` and `key` for a scenario error) describe what went wrong, and R code raises
//! the condition (extendr cannot raise a classed condition itself). Long calls run on a
//! thread of their own while R's main thread checks for Ctrl-C every 50 ms; the worker
//! never touches R.

// The functions R calls take R's arguments one by one.
#![allow(clippy::too_many_arguments)]

use engine::api::{self, Interrupt, Options, ScenarioInput};
use engine::output::{Format, exporter};
use engine::size::{Search, SizeTarget};
use extendr_api::prelude::*;
use serde_json::Value;
use std::time::Duration;

unsafe extern "C" {
    fn R_CheckUserInterrupt();
    fn R_ToplevelExec(
        fun: Option<unsafe extern "C" fn(*mut std::os::raw::c_void)>,
        data: *mut std::os::raw::c_void,
    ) -> std::os::raw::c_int;
}

unsafe extern "C" fn check_interrupt(_: *mut std::os::raw::c_void) {
    unsafe { R_CheckUserInterrupt() }
}

/// Has the user pressed Ctrl-C? (R's main thread only; never jumps over Rust frames.)
fn interrupted() -> bool {
    unsafe { R_ToplevelExec(Some(check_interrupt), std::ptr::null_mut()) == 0 }
}

/// What a call gives R: a result, or an error R raises as a condition.
enum Outcome {
    Ok(Robj),
    Error(engine::Error),
    Usage(String),
    Interrupted,
}

impl From<Outcome> for Robj {
    fn from(o: Outcome) -> Robj {
        match o {
            Outcome::Ok(v) => list!(ok = v).into(),
            Outcome::Interrupted => list!(interrupted = true).into(),
            Outcome::Usage(message) => list!(error_class = "trialsim_error", message = message).into(),
            Outcome::Error(engine::Error::Scenario(e)) => list!(
                error_class = "trialsim_scenario_error",
                message = e.to_string(),
                file = e.file.display().to_string(),
                line = e.line as f64,
                column = e.column as f64,
                key = e.key.clone()
            )
            .into(),
            Outcome::Error(engine::Error::Interrupted) => list!(interrupted = true).into(),
            Outcome::Error(e) => list!(error_class = "trialsim_error", message = format!("{e:#}")).into(),
        }
    }
}

/// The scenario of a call (see `ScenarioInput::from_kind`).
fn input(kind: &str, source: &str, name: &str) -> std::result::Result<ScenarioInput, Outcome> {
    ScenarioInput::from_kind(kind, source, name).map_err(Outcome::Usage)
}

/// A whole number in `[0, 2^53]` from R (a double), or `None` for NULL / NA.
fn count(x: Option<f64>, what: &str) -> std::result::Result<Option<u64>, Outcome> {
    match x {
        None => Ok(None),
        Some(v) if (0.0..=9007199254740992.0).contains(&v) && v.fract() == 0.0 => Ok(Some(v as u64)),
        Some(v) => Err(Outcome::Usage(format!("`{what}` must be a whole number of at least 0; got {v}"))),
    }
}

fn options(
    replicates: Option<f64>,
    seed: Option<f64>,
    threads: Option<f64>,
    skip_type1: bool,
) -> std::result::Result<Options, Outcome> {
    Ok(Options {
        replicates: count(replicates, "replicates")?,
        seed: count(seed, "seed")?,
        threads: count(threads, "threads")?.map(|t| t as usize),
        skip_type1,
    })
}

/// Run `work` on a thread of its own; poll for Ctrl-C every 50 ms and stop it on one.
fn engine_call<T: Send + 'static>(
    work: impl FnOnce(&Interrupt) -> engine::Result<T> + Send + 'static,
    finish: impl FnOnce(T) -> Robj,
) -> Outcome {
    let interrupt = Interrupt::new();
    let running = interrupt.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let _ = tx.send(work(&running));
    });
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(result) => {
                let _ = handle.join();
                return match result {
                    Ok(v) => Outcome::Ok(finish(v)),
                    Err(e) => Outcome::Error(e),
                };
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if interrupted() {
                    interrupt.stop();
                    let _ = handle.join();
                    return Outcome::Interrupted;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                let _ = handle.join();
                return Outcome::Usage(
                    "the engine stopped without a result (a panic); please report the scenario".into(),
                );
            }
        }
    }
}

/// A JSON value as R: objects as named lists, arrays of numbers, strings or logicals as
/// vectors (`null` inside them as NA), other arrays as lists, `null` as NULL.
fn to_r(v: &Value) -> Robj {
    match v {
        Value::Null => ().into(),
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN).into(),
        Value::String(s) => s.as_str().into(),
        Value::Array(items) => {
            let scalar = |f: fn(&Value) -> bool| !items.is_empty() && items.iter().all(|x| x.is_null() || f(x));
            let some = |f: fn(&Value) -> bool| items.iter().any(f);
            if scalar(Value::is_number) && some(Value::is_number) {
                Doubles::from_values(items.iter().map(|x| x.as_f64().map_or(Rfloat::na(), Rfloat::from))).into()
            } else if scalar(Value::is_string) && some(Value::is_string) {
                Strings::from_values(items.iter().map(|x| x.as_str().map_or(Rstr::na(), Rstr::from))).into()
            } else if scalar(Value::is_boolean) && some(Value::is_boolean) {
                Logicals::from_values(items.iter().map(|x| x.as_bool().map_or(Rbool::na(), Rbool::from))).into()
            } else {
                List::from_values(items.iter().map(to_r)).into()
            }
        }
        Value::Object(map) => List::from_names_and_values(map.keys(), map.values().map(to_r))
            .map(Robj::from)
            .unwrap_or_else(|_| ().into()),
    }
}

/// The command line's JSON text, its table text, and the JSON as an R list.
fn documents(json: String, table: String) -> Robj {
    let value: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
    list!(json = json, table = table, result = to_r(&value)).into()
}

macro_rules! or_return {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(outcome) => return Robj::from(outcome),
        }
    };
}

/// `trialsim run`.
#[extendr]
fn run_(
    kind: &str,
    source: &str,
    name: &str,
    replicates: Option<f64>,
    seed: Option<f64>,
    threads: Option<f64>,
    skip_type1: bool,
) -> Robj {
    let input = or_return!(input(kind, source, name));
    let options = or_return!(options(replicates, seed, threads, skip_type1));
    engine_call(
        move |i| api::run(&input, &options, i),
        |e| documents(exporter(Format::Json).render(&e), exporter(Format::Table).render(&e)),
    )
    .into()
}

/// `trialsim check`: the design as text.
#[extendr]
fn check_(kind: &str, source: &str, name: &str) -> Robj {
    let input = or_return!(input(kind, source, name));
    match api::check(&input) {
        Ok(text) => Outcome::Ok(text.into()),
        Err(e) => Outcome::Error(e),
    }
    .into()
}

/// `trialsim sweep`: the rows as the command line's CSV text.
#[extendr]
fn sweep_(
    kind: &str,
    source: &str,
    name: &str,
    vary: Vec<String>,
    replicates: Option<f64>,
    seed: Option<f64>,
    threads: Option<f64>,
    skip_type1: bool,
) -> Robj {
    let input = or_return!(input(kind, source, name));
    let options = or_return!(options(replicates, seed, threads, skip_type1));
    engine_call(
        move |i| api::sweep(&input, &vary, &options, i),
        |s| {
            let csv = engine::output::sweep_rows::header(Format::Csv, &s.axes)
                + &engine::output::sweep_rows::render(Format::Csv, &s.axes, &s.rows);
            Robj::from(csv)
        },
    )
    .into()
}

/// `trialsim size`.
#[extendr]
fn size_(
    kind: &str,
    source: &str,
    name: &str,
    target_power: f64,
    endpoint: Option<String>,
    target: &str,
    arm: Option<String>,
    min: f64,
    max: f64,
    replicates: Option<f64>,
    seed: Option<f64>,
    threads: Option<f64>,
) -> Robj {
    let input = or_return!(input(kind, source, name));
    let options = or_return!(options(replicates, seed, threads, false));
    let Some(measure) = SizeTarget::parse(target) else {
        return Outcome::Usage(format!("unknown target `{target}`; expected one of {}", SizeTarget::NAMES.join(", ")))
            .into();
    };
    let bound = |x: f64, what: &str| or_return_u32(x, what);
    let (min, max) = match (bound(min, "min"), bound(max, "max")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(o), _) | (_, Err(o)) => return o.into(),
    };
    let search = Search { endpoint, target: target_power, measure, arm, min, max };
    engine_call(
        move |i| api::size(&input, &search, &options, i),
        |r| {
            documents(
                serde_json::to_string_pretty(&r).expect("a search result serialises") + "\n",
                engine::output::size::table(&r),
            )
        },
    )
    .into()
}

fn or_return_u32(x: f64, what: &str) -> std::result::Result<u32, Outcome> {
    if x >= 1.0 && x <= u32::MAX as f64 && x.fract() == 0.0 {
        Ok(x as u32)
    } else {
        Err(Outcome::Usage(format!("`{what}` must be a whole number of at least 1; got {x}")))
    }
}

/// `trialsim simon`.
#[extendr]
fn simon_(p0: f64, p1: f64, alpha: f64, power: f64, nmax: f64) -> Robj {
    let nmax = or_return!(or_return_u32(nmax, "nmax"));
    engine_call(
        move |_| api::simon(p0, p1, alpha, power, nmax),
        |d| {
            let table = engine::output::simon::table(&d);
            documents(serde_json::to_string(&d).expect("designs serialise") + "\n", table)
        },
    )
    .into()
}

/// `trialsim export`: the patients as the command line's CSV text.
#[extendr]
fn export_(kind: &str, source: &str, name: &str, replicate: f64, replicates: Option<f64>, seed: Option<f64>) -> Robj {
    let input = or_return!(input(kind, source, name));
    let options = or_return!(options(replicates, seed, None, false));
    let replicate = or_return!(count(Some(replicate), "replicate")).unwrap_or(0);
    engine_call(move |_| api::export(&input, replicate, &options), Robj::from).into()
}

/// The TOML text a scenario list (as JSON) is read as.
#[extendr]
fn to_toml_(json: &str) -> Robj {
    let input = or_return!(input("json", json, "<list>"));
    match input.toml() {
        Ok(text) => Outcome::Ok(text.into()),
        Err(e) => Outcome::Error(e),
    }
    .into()
}

/// A scenario given as an R list, as JSON: a named list is a table, an unnamed list an
/// array (of tables, for `arm`, `endpoint`, ...); a vector of length 1 is a value and a
/// longer one an array (wrap a single value in `list()` for an array of one); whole
/// numbers are written as integers (TOML integers; every key that takes a number takes
/// them too).
#[extendr]
fn list_to_json_(x: Robj) -> Robj {
    match from_r(&x, "") {
        Ok(v) => Outcome::Ok(v.to_string().into()),
        Err(message) => Outcome::Usage(message),
    }
    .into()
}

fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9007199254740992.0 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

fn from_r(x: &Robj, at: &str) -> std::result::Result<Value, String> {
    let missing = || format!("`{at}` is NA or NULL: a scenario has no missing values (leave the key out instead)");
    let vector =
        |items: Vec<Value>| if items.len() == 1 { items.into_iter().next().unwrap() } else { Value::Array(items) };
    match x.rtype() {
        Rtype::List => {
            let list = x.as_list().ok_or_else(|| format!("`{at}`: not a list"))?;
            let names: Option<Vec<String>> = x.names().map(|n| n.map(String::from).collect());
            let named = names.as_ref().is_some_and(|n| n.iter().all(|k| !k.is_empty() && k != "NA"));
            let values: Vec<Robj> = list.values().collect();
            if named {
                let mut map = serde_json::Map::new();
                for (k, v) in names.unwrap().into_iter().zip(values) {
                    let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                    map.insert(k, from_r(&v, &path)?);
                }
                Ok(Value::Object(map))
            } else if names.as_ref().is_some_and(|n| n.iter().any(|k| !k.is_empty())) {
                Err(format!("`{at}`: some elements are named and some not; name all (a table) or none (a list)"))
            } else {
                let items = values.iter().enumerate().map(|(i, v)| from_r(v, &format!("{at}[{i}]")));
                Ok(Value::Array(items.collect::<std::result::Result<_, _>>()?))
            }
        }
        Rtype::Doubles => {
            let v = x.as_real_slice().unwrap_or(&[]);
            if v.iter().any(|d| d.is_nan()) {
                return Err(missing());
            }
            Ok(vector(v.iter().map(|&d| number(d)).collect()))
        }
        Rtype::Integers => {
            let v = x.as_integer_slice().unwrap_or(&[]);
            if v.contains(&i32::MIN) {
                return Err(missing());
            }
            Ok(vector(v.iter().map(|&i| Value::from(i)).collect()))
        }
        Rtype::Logicals => {
            let v = x.as_logical_slice().unwrap_or(&[]);
            if v.iter().any(|b| b.is_na()) {
                return Err(missing());
            }
            Ok(vector(v.iter().map(|b| Value::Bool(b.is_true())).collect()))
        }
        Rtype::Strings => {
            let v = x.as_string_vector().ok_or_else(missing)?;
            Ok(vector(v.into_iter().map(Value::String).collect()))
        }
        Rtype::Null => Err(missing()),
        other => Err(format!("`{at}`: an R value of type {other:?} has no place in a scenario")),
    }
}

/// The trialsim version of the engine.
#[extendr]
fn engine_version_() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

extendr_module! {
    mod trialsim;
    fn run_;
    fn check_;
    fn sweep_;
    fn size_;
    fn simon_;
    fn export_;
    fn to_toml_;
    fn list_to_json_;
    fn engine_version_;
}

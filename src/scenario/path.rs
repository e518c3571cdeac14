//! Addressing a number in a scenario: `trial.sample_size`, `marker.persistence`,
//! `arm[Prednisolone].dropout`, `arm[Prednisolone].rates.CR[2]` (0-based),
//! `endpoint[CR at week 12].alpha`, `arm[*].dropout` (every arm).

use super::locate::KeyPath;
use toml::{Table, Value};

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    /// An element of an array of tables chosen by its `name` (or `*` for all).
    Named(String),
    /// An array element by 0-based index.
    Index(usize),
}

/// A parsed path.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuePath {
    pub text: String,
    steps: Vec<Step>,
}

impl ValuePath {
    /// Parse `a.b[sel].c[2]`.
    pub fn parse(text: &str) -> Result<ValuePath, String> {
        let mut steps = Vec::new();
        let mut rest = text.trim();
        while !rest.is_empty() {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let key = &rest[..end];
            if !key.is_empty() {
                steps.push(Step::Key(key.to_string()));
            }
            rest = &rest[end..];
            if let Some(r) = rest.strip_prefix('[') {
                let close = r.find(']').ok_or_else(|| "a `[` without `]`".to_string())?;
                let selector = &r[..close];
                steps.push(match selector.parse::<usize>() {
                    Ok(i) => Step::Index(i),
                    Err(_) => Step::Named(selector.to_string()),
                });
                rest = &r[close + 1..];
            }
            if let Some(r) = rest.strip_prefix('.') {
                rest = r;
            } else if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!("cannot read the path at `{rest}`"));
            }
        }
        if steps.is_empty() {
            return Err("an empty path".into());
        }
        Ok(ValuePath { text: text.to_string(), steps })
    }

    /// The section the path starts in (`trial`, `arm`, ...).
    pub fn section(&self) -> &str {
        match &self.steps[0] {
            Step::Key(k) => k,
            Step::Named(_) | Step::Index(_) => "",
        }
    }

    /// Set the number at this path in `doc` (every match of `[*]`) and return the key paths
    /// it was set at. Integers stay integers when the new value is whole.
    pub fn set(&self, doc: &mut Table, value: f64) -> Result<Vec<KeyPath>, String> {
        let mut found = Vec::new();
        let Step::Key(_) = &self.steps[0] else {
            return Err("expected a key before a selector".into());
        };
        set_in_table(doc, &self.steps, value, KeyPath::root(), &mut found)?;
        if found.is_empty() {
            return Err("matches no value in the scenario".into());
        }
        Ok(found)
    }
}

fn number(old: &Value, value: f64) -> Result<Value, String> {
    match old {
        Value::Integer(_) if value.fract() == 0.0 && value.abs() < 9.0e15 => Ok(Value::Integer(value as i64)),
        Value::Integer(_) => Err(format!("holds a whole number; {value} is not")),
        Value::Float(_) => Ok(Value::Float(value)),
        other => Err(format!("holds a {}, not a number", other.type_str())),
    }
}

fn set_in_table(
    t: &mut Table,
    steps: &[Step],
    value: f64,
    at: KeyPath,
    found: &mut Vec<KeyPath>,
) -> Result<(), String> {
    let Step::Key(key) = &steps[0] else {
        return Err("expected a key before a selector".into());
    };
    let Some(v) = t.get_mut(key) else {
        let place = if at.0.is_empty() { "the top level".to_string() } else { format!("`{at}`") };
        return Err(format!("no key `{key}` at {place}"));
    };
    set_in_value(v, &steps[1..], value, at.key(key), found)
}

fn set_in_value(
    v: &mut Value,
    steps: &[Step],
    value: f64,
    at: KeyPath,
    found: &mut Vec<KeyPath>,
) -> Result<(), String> {
    match steps.first() {
        None => {
            *v = number(v, value)?;
            found.push(at);
            Ok(())
        }
        Some(Step::Key(_)) => match v {
            Value::Table(t) => set_in_table(t, steps, value, at, found),
            other => Err(format!("`{at}` is a {} and has no keys", other.type_str())),
        },
        Some(Step::Index(i)) => match v {
            Value::Array(a) => {
                let len = a.len();
                let item = a.get_mut(*i).ok_or_else(|| format!("index {i} of `{at}`, a list of {len}"))?;
                set_in_value(item, &steps[1..], value, at.index(*i), found)
            }
            other => Err(format!("`{at}` is a {} and has no elements", other.type_str())),
        },
        Some(Step::Named(name)) => match v {
            Value::Array(a) => {
                let mut matched = false;
                for (i, item) in a.iter_mut().enumerate() {
                    let matches = name == "*" || item.get("name").and_then(|n| n.as_str()).is_some_and(|n| n == name);
                    if matches {
                        matched = true;
                        set_in_value(item, &steps[1..], value, at.index(i), found)?;
                    }
                }
                if matched { Ok(()) } else { Err(format!("no element named `{name}` in `{at}`")) }
            }
            other => Err(format!("`{at}` is a {}, not a list of named tables", other.type_str())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_numbers_by_path() {
        let mut doc: Table = toml::from_str(
            "[trial]\nsample_size = 110\n[[arm]]\nname = \"A\"\ndropout = 0.1\nrates = { CR = [0.1, 0.2] }\n[[arm]]\nname = \"B\"\ndropout = 0.1\n",
        )
        .unwrap();
        ValuePath::parse("trial.sample_size").unwrap().set(&mut doc, 90.0).unwrap();
        let at = ValuePath::parse("arm[A].rates.CR[1]").unwrap().set(&mut doc, 0.35).unwrap();
        assert_eq!(at, vec![KeyPath::root().key("arm").index(0).key("rates").key("CR").index(1)]);
        let at = ValuePath::parse("arm[*].dropout").unwrap().set(&mut doc, 0.2).unwrap();
        assert_eq!(at.len(), 2);
        assert_eq!(doc["trial"]["sample_size"].as_integer(), Some(90));
        assert_eq!(doc["arm"][0]["rates"]["CR"][1].as_float(), Some(0.35));
        assert_eq!(doc["arm"][1]["dropout"].as_float(), Some(0.2));
        assert!(ValuePath::parse("arm[C].dropout").unwrap().set(&mut doc, 0.2).is_err());
        assert!(ValuePath::parse("trial.sample_size").unwrap().set(&mut doc, 90.5).is_err());
    }
}

//! Maps between byte offsets, line/column positions and key paths of a TOML document.

use std::fmt;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One step of a key path: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A dotted key path such as `arm[1].rates.CR[2]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Seg>);

impl KeyPath {
    pub fn root() -> Self {
        KeyPath(Vec::new())
    }

    /// This path with a key appended.
    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    /// This path with an array index appended.
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(j) => write!(f, "[{j}]")?,
            }
        }
        Ok(())
    }
}

/// A parsed document kept for locating keys.
pub struct Locator<'i> {
    text: &'i str,
    root: Spanned<DeTable<'i>>,
}

impl<'i> Locator<'i> {
    pub fn new(text: &'i str, root: Spanned<DeTable<'i>>) -> Self {
        Locator { text, root }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(self.text, offset)
    }

    /// The span of the value at `path`, or of its nearest existing ancestor.
    pub fn span_of(&self, path: &KeyPath) -> Range<usize> {
        let mut span = self.root.span();
        let mut table: Option<&DeTable<'i>> = Some(self.root.get_ref());
        let mut array: Option<&[Spanned<DeValue<'i>>]> = None;
        for seg in &path.0 {
            let next = match (seg, table, array) {
                (Seg::Key(k), Some(t), _) => {
                    t.iter().find(|(key, _)| key.get_ref().as_ref() == k.as_str()).map(|(key, v)| (key.span(), v))
                }
                (Seg::Index(i), _, Some(a)) => a.get(*i).map(|v| (v.span(), v)),
                _ => None,
            };
            let Some((key_span, value)) = next else { break };
            // Tables of arrays span from their header; point at the key when the value is a table.
            span =
                if value.get_ref().is_table() && value.span().start > key_span.start { key_span } else { value.span() };
            table = value.get_ref().as_table();
            array = value.get_ref().as_array().map(|a| &a[..]);
        }
        span
    }

    /// The deepest key path whose key or value contains `offset`.
    pub fn path_at(&self, offset: usize) -> KeyPath {
        let mut path = KeyPath::root();
        descend_table(self.root.get_ref(), offset, &mut path);
        path
    }
}

fn contains(span: &Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset < span.end.max(span.start + 1)
}

/// The path below a table to the key or value containing `offset`. Table spans cover
/// only their headers, so children are searched whatever the parent's span.
fn descend_table(t: &DeTable<'_>, offset: usize, path: &mut KeyPath) -> bool {
    for (key, value) in t.iter() {
        path.0.push(Seg::Key(key.get_ref().as_ref().to_string()));
        if contains(&key.span(), offset)
            || descend_value(value.get_ref(), offset, path)
            || contains(&value.span(), offset)
        {
            return true;
        }
        path.0.pop();
    }
    false
}

fn descend_value(v: &DeValue<'_>, offset: usize, path: &mut KeyPath) -> bool {
    match v {
        DeValue::Table(t) => descend_table(t, offset, path),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                path.0.push(Seg::Index(i));
                if descend_value(item.get_ref(), offset, path) || contains(&item.span(), offset) {
                    return true;
                }
                path.0.pop();
            }
            false
        }
        _ => false,
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 11), (2, 6));
    }

    #[test]
    fn finds_paths_and_spans() {
        let text = "[trial]\nname = 'x'\n[[arm]]\nname = 'a'\n[[arm]]\nname = 'b'\nrates = { CR = [0.1, 1.3] }\n";
        let root = DeTable::parse(text).unwrap();
        let loc = Locator::new(text, root);
        let path = KeyPath::root().key("arm").index(1).key("rates").key("CR").index(1);
        assert_eq!(path.to_string(), "arm[1].rates.CR[1]");
        let span = loc.span_of(&path);
        assert_eq!(&text[span.clone()], "1.3");
        assert_eq!(loc.line_col(span.start), (7, 22));
        assert_eq!(loc.path_at(span.start), path);
    }
}

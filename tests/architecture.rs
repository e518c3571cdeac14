//! The architecture the compiler does not check (docs/architecture.md): no file imports
//! another that imports it back, directly or through others, and the top-level modules
//! depend on each other in one direction. Imports are read from the source: `use` trees and
//! `crate::`/`super::`/`self::` paths, resolved through `pub use` re-exports to the file
//! that defines the item; `#[cfg(test)]` code, comments and strings are left out.

use crate::util::path;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One source file of a crate.
struct Source {
    file: PathBuf,
    /// Its module path below the crate root (empty for the root).
    module: Vec<String>,
    /// Declares children (`mod.rs`, `lib.rs`, `main.rs`).
    facade: bool,
    /// Code without comments, strings and test modules.
    code: String,
}

/// `text` without comments, string and character literals, and without everything from
/// the first `#[cfg(test)]` on (tests sit at the end of a file).
fn strip(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].chars().take_while(|&c| c == '#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let body = 2 + hashes;
            i += body + rest[body..].find(&close).map_or(rest.len() - body, |e| e + close.len());
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            i = j + 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && (rest[1..].starts_with('\\') || rest.chars().nth(2) == Some('\'')) {
            // A character literal (a lifetime has no closing quote).
            let end = rest[2..].find('\'').map_or(rest.len(), |e| e + 3);
            i += end;
            out.push_str("' '");
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Positions of the keyword `word` in `code`.
fn keyword<'c>(code: &'c str, word: &'c str) -> impl Iterator<Item = usize> + 'c {
    code.match_indices(word).map(|(i, _)| i).filter(move |&i| {
        let before = code[..i].chars().next_back().is_none_or(|c| !is_ident(c));
        let after = code[i + word.len()..].chars().next().is_some_and(|c| c.is_whitespace());
        before && after
    })
}

/// Expand a `use` tree (`a::b::{c, d::e as f, self}`) into (path, name) pairs.
fn expand(tree: &str, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
    let tree = tree.trim();
    let (head, group) = match tree.find('{') {
        Some(open) => (&tree[..open], Some(&tree[open + 1..tree.rfind('}').unwrap_or(tree.len())])),
        None => (tree, None),
    };
    let mut path = prefix.to_vec();
    path.extend(head.split("::").map(str::trim).filter(|s| !s.is_empty()).map(String::from));
    match group {
        Some(group) => {
            // Split the group at top-level commas.
            let (mut depth, mut start) = (0, 0);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&group[start..i], &path, out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&group[start..], &path, out);
        }
        None => {
            let last = path.pop().unwrap_or_default();
            let (item, name) = match last.split_once(" as ") {
                Some((item, alias)) => (item.trim().to_string(), alias.trim().to_string()),
                None => (last.clone(), last),
            };
            if item == "self" {
                let name = path.last().cloned().unwrap_or_default();
                out.push((path, name));
            } else if !item.is_empty() {
                path.push(item);
                out.push((path, name));
            }
        }
    }
}

/// The `use` statements of some code: (path, name, is `pub`), and the code without them.
fn uses(code: &str) -> (Vec<(Vec<String>, String, bool)>, String) {
    let mut out = Vec::new();
    let mut rest = String::new();
    let mut last = 0;
    for i in keyword(code, "use").collect::<Vec<_>>() {
        if i < last {
            continue;
        }
        let end = i + code[i..].find(';').unwrap_or(code.len() - i);
        let line_start = code[..i].rfind(['\n', ';', '{', '}']).map_or(0, |s| s + 1);
        let public = code[line_start..i].contains("pub");
        rest.push_str(&code[last..i]);
        let mut paths = Vec::new();
        expand(&code[i + 3..end], &[], &mut paths);
        out.extend(paths.into_iter().map(|(p, n)| (p, n, public)));
        last = end;
    }
    rest.push_str(&code[last..]);
    (out, rest)
}

/// Paths written in code: `crate::a::b`, `super::c`, `self::d`.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for root in ["crate::", "super::", "self::"] {
        for (i, _) in code.match_indices(root) {
            if code[..i].chars().next_back().is_some_and(|c| is_ident(c) || c == ':') {
                continue;
            }
            let tail: String = code[i..].chars().take_while(|&c| is_ident(c) || c == ':').collect();
            out.push(tail.split("::").filter(|s| !s.is_empty()).map(String::from).collect());
        }
    }
    out
}

/// Every file of the crate rooted at `root`, found by following `mod` declarations.
fn crate_files(root: &Path) -> Vec<Source> {
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), Vec::<String>::new(), true)];
    while let Some((file, module, facade)) = stack.pop() {
        let code = strip(&std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())));
        let dir = if facade { file.parent().unwrap().to_path_buf() } else { file.with_extension("") };
        for i in keyword(&code, "mod") {
            let name: String = code[i + 3..].trim_start().chars().take_while(|&c| is_ident(c)).collect();
            if !code[i + 3..].trim_start()[name.len()..].trim_start().starts_with(';') {
                continue;
            }
            let mut child = module.clone();
            child.push(name.clone());
            let flat = dir.join(format!("{name}.rs"));
            let nested = dir.join(&name).join("mod.rs");
            match (flat.exists(), nested.exists()) {
                (true, _) => stack.push((flat, child, false)),
                (_, true) => stack.push((nested, child, true)),
                _ => panic!("{}: module `{name}` has no file", file.display()),
            }
        }
        out.push(Source { file, module, facade, code });
    }
    out
}

/// The file-level import graph of a crate: file index -> files it imports from.
fn graph(files: &[Source]) -> Vec<BTreeSet<usize>> {
    let by_module: BTreeMap<&[String], usize> =
        files.iter().enumerate().map(|(i, f)| (f.module.as_slice(), i)).collect();
    // Re-exports of each facade: name -> absolute path.
    let absolute = |from: &Source, path: &[String]| -> Option<Vec<String>> {
        let mut base = from.module.clone();
        let mut rest = path;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                base.clear();
                rest = &rest[1..];
            }
            Some("super") | Some("self") => {
                while let Some(step) = rest.first().map(String::as_str) {
                    match step {
                        "super" => base.pop(),
                        "self" => None,
                        _ => break,
                    };
                    rest = &rest[1..];
                }
            }
            // A child module of this one, named without `self::`.
            Some(first)
                if by_module.contains_key([from.module.clone(), vec![first.to_string()]].concat().as_slice()) =>
            {
                base = from.module.clone();
            }
            _ => return None,
        }
        Some([base, rest.to_vec()].concat())
    };
    let exports: Vec<BTreeMap<String, Vec<String>>> = files
        .iter()
        .map(|f| {
            uses(&f.code)
                .0
                .into_iter()
                .filter(|u| u.2)
                .filter_map(|(p, name, _)| Some((name, absolute(f, &p)?)))
                .collect()
        })
        .collect();
    // The file defining the item at an absolute path.
    let resolve = |path: &[String]| -> Option<usize> {
        let mut path = path.to_vec();
        for _ in 0..16 {
            let (k, &file) = (0..=path.len()).rev().find_map(|k| by_module.get(&path[..k]).map(|f| (k, f)))?;
            match path.get(k).and_then(|item| exports[file].get(item)) {
                Some(target) if files[file].facade => path = [target.clone(), path[k + 1..].to_vec()].concat(),
                _ => return Some(file),
            }
        }
        None
    };
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (imports, rest) = uses(&f.code);
            let mut paths: Vec<Vec<String>> = imports.into_iter().filter(|u| !(u.2 && f.facade)).map(|u| u.0).collect();
            paths.extend(inline_paths(&rest));
            paths.iter().filter_map(|p| resolve(&absolute(f, p)?)).filter(|&j| j != i).collect()
        })
        .collect()
}

/// A cycle of the graph, if it has one.
fn cycle(edges: &[BTreeSet<usize>]) -> Option<Vec<usize>> {
    fn visit(n: usize, edges: &[BTreeSet<usize>], state: &mut [u8], stack: &mut Vec<usize>) -> Option<Vec<usize>> {
        state[n] = 1;
        stack.push(n);
        for &m in &edges[n] {
            if state[m] == 1 {
                let start = stack.iter().position(|&x| x == m).unwrap();
                return Some([&stack[start..], &[m]].concat());
            }
            if state[m] == 0
                && let Some(c) = visit(m, edges, state, stack)
            {
                return Some(c);
            }
        }
        stack.pop();
        state[n] = 2;
        None
    }
    let mut state = vec![0u8; edges.len()];
    (0..edges.len()).find_map(|n| if state[n] == 0 { visit(n, edges, &mut state, &mut Vec::new()) } else { None })
}

fn no_cycles(root: &str) -> (Vec<Source>, Vec<BTreeSet<usize>>) {
    let files = crate_files(&path(root));
    let edges = graph(&files);
    if let Some(c) = cycle(&edges) {
        let names: Vec<String> = c.iter().map(|&i| files[i].file.display().to_string()).collect();
        panic!("an import cycle: {}", names.join(" -> "));
    }
    (files, edges)
}

#[test]
fn no_file_imports_itself_through_others() {
    for root in ["src/lib.rs", "src/main.rs", "crates/stats/src/lib.rs"] {
        let (files, edges) = no_cycles(root);
        assert!(files.len() > 5 && edges.iter().map(BTreeSet::len).sum::<usize>() > files.len(), "{root}");
    }
}

#[test]
fn top_level_modules_depend_one_way() {
    let (files, edges) = no_cycles("src/lib.rs");
    let top = |i: usize| files[i].module.first().cloned().unwrap_or_default();
    let names: Vec<String> =
        files.iter().enumerate().map(|(i, _)| top(i)).collect::<BTreeSet<_>>().into_iter().collect();
    let index = |name: &str| names.iter().position(|n| n == name).unwrap();
    let mut layers = vec![BTreeSet::new(); names.len()];
    for (i, out) in edges.iter().enumerate() {
        for &j in out {
            if top(i) != top(j) && !top(j).is_empty() {
                layers[index(&top(i))].insert(index(&top(j)));
            }
        }
    }
    if let Some(c) = cycle(&layers) {
        let path: Vec<&str> = c.iter().map(|&i| names[i].as_str()).collect();
        panic!("top-level modules in a cycle: {}", path.join(" -> "));
    }
    // The order docs/architecture.md gives: each layer imports only layers before it.
    let order = ["error", "scenario", "model", "endpoint", "analysis", "evaluation", "sweep", "size", "output", "api"];
    for (i, out) in layers.iter().enumerate() {
        let rank =
            |n: &str| order.iter().position(|o| *o == n).unwrap_or_else(|| panic!("layer `{n}` is not in the order"));
        for &j in out {
            assert!(rank(&names[j]) < rank(&names[i]), "`{}` imports `{}`, a later layer", names[i], names[j]);
        }
    }
}

#[test]
fn the_reader_finds_imports_in_every_form() {
    let code = strip(
        "use super::{a::B, c as d};\n// crate::x\nfn f() { crate::e::g(\"crate::h\"); }\n#[cfg(test)]\nuse crate::t;",
    );
    let (imports, rest) = uses(&code);
    let paths: Vec<Vec<String>> = imports.into_iter().map(|u| u.0).collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(paths, vec![s(&["super", "a", "B"]), s(&["super", "c"])]);
    assert_eq!(inline_paths(&rest), vec![s(&["crate", "e", "g"])]);
}

//! The columns every dataset starts with: the study, the subject and the planned treatment.

use super::Replicate;
use super::dataset::{Cell, Column, double, integer, text};
use crate::evaluation::patients::Patient;

/// `STUDYID`, `USUBJID`, `TRT01P`, `TRT01PN`.
pub fn columns() -> Vec<Column> {
    vec![
        text("STUDYID", "Study Identifier"),
        text("USUBJID", "Unique Subject Identifier"),
        text("TRT01P", "Planned Treatment for Period 01"),
        integer("TRT01PN", "Planned Treatment for Period 01 (N)"),
    ]
}

/// The subject's unique identifier: the study and the patient's number.
pub fn usubjid(r: &Replicate, p: &Patient) -> String {
    format!("{}-{:05}", r.scenario.name, p.number)
}

/// The subject columns of patient `p`.
pub fn cells(r: &Replicate, p: &Patient) -> Vec<Cell> {
    vec![
        Cell::from(r.scenario.name.as_str()),
        Cell::from(usubjid(r, p)),
        Cell::from(r.scenario.arms[p.arm].name.as_str()),
        Cell::Integer(p.arm as i64 + 1),
    ]
}

/// A level's name (`NR` after the last).
pub fn level_name(r: &Replicate, k: usize) -> String {
    r.scenario.levels.get(k).map_or("NR".to_string(), |l| l.name.clone())
}

/// `BASELINE` or `WEEK n`.
pub fn visit_name(week: u32) -> String {
    if week == 0 { "BASELINE".to_string() } else { format!("WEEK {week}") }
}

/// A parameter code from a name: its letters and digits in upper case, at most 8.
pub fn paramcd(name: &str) -> String {
    let code: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    if code.is_empty() { "PARAM".to_string() } else { code.chars().take(8).collect() }
}

/// The columns of a basic data structure (BDS) dataset of values by visit: the subject's,
/// then `PARAMCD`, `PARAM`, `AVISIT`, `AVISITN`, `AVAL`, `BASE`, `CHG`, `AVALCAT1` (with a
/// `category`), `ABLFL` and `ANL01FL`.
pub fn bds_columns(category: Option<&str>) -> Vec<Column> {
    let mut columns = columns();
    columns.extend([
        text("PARAMCD", "Parameter Code"),
        text("PARAM", "Parameter"),
        text("AVISIT", "Analysis Visit"),
        integer("AVISITN", "Analysis Visit (N): the week"),
        double("AVAL", "Analysis Value"),
        double("BASE", "Baseline Value"),
        double("CHG", "Change from Baseline"),
    ]);
    columns.extend(category.map(|label| text("AVALCAT1", label)));
    columns.extend([text("ABLFL", "Baseline Record Flag"), text("ANL01FL", "Analysis Flag 01: a post-baseline value")]);
    columns
}

/// One BDS record of patient `p`: parameter (`code`, `param`), the week, the value and the
/// baseline (the baseline record at week 0), and the category where the dataset has one.
pub fn bds_row(
    r: &Replicate,
    p: &Patient,
    (code, param): (&str, &str),
    week: u32,
    value: f64,
    base: f64,
    category: Option<String>,
) -> Vec<Cell> {
    let baseline = week == 0;
    let mut row = cells(r, p);
    row.extend([
        Cell::from(code),
        Cell::from(param),
        Cell::from(visit_name(week)),
        Cell::Integer(week as i64),
        Cell::from(value),
        Cell::from(base),
        if baseline { Cell::Missing } else { Cell::from(value - base) },
    ]);
    row.extend(category.map(Cell::from));
    row.extend([Cell::from(if baseline { "Y" } else { "" }), Cell::from(if baseline { "" } else { "Y" })]);
    row
}

//! One responder dataset per binary endpoint (`ADRS01`, `ADRS02`, ... in the scenario's
//! order of binary endpoints): per patient, whether the endpoint counts a response, read
//! exactly as the engine reads it (its levels or rule, its visit or window, its strategy
//! after rescue and its missing-data rule).

use super::Replicate;
use super::dataset::{Cell, Dataset, integer, text};
use super::subject::{self, visit_name};
use crate::endpoint::strategy::responds;
use crate::scenario::Missing;

pub fn responders(r: &Replicate) -> Vec<Dataset> {
    let s = r.scenario;
    let binary = s.endpoints.iter().filter(|e| e.is_binary());
    binary
        .enumerate()
        .map(|(i, e)| {
            let mut columns = subject::columns();
            columns.extend([
                text("PARAMCD", "Parameter Code"),
                text("PARAM", "Parameter: the endpoint"),
                text("AVISIT", "Analysis Visit"),
                integer("AVISITN", "Analysis Visit (N): the week"),
                text("AVALC", "Analysis Value (C): Y responder, N non-responder"),
                integer("AVAL", "Analysis Value: 1 responder, 0 non-responder"),
                text("DTYPE", "Derivation Type: NRI where a missing value counts as a non-response"),
                text("ANL01FL", "Analysis Flag 01: counted by the endpoint"),
            ]);
            let name = format!("ADRS{:02}", i + 1);
            let mut d = Dataset::new(&name, &format!("Responder Analysis Dataset: {}", e.name), columns);
            let week = e.week();
            for (p, patient) in r.patients.iter().enumerate() {
                let known = responds(e, &r.trial, p);
                let imputed = known.is_none() && e.missing() == Missing::NonResponder;
                let value = known.or(imputed.then_some(false));
                let mut row = subject::cells(r, patient);
                row.extend([
                    Cell::from(format!("RSP{:02}", i + 1)),
                    Cell::from(e.name.as_str()),
                    Cell::from(visit_name(week)),
                    Cell::Integer(week as i64),
                    value.map_or(Cell::Missing, |v| Cell::from(if v { "Y" } else { "N" })),
                    value.map_or(Cell::Missing, |v| Cell::Integer(v as i64)),
                    Cell::from(if imputed { "NRI" } else { "" }),
                    Cell::from(if value.is_some() { "Y" } else { "" }),
                ]);
                d.push(row);
            }
            d
        })
        .collect()
}

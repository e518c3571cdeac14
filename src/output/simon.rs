//! `trialsim simon`: the two designs as a table.

use super::text::columns;
use crate::size::simon::SimonDesigns;

pub fn table(d: &SimonDesigns) -> String {
    let SimonDesigns { p0, p1, alpha, power, .. } = *d;
    let (optimal, minimax) = (&d.optimal, &d.minimax);
    let mut out = format!("Simon two-stage designs for p0 = {p0}, p1 = {p1}, alpha = {alpha}, power = {power}\n");
    let mut rows = vec![
        ["Design", "Stage 1 r1/n1", "Total r/n", " EN(p0)", " PET(p0)", " alpha", " power"].map(String::from).to_vec(),
    ];
    for (name, d) in [("optimal", optimal), ("minimax", minimax)] {
        rows.push(vec![
            name.into(),
            format!("{}/{}", d.r1, d.n1),
            format!("{}/{}", d.r, d.n),
            format!("{:.2}", d.en0),
            format!("{:.3}", d.pet0),
            format!("{:.4}", d.alpha),
            format!("{:.4}", d.power),
        ]);
    }
    out.push_str(&columns(&rows));
    out.push_str(
        "  Stop after n1 patients if at most r1 respond; declare the treatment inactive if at most r of n respond.\n",
    );
    out.push('\n');
    out.push_str(&super::text::provenance_line(&d.provenance, None));
    out.push('\n');
    out
}

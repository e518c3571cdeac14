//! `trialsim simon`: the two designs as a table.

use super::text::columns;
use trialsim_stats::simon::SimonDesign;

pub fn table(p0: f64, p1: f64, alpha: f64, power: f64, optimal: &SimonDesign, minimax: &SimonDesign) -> String {
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
    out
}

//! The table's section on MMRM comparisons: the covariance structure asked for, and how
//! many trials were fitted with it, fell back on a simpler one, or could not be fitted.

use super::text::columns;
use crate::evaluation::Evaluation;
use crate::evaluation::result::MmrmFits;

/// The section, empty without MMRM endpoints.
pub fn mmrm_lines(e: &Evaluation) -> String {
    let fitted: Vec<_> = e.endpoints.iter().filter_map(|r| Some((r, r.mmrm.as_ref()?))).collect();
    if fitted.is_empty() {
        return String::new();
    }
    let mut rows = vec![
        [
            "Endpoint",
            "Arm",
            "Covariance",
            "df",
            "World",
            " Unstructured",
            " AR(1)",
            " Compound symmetry",
            " Not fitted",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (r, m) in fitted {
        let worlds = std::iter::once(("scenario", &m.fits)).chain(m.null_fits.as_ref().map(|f| ("null", f)));
        for (world, f) in worlds {
            let MmrmFits { unstructured, ar1, compound_symmetry, failed } = *f;
            rows.push(vec![
                r.name.clone(),
                r.arm.clone(),
                m.covariance.as_str().to_string(),
                m.df.as_str().to_string(),
                world.to_string(),
                unstructured.to_string(),
                ar1.to_string(),
                compound_symmetry.to_string(),
                failed.to_string(),
            ]);
        }
    }
    let mut out = String::from("MMRM fits: trials fitted with each covariance structure\n");
    out.push_str(&columns(&rows));
    out.push_str(
        "  A fit that does not converge falls back on AR(1), then compound symmetry; a trial fitted with none does not reject.\n\n",
    );
    out
}

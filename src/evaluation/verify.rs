//! Checking a tally read from a file (a shard) before it is trusted: the same shape as the
//! run's own tally, and no count above the replicates it claims.

use super::tally::Tally;

/// An error naming what is wrong unless `tally` has the shape of `fresh` (an empty tally
/// of the same plan) and every count fits its replicates.
pub fn verify(tally: &Tally, fresh: &Tally) -> Result<(), String> {
    let r = tally.replicates;
    let lengths = [
        ("rejections", tally.rejections.len(), fresh.rejections.len()),
        ("null rejections", tally.null_rejections.len(), fresh.null_rejections.len()),
        ("true-rate null rejections", tally.true_rate_null_rejections.len(), fresh.true_rate_null_rejections.len()),
        ("early stops", tally.early_stops.len(), fresh.early_stops.len()),
        ("null early stops", tally.null_early_stops.len(), fresh.null_early_stops.len()),
        ("intervals", tally.intervals.len(), fresh.intervals.len()),
        ("continuous tallies", tally.continuous.len(), fresh.continuous.len()),
        ("endpoint rates", tally.endpoint_rates.len(), fresh.endpoint_rates.len()),
        ("mean changes", tally.mean_changes.len(), fresh.mean_changes.len()),
        ("level rates", tally.level_rates.len(), fresh.level_rates.len()),
        ("sub-arm probabilities", tally.subarm_probabilities.len(), fresh.subarm_probabilities.len()),
        ("hazard ratio tallies", tally.hazard_ratios.len(), fresh.hazard_ratios.len()),
        ("event counts", tally.events.len(), fresh.events.len()),
    ];
    if let Some((what, found, expected)) = lengths.iter().find(|l| l.1 != l.2) {
        return Err(format!("it has {found} {what} where the scenario has {expected}"));
    }
    let counts = tally
        .rejections
        .iter()
        .chain(&tally.null_rejections)
        .chain(&tally.true_rate_null_rejections)
        .chain(&tally.early_stops)
        .chain(&tally.null_early_stops)
        .chain(tally.intervals.iter().flatten().map(|i| &i.covered))
        .chain(tally.continuous.iter().flatten().flat_map(|c| &c.intervals).map(|i| &i.covered))
        .chain(tally.hazard_ratios.iter().flatten().map(|c| &c.interval.covered));
    if let Some(c) = counts.into_iter().find(|&&c| c > r) {
        return Err(format!("a count of {c} exceeds its {r} replicates"));
    }
    for (mine, theirs) in tally.intervals.iter().zip(&fresh.intervals) {
        if mine.len() != theirs.len() {
            return Err("its intervals differ from the scenario's".into());
        }
    }
    let histograms =
        tally.endpoint_rates.iter().zip(&fresh.endpoint_rates).chain(tally.level_rates.iter().zip(&fresh.level_rates));
    for (mine, theirs) in histograms {
        // A histogram counts every replicate, or none (a continuous endpoint's rates).
        if !mine.same_shape(theirs) || !(mine.total() == r || mine.total() == 0) {
            return Err(format!(
                "a histogram of observed rates holds {} replicates where the shard has {r}",
                mine.total()
            ));
        }
    }
    let values = tally
        .mean_changes
        .iter()
        .zip(&fresh.mean_changes)
        .filter_map(|(a, b)| Some((a.as_ref()?, b.as_ref()?)))
        .chain(
            tally
                .continuous
                .iter()
                .zip(&fresh.continuous)
                .filter_map(|(a, b)| Some((&a.as_ref()?.difference, &b.as_ref()?.difference))),
        )
        .chain(tally.subarm_probabilities.iter().flatten().zip(fresh.subarm_probabilities.iter().flatten()))
        .chain(tally.accrual.iter().zip(&fresh.accrual));
    for (mine, theirs) in values {
        if !mine.consistent(theirs) || mine.count > r {
            return Err(format!("a distribution holds {} values where the shard has {r} replicates", mine.count));
        }
    }
    if tally.mean_changes.iter().zip(&fresh.mean_changes).any(|(a, b)| a.is_some() != b.is_some())
        || tally.continuous.iter().zip(&fresh.continuous).any(|(a, b)| match (a, b) {
            (Some(a), Some(b)) => a.intervals.len() != b.intervals.len(),
            (a, b) => a.is_some() != b.is_some(),
        })
        || tally.hazard_ratios.iter().zip(&fresh.hazard_ratios).any(|(a, b)| a.is_some() != b.is_some())
        || tally.events.iter().zip(&fresh.events).any(|(a, b)| a.len() != b.len())
        || tally.accrual.is_some() != fresh.accrual.is_some()
        || tally.sequential.len() != fresh.sequential.len()
        || tally.sequential.iter().zip(&fresh.sequential).any(|(a, b)| !a.consistent(b) || a.replicates > r)
    {
        return Err("its continuous tallies differ from the scenario's".into());
    }
    match (&tally.family, &fresh.family) {
        (None, None) => Ok(()),
        (Some(f), Some(g))
            if f.rejected.len() == g.rejected.len()
                && f.partial_errors.len() == g.partial_errors.len()
                && f.same_side.len() == g.same_side.len() =>
        {
            let over = f
                .rejected
                .iter()
                .chain([&f.any, &f.all, &f.null_any])
                .chain(&f.partial_errors)
                .chain(&f.same_side)
                .find(|&&c| c > r);
            match over {
                Some(c) => Err(format!("a family count of {c} exceeds its {r} replicates")),
                None if f.all > f.any => Err("the family rejects all hypotheses more often than any".into()),
                None => Ok(()),
            }
        }
        _ => Err("its multiplicity family differs from the scenario's".into()),
    }
}

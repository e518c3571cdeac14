//! Exact distributions of observed rates: a histogram of (responders, denominator) pairs.
//! Its memory is bounded by the arm size, never by the number of replicates, and grows
//! with the spread of the counts, not with the arm size: rows are held only from the
//! smallest to the largest denominator seen, and a row (one denominator) holds counts only
//! from the fewest to the most responders seen with it.

use trialsim_stats::Summary;

/// Counts of replicates by responders for one denominator, from responders `first` on.
/// How far a row reaches beyond its counts depends on the order they came in; two rows
/// with the same counts are equal and serialise alike (trimmed to their counts).
#[derive(Debug, Clone, Default, serde::Deserialize)]
struct Row {
    first: u32,
    counts: Vec<u64>,
}

impl PartialEq for Row {
    fn eq(&self, other: &Row) -> bool {
        self.trimmed() == other.trimmed()
    }
}

impl serde::Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (first, counts) = self.trimmed();
        let mut row = s.serialize_struct("Row", 2)?;
        row.serialize_field("first", &first)?;
        row.serialize_field("counts", counts)?;
        row.end()
    }
}

impl Row {
    /// The counts from the first to the last positive one, and the responders of the first.
    fn trimmed(&self) -> (u32, &[u64]) {
        let start = self.counts.iter().position(|&c| c > 0).unwrap_or(self.counts.len());
        let end = self.counts.iter().rposition(|&c| c > 0).map_or(start, |e| e + 1);
        (if start < end { self.first + start as u32 } else { 0 }, &self.counts[start..end])
    }

    /// Count one replicate with `x` responders, widening the row when `x` is outside it
    /// (by a margin, so that rows rarely grow twice).
    #[inline]
    fn add(&mut self, x: u32, by: u64, d: u32) {
        match x.checked_sub(self.first).map(|i| i as usize).filter(|&i| i < self.counts.len()) {
            Some(i) => self.counts[i] += by,
            None => self.widen(x, by, d),
        }
    }

    #[cold]
    fn widen(&mut self, x: u32, by: u64, d: u32) {
        let (lo, hi) = if self.counts.is_empty() {
            (x, x)
        } else {
            (self.first.min(x), (self.first + self.counts.len() as u32 - 1).max(x))
        };
        let margin = (hi - lo) / 4 + 4;
        let (lo, hi) = (lo.saturating_sub(margin), (hi + margin).min(d));
        let mut counts = vec![0; (hi - lo + 1) as usize];
        for (i, &c) in self.counts.iter().enumerate() {
            counts[(self.first - lo) as usize + i] = c;
        }
        counts[(x - lo) as usize] += by;
        *self = Row { first: lo, counts };
    }

    /// (responders, replicates) with a positive count.
    fn cells(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        self.counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, &c)| (self.first + i as u32, c))
    }
}

/// Counts of replicates by (responders x, denominator d), for d in 0..=n.
///
/// Serialised (in shard files) as `{"rows": [...]}` with one row per denominator 0..=n,
/// empty where none was seen; held in memory only over the denominators seen.
#[derive(Debug, Clone)]
pub struct RatioHistogram {
    /// The largest denominator.
    n: u32,
    /// `rows[i]` counts denominator `first + i`; the others were never seen.
    first: u32,
    rows: Vec<Row>,
}

impl PartialEq for RatioHistogram {
    fn eq(&self, other: &RatioHistogram) -> bool {
        let seen = |h: &RatioHistogram| -> Vec<(u32, (u32, Vec<u64>))> {
            h.denominators()
                .filter(|(_, row)| !row.trimmed().1.is_empty())
                .map(|(d, row)| (d, (row.trimmed().0, row.trimmed().1.to_vec())))
                .collect()
        };
        self.n == other.n && seen(self) == seen(other)
    }
}

impl serde::Serialize for RatioHistogram {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut h = s.serialize_struct("RatioHistogram", 1)?;
        h.serialize_field("rows", &EveryRow(self))?;
        h.end()
    }
}

/// The rows of every denominator 0..=n, empty where none was seen: the serialised form.
struct EveryRow<'a>(&'a RatioHistogram);

impl serde::Serialize for EveryRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let empty = Row::default();
        s.collect_seq((0..=self.0.n).map(|d| self.0.row(d).unwrap_or(&empty)))
    }
}

/// What [`RatioHistogram`]'s serialised form is read into.
#[derive(serde::Deserialize)]
struct Stored {
    rows: Vec<Row>,
}

impl<'de> serde::Deserialize<'de> for RatioHistogram {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Stored { rows } = Stored::deserialize(d)?;
        let n = rows.len().checked_sub(1).ok_or_else(|| serde::de::Error::custom("a histogram has no rows"))?;
        let mut h = RatioHistogram::new(n as u32);
        for (d, row) in rows.iter().enumerate() {
            if !row.counts.is_empty() {
                h.reach(d as u32);
                *h.row_mut(d as u32) = row.clone();
            }
        }
        Ok(h)
    }
}

impl RatioHistogram {
    /// A histogram for denominators up to `n`.
    pub fn new(n: u32) -> Self {
        RatioHistogram { n, first: 0, rows: Vec::new() }
    }

    /// The row of denominator `d`, if held.
    fn row(&self, d: u32) -> Option<&Row> {
        d.checked_sub(self.first).and_then(|i| self.rows.get(i as usize))
    }

    fn row_mut(&mut self, d: u32) -> &mut Row {
        &mut self.rows[(d - self.first) as usize]
    }

    /// Every held denominator with its row.
    fn denominators(&self) -> impl Iterator<Item = (u32, &Row)> {
        self.rows.iter().enumerate().map(|(i, row)| (self.first + i as u32, row))
    }

    /// Hold rows through denominator `d` (with a margin, so that they rarely grow twice).
    #[cold]
    fn reach(&mut self, d: u32) {
        if self.row(d).is_some() {
            return;
        }
        let (lo, hi) = if self.rows.is_empty() {
            (d, d)
        } else {
            (self.first.min(d), (self.first + self.rows.len() as u32 - 1).max(d))
        };
        let margin = (hi - lo) / 4 + 4;
        let (lo, hi) = (lo.saturating_sub(margin), (hi + margin).min(self.n.max(d)));
        let mut rows = vec![Row::default(); (hi - lo + 1) as usize];
        for (i, row) in std::mem::take(&mut self.rows).into_iter().enumerate() {
            rows[(self.first - lo) as usize + i] = row;
        }
        *self = RatioHistogram { n: self.n, first: lo, rows };
    }

    #[inline]
    pub fn add(&mut self, x: u32, d: u32) {
        self.add_many(x, 1, d);
    }

    #[inline]
    fn add_many(&mut self, x: u32, by: u64, d: u32) {
        if self.row(d).is_none() {
            self.reach(d);
        }
        self.row_mut(d).add(x, by, d);
    }

    /// Replicates counted.
    pub fn total(&self) -> u64 {
        self.rows.iter().flat_map(|r| &r.counts).sum()
    }

    /// Is it a histogram for the same denominators as `fresh`, every row within its
    /// denominator?
    pub fn same_shape(&self, fresh: &RatioHistogram) -> bool {
        self.n == fresh.n
            && self.first as u64 + self.rows.len() as u64 <= self.n as u64 + 1
            && self.denominators().all(|(d, row)| row.first as u64 + row.counts.len() as u64 <= d as u64 + 1)
    }

    pub fn merge(&mut self, other: &RatioHistogram) {
        for (d, theirs) in other.denominators() {
            for (x, c) in theirs.cells() {
                self.add_many(x, c, d);
            }
        }
    }

    fn sorted(&self) -> Vec<(u64, u64, u64)> {
        let mut cells: Vec<(u64, u64, u64)> = self
            .denominators()
            .filter(|&(d, _)| d > 0)
            .flat_map(|(d, row)| row.cells().map(move |(x, c)| (x as u64, d as u64, c)))
            .collect();
        cells.sort_by(|a, b| (a.0 * b.1).cmp(&(b.0 * a.1)).then(a.1.cmp(&b.1)));
        cells
    }

    /// The observed rates x / d with how many replicates had each, in increasing order
    /// (equal rates of different denominators in separate runs).
    pub fn rates(&self) -> Vec<(f64, u64)> {
        self.sorted().iter().map(|&(x, d, count)| (x as f64 / d as f64, count)).collect()
    }

    /// Mean, sample SD and R's type-7 quantiles of x / d over the replicates; replicates
    /// with no patient in the denominator count as undefined.
    pub fn summary(&self) -> Summary {
        let undefined = self.row(0).map_or(0, |row| row.counts.iter().sum());
        let runs = self.rates();
        let total: u64 = runs.iter().map(|c| c.1).sum();
        if total == 0 {
            return Summary::empty(None, undefined);
        }
        let mean = runs.iter().map(|&(rate, count)| rate * count as f64).sum::<f64>() / total as f64;
        let ss: f64 = runs.iter().map(|&(rate, count)| (rate - mean).powi(2) * count as f64).sum();
        let sd = if total > 1 { (ss / (total - 1) as f64).sqrt() } else { 0.0 };
        Summary::new(mean, sd, total, &runs, None, undefined)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_matches_r_on_a_small_sample() {
        // Rates 0/4, 1/4, 1/2 (= 2/4), 3/4, 1/3: R: x <- c(0, .25, .5, .75, 1/3)
        let mut h = RatioHistogram::new(4);
        for (x, d) in [(0, 4), (1, 4), (2, 4), (3, 4), (1, 3)] {
            h.add(x, d);
        }
        let s = h.summary();
        let xs = [0.0, 0.25, 0.5, 0.75, 1.0 / 3.0];
        let mean = xs.iter().sum::<f64>() / 5.0;
        assert!((s.mean.estimate - mean).abs() < 1e-15);
        // quantile(x, c(.025, .5, .975)) = 0.025 0.3333333 0.725
        assert!((s.q025 - 0.025).abs() < 1e-12);
        assert!((s.q50 - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.q975 - 0.725).abs() < 1e-12);
        // sd(x) = 0.28012893856619353
        assert!((s.sd - 0.28012893856619353).abs() < 1e-12);
    }

    #[test]
    fn rows_compare_and_serialise_by_their_counts() {
        let (mut a, mut b) = (RatioHistogram::new(50), RatioHistogram::new(50));
        for x in [20, 3, 40, 20] {
            a.add(x, 50);
        }
        for x in [40, 20, 20, 3] {
            b.add(x, 50);
        }
        assert_eq!(a, b);
        assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
        b.add(21, 50);
        assert_ne!(a, b);
        // Read back, the counts are the same.
        let c: RatioHistogram = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
        assert_eq!(c, b);
        assert_eq!(c.total(), 5);
    }

    #[test]
    fn merging_adds_counts() {
        let mut a = RatioHistogram::new(3);
        let mut b = RatioHistogram::new(3);
        a.add(1, 3);
        b.add(1, 3);
        b.add(0, 2);
        a.merge(&b);
        let mut c = RatioHistogram::new(3);
        c.add(1, 3);
        c.add(1, 3);
        c.add(0, 2);
        assert_eq!(a, c);
    }
}

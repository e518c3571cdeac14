//! Walker's alias method: O(1) draws from a finite discrete distribution.

/// An alias table over `0..len`.
#[derive(Debug, Clone)]
pub struct AliasTable {
    /// Probability of keeping column i (scaled to [0, 1]).
    keep: Vec<f64>,
    alias: Vec<u32>,
}

impl AliasTable {
    /// Build from non-negative weights with a positive sum (Vose's construction).
    pub fn new(weights: &[f64]) -> Self {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        let mut scaled: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut keep = vec![1.0; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            keep[s] = scaled[s];
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        AliasTable { keep, alias }
    }

    pub fn len(&self) -> usize {
        self.keep.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keep.is_empty()
    }

    /// Draw an index from one uniform 64-bit word: `word * len / 2^64` has the column as
    /// its integer part and a uniform fraction (its top 53 bits) that decides between it and
    /// its alias.
    #[inline]
    pub fn sample(&self, word: u64) -> usize {
        let product = word as u128 * self.keep.len() as u128;
        let column = (product >> 64) as usize;
        // The top 53 bits of the fraction (a signed conversion: one instruction).
        let coin = ((product as u64) >> 11) as i64 as f64 * (1.0 / 9_007_199_254_740_992.0);
        if coin < self.keep[column] { column } else { self.alias[column] as usize }
    }

    /// The probability of index i (for tests).
    pub fn probability(&self, i: usize) -> f64 {
        let n = self.keep.len() as f64;
        let own = self.keep[i];
        let borrowed: f64 =
            (0..self.keep.len()).filter(|&j| self.alias[j] as usize == i && j != i).map(|j| 1.0 - self.keep[j]).sum();
        (own + borrowed) / n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproduces_the_weights() {
        let w = [0.1, 0.0, 2.0, 0.7, 1.2];
        let t = AliasTable::new(&w);
        let total: f64 = w.iter().sum();
        for (i, wi) in w.iter().enumerate() {
            assert!((t.probability(i) - wi / total).abs() < 1e-12, "index {i}");
        }
    }
}

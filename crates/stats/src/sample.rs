//! Sufficient statistics of a continuous endpoint in one arm: baseline `x` and change `y`.

/// Count, sums, and centred sums of squares and products of (baseline, change).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SampleStats {
    pub n: u32,
    pub mean_x: f64,
    pub mean_y: f64,
    /// Sum of squared deviations of x, of y, and of cross products.
    pub sxx: f64,
    pub syy: f64,
    pub sxy: f64,
}

impl SampleStats {
    /// Add one patient (Welford's update, stable for any order of magnitude).
    #[inline]
    pub fn push(&mut self, x: f64, y: f64) {
        self.n += 1;
        let n = self.n as f64;
        let dx = x - self.mean_x;
        let dy = y - self.mean_y;
        self.mean_x += dx / n;
        self.mean_y += dy / n;
        self.sxx += dx * (x - self.mean_x);
        self.syy += dy * (y - self.mean_y);
        self.sxy += dx * (y - self.mean_y);
    }

    /// The sample variance of the change.
    pub fn var_y(&self) -> f64 {
        if self.n > 1 { self.syy / (self.n - 1) as f64 } else { f64::NAN }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_direct_formulas() {
        let data = [(9.0, -2.0), (12.0, -5.0), (7.0, 1.0), (10.0, -3.0)];
        let mut s = SampleStats::default();
        for (x, y) in data {
            s.push(x, y);
        }
        let (mx, my) = (9.5, -2.25);
        let sxx: f64 = data.iter().map(|(x, _)| (x - mx) * (x - mx)).sum();
        let sxy: f64 = data.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
        assert!((s.mean_x - mx).abs() < 1e-12 && (s.mean_y - my).abs() < 1e-12);
        assert!((s.sxx - sxx).abs() < 1e-12 && (s.sxy - sxy).abs() < 1e-12);
    }
}

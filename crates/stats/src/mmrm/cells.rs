//! The data of an MMRM reduced to what REML needs: for every pattern of observed visits
//! and every arm, the count, the mean baseline, the mean changes and their centred sums of
//! squares and products with the baseline. The REML likelihood, its derivatives and the
//! estimates depend on the data only through these, so an iteration costs the same for 100
//! patients as for 100,000.

/// The patients of one arm sharing one pattern of observed visits.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// Patients.
    pub n: f64,
    /// Their mean (centred) baseline.
    pub b: f64,
    /// sum (b_i - b)^2.
    pub sbb: f64,
    /// Mean change at each observed visit of the pattern.
    pub y: Vec<f64>,
    /// sum (y_i - y)(b_i - b), per observed visit.
    pub syb: Vec<f64>,
    /// sum (y_i - y)(y_i - y)', m x m.
    pub syy: Vec<f64>,
    /// At the current estimates: sum r_i and sum b_i r_i (residuals r_i = y_i - X_i beta).
    pub r: Vec<f64>,
    pub br: Vec<f64>,
}

impl Cell {
    fn reset(&mut self, m: usize) {
        self.n = 0.0;
        self.b = 0.0;
        self.sbb = 0.0;
        for v in [&mut self.y, &mut self.syb, &mut self.r, &mut self.br] {
            v.clear();
            v.resize(m, 0.0);
        }
        self.syy.clear();
        self.syy.resize(m * m, 0.0);
    }

    /// sum b_i and sum b_i^2.
    pub fn baseline_sums(&self) -> (f64, f64) {
        (self.n * self.b, self.sbb + self.n * self.b * self.b)
    }
}

/// One pattern of observed visits: its patients by arm and its per-pattern matrices.
#[derive(Debug, Clone, Default)]
pub struct Pattern {
    /// Bit j set: visit j observed.
    pub mask: u64,
    /// The observed visits, in order (m of them).
    pub obs: Vec<usize>,
    /// Patients in the pattern (all arms).
    pub n: f64,
    pub arms: Vec<Cell>,
    /// At the current parameters: the inverse of the pattern's covariance (m x m) and the
    /// log-determinant of the covariance.
    pub w: Vec<f64>,
    pub log_det: f64,
    /// Scratch of the evaluation, m x m each: the residual cross-products, W S W,
    /// sum X_i C X_i', W T W.
    pub sr: Vec<f64>,
    pub u: Vec<f64>,
    pub t: Vec<f64>,
    pub wtw: Vec<f64>,
    /// Per covariance parameter k (m x m each): W E_k, W T W E_k, U E_k.
    pub a: Vec<f64>,
    pub bk: Vec<f64>,
    pub d: Vec<f64>,
}

impl Pattern {
    pub fn m(&self) -> usize {
        self.obs.len()
    }

    fn reset(&mut self, mask: u64, visits: usize, arms: usize, parameters: usize) {
        self.mask = mask;
        self.obs.clear();
        self.obs.extend((0..visits).filter(|j| mask >> j & 1 == 1));
        let m = self.obs.len();
        self.n = 0.0;
        self.arms.resize_with(arms, Cell::default);
        for cell in &mut self.arms[..arms] {
            cell.reset(m);
        }
        for v in [&mut self.w, &mut self.sr, &mut self.u, &mut self.t, &mut self.wtw] {
            v.clear();
            v.resize(m * m, 0.0);
        }
        for v in [&mut self.a, &mut self.bk, &mut self.d] {
            v.clear();
            v.resize(parameters * m * m, 0.0);
        }
    }
}

/// The patterns of a data set, kept between data sets so that refitting allocates nothing
/// once the largest has been seen.
#[derive(Debug, Clone, Default)]
pub struct Cells {
    pub patterns: Vec<Pattern>,
    pub used: usize,
    /// The pattern of each patient.
    which: Vec<usize>,
    /// The mean baseline over patients (subtracted from every baseline).
    pub baseline_mean: f64,
    /// Observations (patient-visits) and patients.
    pub observations: f64,
    pub patients: f64,
}

impl Cells {
    /// Summarise the patients: `arm[i]`, `baseline[i]` and `values[i * visits..]` (NaN =
    /// missing); patients with no observed value are left out.
    pub fn build(
        &mut self,
        arm: &[usize],
        baseline: &[f64],
        values: &[f64],
        visits: usize,
        arms: usize,
        parameters: usize,
    ) {
        self.used = 0;
        self.which.clear();
        self.observations = 0.0;
        let mut total = 0.0;
        let mut count = 0.0;
        for (i, &b) in baseline.iter().enumerate() {
            let row = &values[i * visits..(i + 1) * visits];
            let mask = row.iter().enumerate().filter(|(_, y)| !y.is_nan()).fold(0u64, |m, (j, _)| m | 1 << j);
            if mask == 0 {
                self.which.push(usize::MAX);
                continue;
            }
            let index = match self.patterns[..self.used].iter().position(|p| p.mask == mask) {
                Some(index) => index,
                None => {
                    if self.used == self.patterns.len() {
                        self.patterns.push(Pattern::default());
                    }
                    self.patterns[self.used].reset(mask, visits, arms, parameters);
                    self.used += 1;
                    self.used - 1
                }
            };
            self.which.push(index);
            total += b;
            count += 1.0;
            self.observations += mask.count_ones() as f64;
        }
        self.patients = count;
        self.baseline_mean = if count > 0.0 { total / count } else { 0.0 };
        // First pass: counts and means.
        for (i, &p) in self.which.iter().enumerate() {
            if p == usize::MAX {
                continue;
            }
            let pattern = &mut self.patterns[p];
            pattern.n += 1.0;
            let cell = &mut pattern.arms[arm[i]];
            cell.n += 1.0;
            cell.b += baseline[i] - self.baseline_mean;
            for (x, &j) in pattern.obs.iter().enumerate() {
                cell.y[x] += values[i * visits + j];
            }
        }
        for pattern in &mut self.patterns[..self.used] {
            for cell in &mut pattern.arms {
                if cell.n > 0.0 {
                    cell.b /= cell.n;
                    cell.y.iter_mut().for_each(|y| *y /= cell.n);
                }
            }
        }
        // Second pass: centred sums of squares and products.
        for (i, &p) in self.which.iter().enumerate() {
            if p == usize::MAX {
                continue;
            }
            let pattern = &mut self.patterns[p];
            let m = pattern.obs.len();
            let cell = &mut pattern.arms[arm[i]];
            let db = baseline[i] - self.baseline_mean - cell.b;
            cell.sbb += db * db;
            for x in 0..m {
                let dx = values[i * visits + pattern.obs[x]] - cell.y[x];
                cell.syb[x] += dx * db;
                for z in 0..=x {
                    cell.syy[x * m + z] += dx * (values[i * visits + pattern.obs[z]] - cell.y[z]);
                }
            }
        }
        for pattern in &mut self.patterns[..self.used] {
            let m = pattern.obs.len();
            for cell in &mut pattern.arms {
                for x in 0..m {
                    for z in 0..x {
                        cell.syy[z * m + x] = cell.syy[x * m + z];
                    }
                }
            }
        }
    }

    pub fn active(&self) -> &[Pattern] {
        &self.patterns[..self.used]
    }
}

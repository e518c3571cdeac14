//! Small dense symmetric matrices stored row-major in flat slices: the Cholesky
//! factorisation, the log-determinant and the inverse, all in caller-owned buffers.

/// Factor the `n` x `n` symmetric matrix `a` in place into its lower Cholesky factor L
/// (`a = L L'`; the strict upper triangle is zeroed). Returns the log-determinant of `a`,
/// or `None` when `a` is not positive definite (numerically).
pub fn cholesky(a: &mut [f64], n: usize) -> Option<f64> {
    let mut log_det = 0.0;
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        if d.is_nan() || d <= 0.0 {
            return None;
        }
        let d = d.sqrt();
        log_det += 2.0 * d.ln();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
        for i in 0..j {
            a[i * n + j] = 0.0;
        }
    }
    Some(log_det)
}

/// The inverse of `L L'` from the lower factor `l`, written to `out` (symmetric).
pub fn inverse_from_cholesky(l: &[f64], n: usize, out: &mut [f64]) {
    // Columns of L^-1 by forward substitution, then (L L')^-1 = L^-T L^-1.
    out[..n * n].fill(0.0);
    // out holds M = L^-1 (lower triangular) first.
    for j in 0..n {
        out[j * n + j] = 1.0 / l[j * n + j];
        for i in j + 1..n {
            let mut s = 0.0;
            for k in j..i {
                s -= l[i * n + k] * out[k * n + j];
            }
            out[i * n + j] = s / l[i * n + i];
        }
    }
    // (M' M)_{ij} = sum_k M_{ki} M_{kj}, k >= max(i, j); fill the lower triangle from the
    // bottom up so that the entries of M still needed are not yet overwritten.
    for i in 0..n {
        for j in 0..=i {
            let mut s = 0.0;
            for k in i..n {
                s += out[k * n + i] * out[k * n + j];
            }
            // Stored temporarily in the upper triangle (M's upper triangle is zero).
            out[j * n + i] = s;
        }
    }
    for i in 0..n {
        for j in 0..i {
            out[i * n + j] = out[j * n + i];
        }
    }
}

/// Solve `L L' x = b` in place from the lower factor `l`.
pub fn solve_cholesky(l: &[f64], n: usize, b: &mut [f64]) {
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= l[i * n + k] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= l[k * n + i] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
}

/// `out = a b` for `n` x `n` matrices.
pub fn multiply(a: &[f64], b: &[f64], n: usize, out: &mut [f64]) {
    for i in 0..n {
        let row = &mut out[i * n..(i + 1) * n];
        row.fill(0.0);
        for k in 0..n {
            let x = a[i * n + k];
            if x != 0.0 {
                for (o, y) in row.iter_mut().zip(&b[k * n..(k + 1) * n]) {
                    *o += x * y;
                }
            }
        }
    }
}

/// tr(a b) for `n` x `n` matrices.
pub fn trace_product(a: &[f64], b: &[f64], n: usize) -> f64 {
    let mut s = 0.0;
    for i in 0..n {
        for k in 0..n {
            s += a[i * n + k] * b[k * n + i];
        }
    }
    s
}

/// `x' a y` for an `n` x `n` matrix.
pub fn bilinear(x: &[f64], a: &[f64], y: &[f64], n: usize) -> f64 {
    let mut s = 0.0;
    for i in 0..n {
        if x[i] != 0.0 {
            let row = &a[i * n..(i + 1) * n];
            s += x[i] * row.iter().zip(y).map(|(r, y)| r * y).sum::<f64>();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_and_solve_agree_with_a_known_matrix() {
        let a = [4.0, 2.0, 0.6, 2.0, 2.0, 0.5, 0.6, 0.5, 3.0];
        let mut l = a;
        let log_det = cholesky(&mut l, 3).unwrap();
        // det = 4 (6 - 0.25) - 2 (6 - 0.3) + 0.6 (1 - 1.2) = 23 - 11.4 - 0.12
        assert!((log_det - 11.48f64.ln()).abs() < 1e-14);
        let mut inv = [0.0; 9];
        inverse_from_cholesky(&l, 3, &mut inv);
        let mut product = [0.0; 9];
        multiply(&a, &inv, 3, &mut product);
        for i in 0..3 {
            for j in 0..3 {
                let expected = if i == j { 1.0 } else { 0.0 };
                assert!((product[i * 3 + j] - expected).abs() < 1e-14);
            }
        }
        let mut b = [1.0, -2.0, 0.5];
        solve_cholesky(&l, 3, &mut b);
        let x: Vec<f64> = (0..3).map(|i| (0..3).map(|j| inv[i * 3 + j] * [1.0, -2.0, 0.5][j]).sum()).collect();
        for i in 0..3 {
            assert!((b[i] - x[i]).abs() < 1e-14);
        }
    }

    #[test]
    fn an_indefinite_matrix_has_no_factor() {
        let mut a = [1.0, 2.0, 2.0, 1.0];
        assert!(cholesky(&mut a, 2).is_none());
    }
}

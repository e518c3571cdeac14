//! Fingerprints: a short, stable hash (64-bit FNV-1a, written as 16 hexadecimal digits)
//! that tells whether two outputs come from the same scenario text or the same run.

/// A fingerprint being built from parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint(u64);

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(OFFSET)
    }
}

/// FNV-1a over `bytes` from the state `h`.
fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(PRIME);
    }
    h
}

impl Fingerprint {
    /// This fingerprint with `part` added (parts are separated, so `ab`+`c` differs from
    /// `a`+`bc`).
    pub fn with(self, part: &[u8]) -> Fingerprint {
        Fingerprint(fnv1a(fnv1a(self.0, &(part.len() as u64).to_le_bytes()), part))
    }

    /// 16 hexadecimal digits.
    ///
    /// # Examples
    ///
    /// ```
    /// use trialsim::scenario::fingerprint::Fingerprint;
    /// let a = Fingerprint::default().with(b"scenario").with(b"seed 1");
    /// assert_eq!(a.hex().len(), 16);
    /// assert_ne!(a, Fingerprint::default().with(b"scenario").with(b"seed 2"));
    /// assert_ne!(a, Fingerprint::default().with(b"scenarios").with(b"eed 1"));
    /// ```
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_test_vectors() {
        // The published FNV-1a 64-bit values of "a" and "foobar".
        assert_eq!(fnv1a(OFFSET, b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a(OFFSET, b"foobar"), 0x85944171f73967e8);
        assert_eq!(Fingerprint::default().hex(), "cbf29ce484222325");
    }
}

//! What a binary endpoint counts in one arm.

/// Responders out of a denominator, for one arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proportion {
    pub responders: u32,
    pub denominator: u32,
}

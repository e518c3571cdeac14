//! Sample-size search: the total sample size (split by the allocation rule) at which the
//! simulated power of one endpoint reaches a target, found by bisection on common random
//! numbers; the smallest size from which it stays there over a scan of every size above;
//! and, where exact power is computable, the smallest size whose exact power reaches the
//! target and the smallest from which it stays there, enumerated at every size searched.

pub mod exact;
pub mod search;
pub mod simon;
pub mod simulated;
pub mod sizes;
pub mod target;

pub use exact::{EXACT_SCAN_LIMIT, ExactSizes};
pub use search::{Search, SizeResult, search};
pub use simulated::SUSTAIN_RUN;
pub use sizes::PowerAt;
pub use target::{Criterion, SizeTarget};

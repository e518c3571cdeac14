//! `trialsim merge FILES...`: the shards of a run combined into the unsharded output.

use super::args::MergeArgs;
use trialsim::Result;
use trialsim::evaluation::shard;
use trialsim::output::{Target, exporter};

pub fn merge(a: MergeArgs) -> Result<()> {
    let (_, result) = shard::merge(&a.files)?;
    Target::new(a.output).write(&exporter(a.format).render(&result))
}

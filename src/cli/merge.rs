//! `trialsim merge FILES...`: the shards of a run combined into the unsharded output.

use super::args::MergeArgs;
use trialsim::Result;
use trialsim::evaluation::shard;
use trialsim::output::{Target, exporter};

pub fn merge(a: MergeArgs) -> Result<()> {
    let inputs: Vec<&std::path::Path> = a.files.iter().map(|f| f.as_path()).collect();
    let target = Target::new(a.output).not_one_of(&inputs)?;
    let (_, result) = shard::merge(&a.files)?;
    target.write(&exporter(a.format).render(&result))
}

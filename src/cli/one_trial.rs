//! What `export` and `analyse` share: the scenario, the seed, and a replicate checked
//! against the run it belongs to.

use super::args::OneTrial;
use trialsim::error::SettingsError;
use trialsim::{Result, Scenario};

impl OneTrial {
    /// The scenario, the seed and the replicate (which must belong to the run).
    pub fn resolve(&self) -> Result<(Scenario, u64, u64)> {
        let s = Scenario::load(&self.file)?;
        let seed = self.seed.unwrap_or(s.simulation.seed);
        let replicates = self.replicates.unwrap_or(s.simulation.replicates);
        if self.replicate >= replicates {
            return Err(SettingsError::Replicate { replicate: self.replicate, replicates }.into());
        }
        Ok((s, seed, self.replicate))
    }
}

//! Arms: their size, dropout and the truth assumed for them.

/// An arm with its size fixed by the allocation rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    pub name: String,
    /// Randomisation weight.
    pub allocation: f64,
    /// Patients in the arm.
    pub n: u32,
    /// Probability of missing the last visit (completely at random; with
    /// `informative_dropout` the rate of a patient at the mean latent score, approximately).
    pub dropout: f64,
    /// The log hazard ratio of dropout per SD of the latent score below its mean: 0 is
    /// dropout completely at random; above 0 patients doing badly leave sooner.
    pub informative_dropout: f64,
    /// The dose score trend tests give the arm (`None` when the scenario gives none).
    pub dose: Option<f64>,
    /// `rates[level][j]`: probability of being in that level at post-baseline visit j.
    pub rates: Vec<Vec<f64>>,
    /// The post-baseline weeks at which the scenario gives the rates (every visit unless
    /// the arm lists `weeks`); the others are interpolated.
    pub rate_weeks: Vec<u32>,
    /// `changes[score][j]`: mean change from baseline of each score at visit j.
    pub changes: Vec<Vec<f64>>,
    /// `change_sd[score]`: SD of a patient's deviation from the mean change in this arm
    /// (the score's `change_sd` unless the arm gives its own).
    pub change_sd: Vec<f64>,
    /// `events[k]`: probability of event k by its horizon.
    pub events: Vec<f64>,
    /// `shapes[k]`: the Weibull shape of event k's time in this arm (the event's `shape`
    /// unless the arm gives its own).
    pub shapes: Vec<f64>,
}

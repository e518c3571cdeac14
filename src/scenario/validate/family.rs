//! `[multiplicity]` and `[simon]`: the family of hypotheses adjusted together, and the
//! two-stage rule of a Simon design.

use super::checks::{R, Validator, root};
use crate::scenario::design::{Design, MAX_ALL_PARTIAL_NULLS, Multiplicity, PartialNulls, SimonRule};
use crate::scenario::endpoint::{Endpoint, EndpointKind, Missing};
use crate::scenario::locate::KeyPath;
use crate::scenario::raw::{RawMultiplicity, RawScenario};
use crate::scenario::rescue::Strategy;
use trialsim_stats::Test;

impl Validator<'_> {
    pub fn multiplicity(
        &self,
        raw: &Option<RawMultiplicity>,
        endpoints: &[Endpoint],
        compared_arms: usize,
    ) -> R<Option<Multiplicity>> {
        let Some(m) = raw else { return Ok(None) };
        let path = root().key("multiplicity");
        self.check(!m.endpoints.is_empty(), &path.key("endpoints"), || "expected the endpoints of the family".into())?;
        let names: Vec<&str> = endpoints.iter().map(|e| e.name.as_str()).collect();
        let mut family = Vec::new();
        for (i, name) in m.endpoints.iter().enumerate() {
            let at = path.key("endpoints").index(i);
            let e = self.lookup(name, &names, &at, "endpoint", "an [[endpoint]]")?;
            self.check(!family.contains(&e), &at, || format!("endpoint `{name}` is listed twice"))?;
            family.push(e);
        }
        let alpha = endpoints[family[0]].alpha;
        for (i, &e) in family.iter().enumerate() {
            self.check(endpoints[e].alpha == alpha, &path.key("endpoints").index(i), || {
                format!(
                    "the family shares one alpha: `{}` has {} but `{}` has {alpha}",
                    endpoints[e].name, endpoints[e].alpha, endpoints[family[0]].name
                )
            })?;
        }
        let hypotheses = family.len() * compared_arms;
        self.check(
            m.partial_nulls != PartialNulls::All || hypotheses <= MAX_ALL_PARTIAL_NULLS,
            &path.key("partial_nulls"),
            || {
                format!(
                    "\"all\" simulates 2^k - 2 partial null worlds, and this family has k = {hypotheses} hypotheses; \
                     \"all\" takes at most {MAX_ALL_PARTIAL_NULLS}: use \"single\" (each hypothesis true alone)"
                )
            },
        )?;
        if m.method.is_many_to_one() {
            self.many_to_one(m.method.as_str(), &family, endpoints, &path)?;
        }
        Ok(Some(Multiplicity { method: m.method, endpoints: family, alpha, partial_nulls: m.partial_nulls }))
    }

    /// Dunnett's procedures adjust the comparisons of several arms with one control on one
    /// endpoint, from the joint law of their statistics: the score z of a binary endpoint
    /// (`z-pooled`) or the t with the variance pooled over every arm (`pooled-t`).
    fn many_to_one(&self, method: &str, family: &[usize], endpoints: &[Endpoint], path: &KeyPath) -> R<()> {
        self.check(family.len() == 1, &path.key("endpoints"), || {
            format!(
                "\"{method}\" adjusts the comparisons of the arms with the control on one endpoint (their joint law is \
                 known); list one endpoint, or use holm or hochberg for a family of several endpoints"
            )
        })?;
        let e = &endpoints[family[0]];
        let fits = match e.kind {
            EndpointKind::Response { .. } | EndpointKind::ScoreResponse { .. } | EndpointKind::Sustained { .. } => {
                e.test == Test::ZPooled
            }
            EndpointKind::Change { .. } => e.test == Test::PooledT,
            EndpointKind::TimeToEvent { .. } | EndpointKind::LevelTime { .. } => false,
        };
        self.check(fits, &path.key("method"), || {
            format!(
                "\"{method}\" adjusts the score statistics of a binary endpoint (test = \"z-pooled\") or the t statistics \
                 of a change endpoint with the variance pooled over the arms (test = \"pooled-t\"); endpoint `{}` is \
                 tested with \"{}\"",
                e.name,
                e.test.as_str()
            )
        })
    }

    pub fn simon(&self, raw: &RawScenario, endpoints: &[Endpoint]) -> R<Option<SimonRule>> {
        let path = root().key("simon");
        let n = raw.trial.sample_size;
        match (raw.trial.design, &raw.simon) {
            (Design::SimonTwoStage, None) => Err(self.err(
                &root().key("trial").key("design"),
                "a simon-two-stage design needs a [simon] section: endpoint, n1, r1, r (n is trial.sample_size)",
            )),
            (Design::SimonTwoStage, Some(s)) => {
                let names: Vec<&str> = endpoints.iter().map(|e| e.name.as_str()).collect();
                let e = self.lookup(&s.endpoint, &names, &path.key("endpoint"), "endpoint", "an [[endpoint]]")?;
                let is_response = matches!(endpoints[e].kind, EndpointKind::Response { .. });
                self.check(is_response, &path.key("endpoint"), || {
                    "the two-stage rule applies to a response endpoint".into()
                })?;
                self.check(endpoints[e].missing() == Missing::NonResponder, &path.key("endpoint"), || {
                    "a two-stage rule counts responders among the patients enrolled: the endpoint needs missing = \"non-responder\"".into()
                })?;
                self.check(endpoints[e].strategy == Strategy::TreatmentPolicy, &path.key("endpoint"), || {
                    "a two-stage rule counts the responders observed at each stage: the endpoint takes the \
                     treatment-policy strategy"
                        .into()
                })?;
                self.check(s.n1 >= 1 && s.n1 < n, &path.key("n1"), || {
                    format!("expected a first stage of 1 to {} patients (trial.sample_size is n = {n})", n - 1)
                })?;
                self.check(s.r1 < s.n1, &path.key("r1"), || {
                    format!("expected r1 below n1 = {}, found {}", s.n1, s.r1)
                })?;
                self.check(s.r >= s.r1 && s.r < n, &path.key("r"), || {
                    format!("expected r between r1 = {} and n - 1 = {}, found {}", s.r1, n - 1, s.r)
                })?;
                Ok(Some(SimonRule { endpoint: e, n1: s.n1, r1: s.r1, n, r: s.r }))
            }
            (_, Some(_)) => Err(self.err(&path, "[simon] belongs to design = \"simon-two-stage\"")),
            (_, None) => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{VALID, assert_error, with};

    #[test]
    fn the_family_names_known_endpoints_once_with_one_alpha() {
        assert_error(
            &with("endpoints = [\"CR\", \"ESSDAI\"]", "endpoints = [\"CR\", \"DAS28\"]"),
            "multiplicity.endpoints[1]",
            "unknown endpoint `DAS28`",
        );
        assert_error(
            &with("endpoints = [\"CR\", \"ESSDAI\"]", "endpoints = [\"CR\", \"CR\"]"),
            "multiplicity.endpoints[1]",
            "listed twice",
        );
        assert_error(
            &with("test = \"ancova\"", "test = \"ancova\"\nalpha = 0.025"),
            "multiplicity.endpoints[1]",
            "shares one alpha",
        );
    }

    #[test]
    fn dunnett_adjusts_one_endpoint_tested_by_its_score_or_pooled_t() {
        let dunnett = |from: &str| with("method = \"holm\"", &format!("method = \"dunnett\"{from}"));
        assert_error(&dunnett(""), "multiplicity.endpoints", "list one endpoint");
        let one = dunnett("").replace("endpoints = [\"CR\", \"ESSDAI\"]", "endpoints = [\"CR\"]");
        assert_error(&one, "multiplicity.method", "endpoint `CR` is tested with \"chi-square\"");
        let one = dunnett("").replace("endpoints = [\"CR\", \"ESSDAI\"]", "endpoints = [\"ESSDAI\"]");
        assert_error(&one, "multiplicity.method", "(test = \"pooled-t\")");
        let fine = one.replace("test = \"ancova\"", "test = \"pooled-t\"");
        assert!(crate::Scenario::parse(&fine, std::path::Path::new("t.toml")).is_ok());
    }

    #[test]
    fn a_simon_section_belongs_to_a_simon_design() {
        let text = format!("{VALID}\n[simon]\nendpoint = \"CR\"\nn1 = 10\nr1 = 1\nr = 5\n");
        assert_error(&text, "simon", "belongs to design = \"simon-two-stage\"");
    }
}

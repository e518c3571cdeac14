//! trialsim's integration tests, one crate (so the library and binary are built once).
//! Each module tests one part; `util` holds what they share.

// Shared helpers: running scenarios, tolerances, fixtures, the scenario builder.
mod util;

// `export --format adam`: CDISC ADaM datasets, Dataset-JSON against its schema, endpoints recomputed.
mod adam;
// `[accrual]`: entry over calendar time against rpact; permuted blocks; threads and shards.
mod accrual;
// `trialsim analyse`: one trial's analysis is the one the engine tallies.
mod analyse;
// `trialsim analyse` against R's own tests on committed exports of one replicate.
mod analyse_r;
// Area under the change curve: recounted from the scores, its mean, its type-I error.
mod auc;
// The library API of the R and Python packages: the command line's numbers, errors, interrupts.
mod api;
// The layers: no import cycle between files, top-level modules in one direction.
mod architecture;
// The type-I error atlas: exact tests never exceed alpha.
mod atlas;
// The command line: errors with file, line, column and key; outputs written atomically.
mod cli;
// The retrospective cohort's published rates lie in the simulated ranges.
mod cohort;
// Simulated interval coverage against exact coverage.
mod coverage;
// The same output on any number of threads; simulated rates equal the specified ones.
mod determinism;
// Informative dropout (missing not at random) against its integrals over the latent score.
mod dropout;
// Looks triggered by the events of an [[event]] on a response endpoint.
mod event_looks;
// Durable responders: a patient-level latent component; rates stay exact.
mod durable;
// Exact and simulated power against independent enumerations in R and Python.
mod exact_power;
// Futility by p-values and conditional power; bounds re-spent at observed information.
mod futility;
// Anticonservative tests and families are flagged in the JSON, the table and the report.
mod flags;
// `trialsim export`: the patients a run used.
mod export;
// Bad input is refused, never turned into numbers: tampered shards, foreign sweep files.
mod inputs;
// The Kaplan-Meier interval that inverts the rate-difference test agrees with it in every trial.
mod km_interval;
// Times read off the levels: probabilities, exact rate-difference power, recounts.
mod level_time;
// The response model: the level read back from a value is the level drawn.
mod levels;
// Inputs that used to hang or abort: refused at once, or run with an estimate of the time.
mod limits;
// Several doses: Dunnett, Cochran-Armitage, pooled t and trend against R; FWER of step-down Dunnett.
mod many_to_one;
// MMRM endpoints: power against Lu, Luo and Chen's formula, type-I error, failed fits, keys.
mod mmrm;
// Multiplicity families: the FWER under every partial null, Hochberg's assumption stated.
mod partial_nulls;
// `--precision`: batches until every half-width is reached.
mod precision;
// The HTML report and --plots, rendered in headless Chromium.
mod report;
// Random valid and slightly invalid scenarios: exit 0 or 2, no panic, no hang.
mod robustness;
// Second randomisation of event-free patients.
mod rerandomisation;
// Rescue therapy: each ICH E9(R1) strategy's power and means against closed forms; bad rescues refused.
mod rescue;
// The JSON Schemas: current, every scenario and every kind of output validates.
mod schema;
// A score-response endpoint monitored by looks: the final look is the fixed analysis.
mod score_response_looks;
// Continuous scores, change endpoints and multiplicity.
mod scores;
// Group-sequential runs: exact stops per look, type-I error, threads and shards, bad looks.
mod sequential;
// Several arms monitored each against the control: exact stops per comparison, FWER.
mod sequential_many_arms;
// A single arm's response rate monitored against its null rate: exact and simulated stops.
mod sequential_single_arm;
// Never lose a file: devices, pipes, links and inputs survive every output.
mod safety;
// Shards merged equal the unsharded run.
mod shard;
// A time to event between sub-arms of a second randomisation, monitored by its events.
mod subarm_looks;
// Sustained-response endpoints: the orthant probability, one-visit windows, recounts.
mod sustained;
// Simon's published two-stage designs.
mod simon;
// A simon-two-stage scenario against its exact operating characteristics.
mod simon_design;
// `trialsim size` against the exact minimal sample size.
mod size;
// Sweeps: common random numbers, resume after a kill.
mod sweep;
// Time-to-event endpoints: log-rank against Schoenfeld, the rate difference at its margin.
mod time_to_event;

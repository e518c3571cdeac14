# Time rpact's getSimulationRates for 100,000 trials of the NCT05694130 design with one
# interim at half the patients (scenarios/NCT05694130-interim.toml: Lan-DeMets
# O'Brien-Fleming efficacy, O'Brien-Fleming type beta-spending futility with beta 0.2,
# non-binding, one-sided 2.5 %), to compare with
#   trialsim run scenarios/NCT05694130-interim.toml -n 100000 --skip-type1
# (which simulates every patient's visits in calendar time; rpact draws binomial counts per
# stage). CR at week 12: 55 % vs 30 % among patients still in the trial, 10 % dropout
# counted as non-response, so 49.5 % vs 27 %. Not run in CI. Needs Debian's r-base-core
# and r-cran-rpact: Rscript benches/rpact_sequential.R
suppressMessages(library(rpact))
design <- getDesignGroupSequential(kMax = 2, alpha = 0.025, sided = 1, typeOfDesign = "asOF",
                                   informationRates = c(0.5, 1), typeBetaSpending = "bsOF", beta = 0.2,
                                   bindingFutility = FALSE)
run <- function() getSimulationRates(design = design, groups = 2, pi1 = 0.55 * 0.9, pi2 = 0.30 * 0.9,
                                     plannedSubjects = c(55, 110), maxNumberOfIterations = 100000,
                                     seed = 20260122)
times <- numeric(3)
for (i in 1:3) times[i] <- system.time(sim <- run())[["elapsed"]]
cat(sprintf("rpact %s: getSimulationRates, kMax = 2, 100000 iterations: median %.2f s (runs: %s)\n",
            packageVersion("rpact"), median(times), paste(sprintf("%.2f", times), collapse = ", ")))
cat(sprintf("bounds: efficacy %s, futility %s\n", paste(sprintf("%.4f", design$criticalValues), collapse = " "),
            paste(sprintf("%.4f", design$futilityBounds), collapse = " ")))
cat(sprintf("power %.4f; stops at the interim: efficacy %.4f, futility %.4f; expected subjects %.1f\n",
            sim$overallReject, sim$rejectPerStage[1], sim$futilityPerStage[1], sim$expectedNumberOfSubjects))

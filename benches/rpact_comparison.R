# Time rpact's getSimulationRates for 100,000 trials of the NCT05694130 design (110
# patients 1:1, CR at week 12: 55 % vs 30 % among patients still in the trial, 10 %
# dropout counted as non-response, so 49.5 % vs 27 % of those enrolled; two-sided 5 %),
# to compare with `cargo bench --bench engine -- primary` (the same design, chi-square,
# --skip-type1). Not run in CI. Needs Debian's r-base-core and r-cran-rpact:
#   apt-get install r-base-core r-cran-rpact && Rscript benches/rpact_comparison.R
suppressMessages(library(rpact))
# rpact simulates one-sided designs only: one-sided 2.5 %, the upper half of two-sided 5 %.
design <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1)
run <- function() getSimulationRates(design = design, groups = 2, pi1 = 0.55 * 0.9, pi2 = 0.30 * 0.9,
                                     plannedSubjects = 110, maxNumberOfIterations = 100000, seed = 20260122)
times <- numeric(3)
for (i in 1:3) times[i] <- system.time(sim <- run())[["elapsed"]]
cat(sprintf("rpact %s: getSimulationRates, 100000 iterations: median %.2f s (runs: %s); power %.4f\n",
            packageVersion("rpact"), median(times), paste(sprintf("%.2f", times), collapse = ", "),
            sim$overallReject))

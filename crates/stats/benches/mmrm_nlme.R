# R's time for the MMRM fits that benches/mmrm.rs times in Rust, for a documented speed
# comparison (the Rust bench: cargo bench -p trialsim-stats --bench mmrm).
#
# Run from the repository root:
#   Rscript crates/stats/benches/mmrm_nlme.R
# About 40 s. Needs R with nlme and emmeans (Debian: r-base-core, r-cran-nlme,
# r-cran-emmeans); CI does not run it. The script prints its versions and libraries.
# Measured once with R 4.2.2 Patched (2022-11-10 r83330), nlme 3.1-162, emmeans 1.8.4-1
# (Debian bookworm), Debian's reference BLAS/LAPACK 3.11.0, single-threaded, on the
# 2-vCPU Intel Xeon development machine (shared, so not idle); median milliseconds per
# call in two runs:
#   un:  fit 396 / 442, fit + contrast 487 / 632
#   ar1: fit 11.3 / 11.5, fit + contrast 47 / 48
#   cs:  fit 12.6 / 12.1, fit + contrast 56 / 52
#
# DATA. tests/fixtures/mmrm/data_dropout.csv (written by tests/fixtures/mmrm/mmrm.R): 110
# patients (55 + 55), 4 post-baseline visits, monotone dropout (about a quarter gone by
# visit 4); 381 observed rows, 84 at visit 4.
#
# WHAT IS TIMED, per covariance structure (un, ar1, cs):
#   (a) fit:             one nlme::gls(change ~ baseline * visitf + armf * visitf,
#                        method = "REML", control = glsControl(natural = FALSE)) with
#                        un:  correlation = corSymm(form = ~ visit | id),
#                             weights = varIdent(form = ~ 1 | visitf)
#                        ar1: correlation = corAR1(form = ~ visit | id)
#                        cs:  correlation = corCompSymm(form = ~ 1 | id)
#                        (nlme's default optimiser and tolerances; natural = FALSE so that
#                        emmeans can use the analytical Satterthwaite method, see mmrm.R)
#   (b) fit + contrast:  (a), then emmeans(fit, ~ armf | visitf, mode = "satterthwaite") and
#                        contrast(..., "trt.vs.ctrl") at visit 4: arm 1 minus control with its
#                        Satterthwaite df (what the Rust bench does with Mmrm::fit and
#                        Mmrm::contrast; emmeans computes the contrasts at all visits)
# The data frame is prepared once, outside the timing (the Rust bench times pushing the
# patients into the model as part of its iteration). After one untimed warm-up call, each
# measurement is taken REPS = 20 times; one measurement is a batch of calls lasting at
# least about 0.2 s (the batch size is set from the warm-up: 1 call for un, 4 to 20 for
# ar1 and cs), timed with proc.time() (elapsed; its resolution is 1 ms, hence the batches),
# divided by the batch size. Printed: the median, mean and minimum over the 20 batches of
# milliseconds per call, and the number of calls per batch. The estimate, SE
# and df of the visit-4 contrast are printed to show it is the same model as the Rust one
# (nlme's default tolerances stop a little short of the optimum and emmeans' df rests on
# nlme's finite-difference Hessian; see tests/fixtures/mmrm/mmrm.R for accurate values).

suppressPackageStartupMessages({
  library(nlme)
  library(emmeans)
})

REPS <- 20
BATCH_S <- 0.2 # seconds per timed batch, at least about

cat(sprintf("%s; nlme %s, emmeans %s\nBLAS %s\nLAPACK %s\n", R.version.string,
            packageVersion("nlme"), packageVersion("emmeans"), extSoftVersion()[["BLAS"]],
            La_library()))
path <- "crates/stats/tests/fixtures/mmrm/data_dropout.csv"
if (!file.exists(path)) stop("run from the repository root (", path, " not found)")
d <- read.csv(path, colClasses = c("integer", "integer", "integer", "numeric", "numeric"))
d$visitf <- factor(d$visit, levels = 1:4)
d$armf <- factor(d$arm, levels = 0:1)
cat(sprintf("%s: %d patients, %d rows, %d at visit 4\n", path, length(unique(d$id)), nrow(d),
            sum(d$visit == 4)))

ctrl <- glsControl(natural = FALSE)

fit_of <- function(cov) {
  switch(cov,
    un = gls(change ~ baseline * visitf + armf * visitf, data = d, method = "REML",
             correlation = corSymm(form = ~ visit | id),
             weights = varIdent(form = ~ 1 | visitf), control = ctrl),
    ar1 = gls(change ~ baseline * visitf + armf * visitf, data = d, method = "REML",
              correlation = corAR1(form = ~ visit | id), control = ctrl),
    cs = gls(change ~ baseline * visitf + armf * visitf, data = d, method = "REML",
             correlation = corCompSymm(form = ~ 1 | id), control = ctrl))
}

contrast_at_4 <- function(fit) {
  emm <- emmeans(fit, ~ armf | visitf, mode = "satterthwaite", data = d)
  if (attr(emm@dffun, "mesg") != "satterthwaite") stop("emmeans did not use its analytical Satterthwaite df")
  sm <- as.data.frame(summary(contrast(emm, "trt.vs.ctrl", ref = 1, adjust = "none")))
  sm[sm$visitf == "4", c("estimate", "SE", "df", "t.ratio", "p.value")]
}

# milliseconds per call of f(): REPS batches of n calls each, n such that a batch lasts
# about BATCH_S seconds or more
time_ms <- function(f) {
  t0 <- proc.time()[["elapsed"]]
  f() # warm-up, also sizes the batches
  once <- proc.time()[["elapsed"]] - t0
  n <- max(1L, as.integer(ceiling(BATCH_S / max(once, 1e-3))))
  ms <- numeric(REPS)
  for (i in seq_len(REPS)) {
    t0 <- proc.time()[["elapsed"]]
    for (k in seq_len(n)) f()
    ms[i] <- 1000 * (proc.time()[["elapsed"]] - t0) / n
  }
  structure(ms, batch = n)
}

rows <- list()
for (cov in c("un", "ar1", "cs")) {
  fit <- fit_of(cov)
  r <- contrast_at_4(fit)
  a <- time_ms(function() fit_of(cov))
  b <- time_ms(function() contrast_at_4(fit_of(cov)))
  cat(sprintf("%-3s visit 4, arm 1 - control: estimate %.6f, SE %.6f, df %.3f, t %.4f, p %.3g; -2 logLik %.6f\n",
              cov, r$estimate, r$SE, r$df, r$t.ratio, r$p.value, -2 * as.numeric(logLik(fit))))
  for (what in c("fit", "fit + contrast")) {
    ms <- if (what == "fit") a else b
    rows[[length(rows) + 1]] <- data.frame(covariance = cov, timed = what, batches = REPS,
                                           calls_per_batch = attr(ms, "batch"),
                                           median_ms = median(ms), mean_ms = mean(ms),
                                           min_ms = min(ms))
  }
}
cat(sprintf("\nmilliseconds per call (elapsed; %d batches each):\n", REPS))
print(format(do.call(rbind, rows), digits = 4), row.names = FALSE)

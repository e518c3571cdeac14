test_that("run prints the power the command line prints, digit for digit", {
  nct <- scenario("NCT05694130.toml")
  r <- trialsim::run(nct, replicates = 2000, seed = 1)
  expect_identical(r$json, cli("run", nct, "-n", "2000", "--seed", "1", "--format", "json"))
  printed <- paste0(paste(capture.output(print(r)), collapse = "\n"), "\n")
  expect_identical(printed, cli("run", nct, "-n", "2000", "--seed", "1"))
  d <- as.data.frame(r)
  expect_equal(nrow(d), length(r$result$endpoints))
  expect_identical(d$power, vapply(r$result$endpoints, function(e) e$power, numeric(1)))
  # Every output carries its provenance.
  expect_identical(r$result$schema_version, 1)
  expect_identical(r$result$seed, 1)
  expect_identical(r$result$trialsim_version, trialsim::engine_version())
  expect_identical(nchar(r$result$scenario_sha256), 64L)
  # Threads change nothing; R's random numbers are not used.
  set.seed(99)
  expect_identical(trialsim::run(nct, replicates = 2000, seed = 1, threads = 1)$json, r$json)
  expect_s3_class(summary(r), "summary.trialsim_result")
  grDevices::pdf(NULL)
  expect_silent(plot(r))
  grDevices::dev.off()
})

test_that("a list or TOML text runs as its file", {
  primary <- scenario("NCT05694130-primary.toml")
  text <- paste(readLines(primary), collapse = "\n")
  from_file <- trialsim::run(primary, replicates = 500, seed = 3)
  from_text <- trialsim::run(trialsim::toml_text(paste0(text, "\n"), "primary.toml"), replicates = 500, seed = 3)
  expect_identical(from_text$json, from_file$json)
  s <- list(
    trial = list(name = "NCT05694130-primary", title = from_file$result$title, sample_size = 110,
                 visits = c(0, 4, 8, 12), control = "Prednisolone"),
    marker = list(name = "platelets", unit = "10^9/L", baseline = list(median = 15, log_sd = 0.5, min = 1, max = 29),
                  persistence = 0.7),
    level = list(list(name = "CR", at_least = 100), list(name = "PR", at_least = 30, fold_of_baseline = 2)),
    arm = list(
      list(name = "Prednisolone + Tacrolimus", dropout = 0.05,
           rates = list(CR = c(0.3, 0.4, 0.55), PR = c(0.3, 0.25, 0.2))),
      list(name = "Prednisolone", dropout = 0.05, rates = list(CR = c(0.2, 0.25, 0.3), PR = c(0.3, 0.25, 0.2)))
    ),
    endpoint = list(list(name = "CR at week 12", primary = TRUE, levels = list("CR"), week = 12, test = "chi-square"))
  )
  r <- trialsim::run(s, replicates = 500, seed = 3)
  expect_match(trialsim::to_toml(s), "[[arm]]", fixed = TRUE)
  expect_identical(r$result$replicates, 500)
  expect_identical(length(r$result$endpoints), 1L)
})

test_that("scenario errors are conditions with the file, line, column and key", {
  primary <- scenario("NCT05694130-primary.toml")
  bad <- sub("sample_size = 110", "sample_size = -3", readLines(primary), fixed = TRUE)
  path <- tempfile(fileext = ".toml")
  writeLines(bad, path)
  e <- tryCatch(trialsim::run(path, replicates = 10), trialsim_scenario_error = function(e) e)
  expect_s3_class(e, "trialsim_scenario_error")
  expect_s3_class(e, "trialsim_error")
  expect_identical(e$file, path)
  expect_identical(e$key, "trial.sample_size")
  expect_true(startsWith(bad[e$line], "sample_size = -3"))
  expect_gte(e$column, 1)
  expect_match(conditionMessage(e), "sample_size")
  e <- tryCatch(trialsim::check(trialsim::toml_text(bad, "mine.toml")), trialsim_scenario_error = function(e) e)
  expect_identical(c(e$file, e$key), c("mine.toml", "trial.sample_size"))
  e <- tryCatch(trialsim::run(file.path(tempdir(), "missing.toml")), trialsim_error = function(e) e)
  expect_s3_class(e, "trialsim_error")
  expect_error(trialsim::simon(0.3, 0.1), class = "trialsim_error")
})

test_that("check, sweep, size, simon and export equal the command line", {
  primary <- scenario("NCT05694130-primary.toml")
  expect_true(startsWith(cli("check", primary), unclass(trialsim::check(primary))))
  swept <- trialsim::sweep(primary, "trial.sample_size=60:100:20", replicates = 300, seed = 4)
  expected <- utils::read.csv(text = cli("sweep", primary, "--vary", "trial.sample_size=60:100:20", "-n", "300",
                                         "--seed", "4"), check.names = FALSE, stringsAsFactors = FALSE,
                              colClasses = c(scenario_sha256 = "character"))
  # `run` fingerprints the whole sweep, output format included.
  same <- setdiff(names(expected), "run")
  expect_identical(swept[same], expected[same])
  expect_identical(nrow(swept), 3L)
  found <- trialsim::size(primary, 0.6, replicates = 300, seed = 4)
  expect_identical(found$json, cli("size", primary, "--target-power", "0.6", "-n", "300", "--seed", "4",
                                   "--format", "json"))
  expect_identical(paste(capture.output(print(found)), collapse = "\n"),
                   sub("\n$", "", cli("size", primary, "--target-power", "0.6", "-n", "300", "--seed", "4")))
  d <- trialsim::simon(0.1, 0.3)
  expect_identical(d$json, cli("simon", "--p0", "0.1", "--p1", "0.3", "--format", "json"))
  expect_identical(d$result$optimal$n, 29)
  patients <- trialsim::export(primary, 3, seed = 4)
  expected <- utils::read.csv(text = cli("export", primary, "--replicate", "3", "--seed", "4"), stringsAsFactors = FALSE,
                              colClasses = c(scenario_sha256 = "character"))
  expect_identical(patients$scenario_sha256[patients$week == 0][1], found$result$scenario_sha256)
  expect_identical(patients, expected)
})

test_that("Ctrl-C stops a run and R goes on", {
  script <- tempfile(fileext = ".R")
  out <- tempfile()
  writeLines(c(
    sprintf(".libPaths(c(%s))", paste(deparse(.libPaths()), collapse = "")),
    "started <- Sys.time()",
    sprintf("r <- tryCatch(trialsim::run(%s, replicates = 5e7), interrupt = function(e) 'stopped')", deparse(scenario("NCT05694130.toml"))),
    sprintf("writeLines(c(if (identical(r, 'stopped')) 'stopped' else 'finished', format(as.numeric(Sys.time() - started, units = 'secs'))), %s)", deparse(out))
  ), script)
  rscript <- file.path(R.home("bin"), "Rscript")
  pid_file <- tempfile()
  system(sprintf("%s %s & echo $! > %s", shQuote(rscript), shQuote(script), shQuote(pid_file)))
  Sys.sleep(4)
  pid <- as.integer(readLines(pid_file))
  tools::pskill(pid, tools::SIGINT)
  for (i in 1:300) {
    if (file.exists(out) && length(readLines(out)) == 2) break
    Sys.sleep(0.1)
  }
  lines <- readLines(out)
  expect_identical(lines[1], "stopped")
  expect_lt(as.numeric(lines[2]), 60)
})

# The repository (three levels above tests/testthat) and its command line, found at
# $TRIALSIM_BIN or in the repository's target/debug or target/release.
root <- function() {
  from_env <- Sys.getenv("TRIALSIM_ROOT")
  if (nzchar(from_env)) return(normalizePath(from_env))
  normalizePath(file.path(testthat::test_path(), "..", "..", ".."))
}

scenario <- function(name) file.path(root(), "scenarios", name)

cli_path <- function() {
  from_env <- Sys.getenv("TRIALSIM_BIN")
  if (nzchar(from_env)) return(from_env)
  for (profile in c("debug", "release")) {
    p <- file.path(root(), "target", profile, "trialsim")
    if (file.exists(p)) return(p)
  }
  stop("build the command line first (cargo build) or set TRIALSIM_BIN")
}

# The command line's standard output, as one string.
cli <- function(...) {
  out <- system2(cli_path(), shQuote(c(...)), stdout = TRUE, stderr = FALSE)
  expect_null(attr(out, "status"))
  paste0(paste(out, collapse = "\n"), "\n")
}

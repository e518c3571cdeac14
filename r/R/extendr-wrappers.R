# The engine's entry points (written as extendr's `make_trialsim_wrappers` prints them).
# Each returns a list: `ok` (the result), `error_class` and `message` (and the scenario
# error's `file`, `line`, `column`, `key`), or `interrupted`; `R/trialsim.R` turns that into
# a value or a condition.

#' @useDynLib trialsim, .registration = TRUE
NULL

run_ <- function(kind, source, name, replicates, seed, threads, skip_type1) .Call(wrap__run_, kind, source, name, replicates, seed, threads, skip_type1)

check_ <- function(kind, source, name) .Call(wrap__check_, kind, source, name)

sweep_ <- function(kind, source, name, vary, replicates, seed, threads, skip_type1) .Call(wrap__sweep_, kind, source, name, vary, replicates, seed, threads, skip_type1)

size_ <- function(kind, source, name, target_power, endpoint, target, arm, min, max, replicates, seed, threads) .Call(wrap__size_, kind, source, name, target_power, endpoint, target, arm, min, max, replicates, seed, threads)

simon_ <- function(p0, p1, alpha, power, nmax) .Call(wrap__simon_, p0, p1, alpha, power, nmax)

export_ <- function(kind, source, name, replicate, replicates, seed) .Call(wrap__export_, kind, source, name, replicate, replicates, seed)

to_toml_ <- function(json) .Call(wrap__to_toml_, json)

list_to_json_ <- function(x) .Call(wrap__list_to_json_, x)

engine_version_ <- function() .Call(wrap__engine_version_)

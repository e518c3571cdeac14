# trialsim from R: every function calls the Rust engine of the `trialsim` command line (the
# same library, no second engine) and returns exactly its numbers.

# The value of an engine call, or its error raised as a condition.
.value <- function(res, call = sys.call(-1)) {
  if (isTRUE(res$interrupted)) {
    cond <- structure(class = c("trialsim_interrupt", "interrupt", "condition"),
                      list(message = "interrupted: the run was stopped before it finished", call = NULL))
    signalCondition(cond)
    stop("interrupted: the run was stopped before it finished", call. = FALSE)
  }
  if (!is.null(res$error_class)) {
    fields <- res[setdiff(names(res), "error_class")]
    cond <- structure(class = c(res$error_class, if (res$error_class != "trialsim_error") "trialsim_error",
                                "error", "condition"),
                      c(fields, list(call = call)))
    stop(cond)
  }
  res$ok
}

# The (kind, source, name) the engine reads a scenario from.
.source <- function(scenario) {
  if (inherits(scenario, "trialsim_toml")) {
    return(list("text", unclass(scenario)[[1]], attr(scenario, "name")))
  }
  if (is.list(scenario)) {
    return(list("json", .value(list_to_json_(scenario)), "<list>"))
  }
  if (is.character(scenario) && length(scenario) == 1 && !is.na(scenario)) {
    return(list("file", path.expand(scenario), scenario))
  }
  stop("a scenario is a file path, toml_text(...) or a named list of the file's tables", call. = FALSE)
}

.number <- function(x) if (is.null(x)) NULL else as.numeric(x)

#' A scenario given as TOML text (`name` is what error messages call it).
toml_text <- function(text, name = "<text>") {
  structure(list(paste(text, collapse = "\n")), name = name, class = "trialsim_toml")
}

#' The TOML text a scenario list is read as (its errors' lines and columns are in it).
to_toml <- function(scenario) {
  .value(to_toml_(.value(list_to_json_(scenario))))
}

#' Simulate a scenario (`trialsim run`): power, type-I error and observed rates.
#'
#' `seed` (default: the scenario's `[simulation]` seed) fixes the result; R's random number
#' generator and `set.seed()` are not used. Results do not depend on `threads`.
run <- function(scenario, replicates = NULL, seed = NULL, threads = NULL, skip_type1 = FALSE) {
  s <- .source(scenario)
  v <- .value(run_(s[[1]], s[[2]], s[[3]], .number(replicates), .number(seed), .number(threads),
                   isTRUE(skip_type1)))
  structure(v, class = "trialsim_result")
}

#' Validate a scenario and return its design as `trialsim check` prints it.
check <- function(scenario) {
  s <- .source(scenario)
  structure(.value(check_(s[[1]], s[[2]], s[[3]])), class = "trialsim_design")
}

#' Run a grid of scenarios (`trialsim sweep --vary PATH=VALUES ...`): a data frame with one
#' row per point and endpoint entry.
sweep <- function(scenario, vary, replicates = NULL, seed = NULL, threads = NULL, skip_type1 = FALSE) {
  s <- .source(scenario)
  csv <- .value(sweep_(s[[1]], s[[2]], s[[3]], as.character(vary), .number(replicates), .number(seed),
                       .number(threads), isTRUE(skip_type1)))
  utils::read.csv(text = csv, check.names = FALSE, stringsAsFactors = FALSE, colClasses = c(scenario_sha256 = "character"))
}

#' The total sample size reaching a power (`trialsim size`).
size <- function(scenario, target_power, endpoint = NULL, target = "per-arm", arm = NULL, min = 10, max = 1000,
                 replicates = NULL, seed = NULL, threads = NULL) {
  s <- .source(scenario)
  v <- .value(size_(s[[1]], s[[2]], s[[3]], as.numeric(target_power), endpoint, target, arm, as.numeric(min),
                    as.numeric(max), .number(replicates), .number(seed), .number(threads)))
  structure(v, class = "trialsim_size")
}

#' Simon's optimal and minimax two-stage designs (`trialsim simon`).
simon <- function(p0, p1, alpha = 0.05, power = 0.8, nmax = 100) {
  v <- .value(simon_(as.numeric(p0), as.numeric(p1), as.numeric(alpha), as.numeric(power), as.numeric(nmax)))
  structure(v, class = "trialsim_simon")
}

#' The patients of replicate `replicate` (`trialsim export`): a data frame with one row per
#' patient and visit.
export <- function(scenario, replicate, replicates = NULL, seed = NULL) {
  s <- .source(scenario)
  csv <- .value(export_(s[[1]], s[[2]], s[[3]], as.numeric(replicate), .number(replicates), .number(seed)))
  utils::read.csv(text = csv, stringsAsFactors = FALSE, colClasses = c(scenario_sha256 = "character"))
}

#' The version of the engine (the trialsim crate).
engine_version <- function() engine_version_()

print.trialsim_result <- function(x, ...) {
  cat(x$table)
  invisible(x)
}

print.trialsim_size <- function(x, ...) {
  cat(x$table)
  invisible(x)
}

print.trialsim_simon <- function(x, ...) {
  cat(x$table)
  invisible(x)
}

print.trialsim_design <- function(x, ...) {
  cat(unclass(x))
  invisible(x)
}

# A field of an endpoint entry, NA when absent or null.
.field <- function(e, name) {
  v <- e[[name]]
  if (is.null(v) || length(v) != 1) NA else v
}

#' One row per endpoint and compared arm: power with its Monte Carlo error and interval,
#' exact power, type-I error.
as.data.frame.trialsim_result <- function(x, ...) {
  rows <- lapply(x$result$endpoints, function(e) {
    ci <- if (is.null(e$power_ci95)) c(NA, NA) else e$power_ci95
    t1 <- if (is.null(e$type1_error_ci95)) c(NA, NA) else e$type1_error_ci95
    data.frame(
      endpoint = e$name, arm = e$arm, control = .field(e, "control"), primary = isTRUE(e$primary),
      test = .field(e, "test"), alpha = .field(e, "alpha"),
      power = e$power, power_mcse = e$power_mcse, power_ci95_lo = ci[1], power_ci95_hi = ci[2],
      exact_power = .field(e, "exact_power"),
      type1_error = .field(e, "type1_error"), type1_error_mcse = .field(e, "type1_error_mcse"),
      type1_error_ci95_lo = t1[1], type1_error_ci95_hi = t1[2],
      stringsAsFactors = FALSE
    )
  })
  do.call(rbind, rows)
}

summary.trialsim_result <- function(object, ...) {
  r <- object$result
  structure(list(scenario = r$scenario, replicates = r$replicates, seed = r$seed,
                 endpoints = as.data.frame(object)), class = "summary.trialsim_result")
}

print.summary.trialsim_result <- function(x, ...) {
  cat(sprintf("trialsim: %s, %d replicates, seed %s\n", x$scenario, as.integer(x$replicates), format(x$seed)))
  print(x$endpoints[, c("endpoint", "arm", "power", "power_mcse", "exact_power", "type1_error")], row.names = FALSE)
  invisible(x)
}

#' Power per endpoint and arm with its 95 % interval (base graphics).
plot.trialsim_result <- function(x, ...) {
  d <- as.data.frame(x)
  labels <- paste0(d$endpoint, "\n", d$arm)
  at <- seq_len(nrow(d))
  graphics::plot(at, d$power, ylim = c(0, 1), xaxt = "n", pch = 19, xlab = "", ylab = "power",
                 main = x$result$scenario, ...)
  graphics::arrows(at, d$power_ci95_lo, at, d$power_ci95_hi, angle = 90, code = 3, length = 0.04)
  graphics::axis(1, at = at, labels = labels, las = 2, cex.axis = 0.6)
  invisible(x)
}

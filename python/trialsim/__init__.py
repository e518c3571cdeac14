"""trialsim from Python: patient-level Monte Carlo simulation of clinical trials.

Every function calls the Rust engine of the ``trialsim`` command line (the same library,
no second engine) and returns exactly its numbers. A scenario is a path to a TOML file,
TOML text (``trialsim.Text``), or a nested dict with the file's tables and keys.

The engine releases the GIL while it runs; Ctrl-C stops it and raises KeyboardInterrupt.
Python's ``random`` module is not used: results depend on ``seed`` (default: the
scenario's ``[simulation]`` seed) and never on the number of threads.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Union

from . import _trialsim
from ._trialsim import ScenarioError

__version__: str = _trialsim.__version__
__all__ = [
    "Result", "ScenarioError", "Text", "check", "export", "export_csv", "run", "simon", "size", "sweep", "to_toml",
]


@dataclass(frozen=True)
class Text:
    """A scenario given as TOML text; ``name`` is what error messages call it."""

    toml: str
    name: str = "<text>"


Scenario = Union[str, "os.PathLike[str]", Text, Dict[str, Any]]


def _source(scenario: Scenario) -> tuple:
    """The (kind, source, name) triple the engine reads a scenario from."""
    if isinstance(scenario, Text):
        return ("text", scenario.toml, scenario.name)
    if isinstance(scenario, dict):
        return ("json", json.dumps(scenario), "<dict>")
    if isinstance(scenario, (str, os.PathLike)):
        path = os.fspath(scenario)
        return ("file", path, path)
    raise TypeError(f"a scenario is a path, trialsim.Text or a dict; got {type(scenario).__name__}")


class Result:
    """The result of :func:`run`: the command line's JSON output as a dict, with a tidy
    table of one row per endpoint and arm; ``str(result)`` (and ``print``) is the command
    line's table."""

    def __init__(self, text: str, table: str) -> None:
        self._text = text
        self._table = table
        self._dict: Dict[str, Any] = json.loads(text)

    def __str__(self) -> str:
        return self._table

    def to_dict(self) -> Dict[str, Any]:
        """The JSON output (``trialsim run --format json``) as a dict."""
        return json.loads(self._text)

    def to_json(self) -> str:
        """The JSON output, byte for byte the command line's."""
        return self._text

    def rows(self) -> List[Dict[str, Any]]:
        """One dict per endpoint and compared arm: the endpoint's scalar fields."""
        out = []
        for e in self._dict["endpoints"]:
            out.append({k: v for k, v in e.items() if not isinstance(v, (dict, list)) or k.endswith("_ci95")})
        return out

    def to_pandas(self) -> "Any":
        """:meth:`rows` as a pandas DataFrame (needs pandas)."""
        import pandas  # optional dependency

        return pandas.DataFrame(self.rows())

    def __getitem__(self, key: str) -> Any:
        return self._dict[key]

    @property
    def power(self) -> Dict[str, float]:
        """Power per endpoint and arm, keyed ``"endpoint: arm"``."""
        return {f"{e['name']}: {e['arm']}": e["power"] for e in self._dict["endpoints"]}

    def __repr__(self) -> str:
        d = self._dict
        lines = [f"trialsim result: {d['scenario']}, {d['replicates']} replicates, seed {d['seed']}"]
        for e in d["endpoints"]:
            lines.append(f"  {e['name']} ({e['arm']}): power {e['power']} (MCSE {e['power_mcse']})")
        return "\n".join(lines)


def run(scenario: Scenario, replicates: Optional[int] = None, seed: Optional[int] = None,
        threads: Optional[int] = None, skip_type1: bool = False) -> Result:
    """Simulate a scenario: power, type-I error and observed rates (``trialsim run``)."""
    return Result(*_trialsim.run(*_source(scenario), replicates, seed, threads, skip_type1))


def check(scenario: Scenario) -> str:
    """Validate a scenario and return its design as ``trialsim check`` prints it."""
    return _trialsim.check(*_source(scenario))


def sweep(scenario: Scenario, vary: List[str], replicates: Optional[int] = None, seed: Optional[int] = None,
          threads: Optional[int] = None, skip_type1: bool = False) -> List[Dict[str, Any]]:
    """Run a grid of scenarios (``trialsim sweep --vary PATH=VALUES``): one dict per point
    and endpoint entry, as the JSON lines of the command line."""
    text = _trialsim.sweep(*_source(scenario), list(vary), replicates, seed, threads, skip_type1)
    return [json.loads(line) for line in text.splitlines()]


def size(scenario: Scenario, target_power: float, endpoint: Optional[str] = None, target: str = "per-arm",
         arm: Optional[str] = None, min: int = 10, max: int = 1000, replicates: Optional[int] = None,
         seed: Optional[int] = None, threads: Optional[int] = None) -> Dict[str, Any]:
    """The total sample size reaching a power (``trialsim size``), as its JSON output."""
    return json.loads(_trialsim.size(*_source(scenario), target_power, endpoint, target, arm, min, max,
                                     replicates, seed, threads))


def simon(p0: float, p1: float, alpha: float = 0.05, power: float = 0.8, nmax: int = 100) -> Dict[str, Any]:
    """Simon's optimal and minimax two-stage designs (``trialsim simon``)."""
    return json.loads(_trialsim.simon(p0, p1, alpha, power, nmax))


def export(scenario: Scenario, replicate: int, replicates: Optional[int] = None,
           seed: Optional[int] = None) -> List[Dict[str, str]]:
    """The patients of replicate ``replicate``, one dict per patient and visit, as the CSV
    of ``trialsim export`` (values as text; ``export_csv`` gives the CSV itself)."""
    return list(csv.DictReader(io.StringIO(export_csv(scenario, replicate, replicates, seed))))


def export_csv(scenario: Scenario, replicate: int, replicates: Optional[int] = None,
               seed: Optional[int] = None) -> str:
    """The CSV ``trialsim export`` writes."""
    return _trialsim.export(*_source(scenario), replicate, replicates, seed)


def to_toml(scenario: Dict[str, Any]) -> str:
    """The TOML text a dict scenario is read as (its errors' lines and columns are in it)."""
    return _trialsim.to_toml(json.dumps(scenario), "<dict>")

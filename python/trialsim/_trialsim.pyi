"""Type stubs of the engine module (the functions `trialsim` wraps)."""

from typing import List, Optional, Tuple

__version__: str

class ScenarioError(ValueError):
    file: str
    line: int
    column: int
    key: str
    message: str

def run(kind: str, source: str, name: str, replicates: Optional[int] = None, seed: Optional[int] = None,
        threads: Optional[int] = None, skip_type1: bool = False) -> Tuple[str, str]: ...
def check(kind: str, source: str, name: str) -> str: ...
def sweep(kind: str, source: str, name: str, vary: List[str], replicates: Optional[int] = None,
          seed: Optional[int] = None, threads: Optional[int] = None, skip_type1: bool = False) -> str: ...
def size(kind: str, source: str, name: str, target_power: float, endpoint: Optional[str] = None,
         target: str = "per-arm", arm: Optional[str] = None, min: int = 10, max: int = 1000,
         replicates: Optional[int] = None, seed: Optional[int] = None, threads: Optional[int] = None) -> str: ...
def simon(p0: float, p1: float, alpha: float = 0.05, power: float = 0.8, nmax: int = 100) -> str: ...
def export(kind: str, source: str, name: str, replicate: int, replicates: Optional[int] = None,
           seed: Optional[int] = None) -> str: ...
def to_toml(json: str, name: str) -> str: ...

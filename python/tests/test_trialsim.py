"""The Python package returns exactly the command line's numbers; scenario errors carry
their file, line, column and key; Ctrl-C stops a run; the GIL is free while it runs.

The command line is found at $TRIALSIM_BIN (else target/debug or target/release of the
repository)."""

import json
import os
import pathlib
import subprocess
import threading
import time
import _thread

import pytest

import trialsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
NCT = ROOT / "scenarios" / "NCT05694130.toml"
PRIMARY = ROOT / "scenarios" / "NCT05694130-primary.toml"


def cli_path():
    if os.environ.get("TRIALSIM_BIN"):
        return os.environ["TRIALSIM_BIN"]
    for profile in ("debug", "release"):
        candidate = ROOT / "target" / profile / "trialsim"
        if candidate.exists():
            return str(candidate)
    raise RuntimeError("build the command line first (cargo build) or set TRIALSIM_BIN")


def cli(*args):
    out = subprocess.run([cli_path(), *map(str, args)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_run_prints_the_power_the_command_line_prints():
    result = trialsim.run(str(NCT), replicates=2000, seed=1)
    expected = cli("run", NCT, "-n", 2000, "--seed", 1, "--format", "json")
    assert result.to_json() == expected
    powers = [e["power"] for e in json.loads(expected)["endpoints"]]
    assert [row["power"] for row in result.rows()] == powers
    assert repr(powers[0]) in repr(result)
    # print() shows the command line's table, digit for digit.
    assert str(result) == cli("run", NCT, "-n", 2000, "--seed", 1)
    # Every output carries its provenance.
    d = result.to_dict()
    assert d["schema_version"] == 1 and d["seed"] == 1 and d["trialsim_version"] == trialsim.__version__
    assert len(d["scenario_sha256"]) == 64
    # Threads change nothing.
    assert trialsim.run(NCT, replicates=2000, seed=1, threads=1).to_json() == expected


def test_a_dict_or_text_scenario_runs_as_its_file():
    import tomllib

    text = PRIMARY.read_text()
    from_file = trialsim.run(PRIMARY, replicates=500, seed=3).to_dict()
    from_text = trialsim.run(trialsim.Text(text, "primary.toml"), replicates=500, seed=3).to_dict()
    assert from_text == from_file
    from_dict = trialsim.run(tomllib.loads(text), replicates=500, seed=3).to_dict()
    assert from_dict.pop("scenario_sha256") != from_file.pop("scenario_sha256")
    assert from_dict == from_file


def test_scenario_errors_carry_file_line_column_and_key(tmp_path):
    bad = PRIMARY.read_text().replace("sample_size = 110", "sample_size = -3")
    path = tmp_path / "bad.toml"
    path.write_text(bad)
    with pytest.raises(trialsim.ScenarioError) as caught:
        trialsim.run(path, replicates=10)
    e = caught.value
    assert (e.file, e.key) == (str(path), "trial.sample_size")
    assert bad.splitlines()[e.line - 1].startswith("sample_size = -3") and e.column >= 1
    assert isinstance(e, ValueError) and "sample_size" in str(e)
    with pytest.raises(trialsim.ScenarioError) as caught:
        trialsim.check(trialsim.Text(bad, "mine.toml"))
    assert (caught.value.file, caught.value.key) == ("mine.toml", "trial.sample_size")
    import tomllib

    scenario = tomllib.loads(PRIMARY.read_text())
    scenario["arm"][0]["dropout"] = 1.5
    with pytest.raises(trialsim.ScenarioError) as caught:
        trialsim.run(scenario)
    e = caught.value
    assert (e.file, e.key) == ("<dict>", "arm[0].dropout")
    assert trialsim.to_toml(scenario).splitlines()[e.line - 1].startswith("dropout = 1.5")
    with pytest.raises(OSError):
        trialsim.run(tmp_path / "missing.toml")


def test_check_sweep_size_simon_and_export_equal_the_command_line():
    assert cli("check", PRIMARY).startswith(trialsim.check(PRIMARY))
    rows = trialsim.sweep(PRIMARY, ["trial.sample_size=60:100:20"], replicates=300, seed=4)
    expected = cli("sweep", PRIMARY, "--vary", "trial.sample_size=60:100:20", "-n", 300, "--seed", 4, "--format", "json")
    expected_rows = [json.loads(line) for line in expected.splitlines()]
    assert len(rows) == 3
    for row, want in zip(rows, expected_rows):
        # `run` fingerprints the whole sweep, output format included.
        assert {k: v for k, v in row.items() if k != "run"} == {k: v for k, v in want.items() if k != "run"}
    found = trialsim.size(PRIMARY, 0.6, replicates=300, seed=4)
    assert found == json.loads(cli("size", PRIMARY, "--target-power", 0.6, "-n", 300, "--seed", 4, "--format", "json"))
    assert trialsim.simon(0.1, 0.3) == json.loads(cli("simon", "--p0", 0.1, "--p1", 0.3, "--format", "json"))
    assert trialsim.simon(0.1, 0.3)["optimal"]["n"] == 29
    with pytest.raises(ValueError):
        trialsim.simon(0.3, 0.1)
    csv_text = trialsim.export_csv(PRIMARY, 3, seed=4)
    assert csv_text == cli("export", PRIMARY, "--replicate", 3, "--seed", 4)
    patients = trialsim.export(PRIMARY, 3, seed=4)
    assert len(patients) == len(csv_text.splitlines()) - 1 and "value" in patients[0]
    with pytest.raises(ValueError):
        trialsim.export(PRIMARY, 10**9)


def test_to_pandas_gives_one_row_per_endpoint_and_arm():
    pandas = pytest.importorskip("pandas")
    result = trialsim.run(NCT, replicates=300, seed=2)
    frame = result.to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["power"]) == [e["power"] for e in result.to_dict()["endpoints"]]


def test_ctrl_c_stops_a_run_and_the_gil_is_free_meanwhile():
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.01)

    ticker = threading.Thread(target=tick)
    ticker.start()
    threading.Timer(1.0, _thread.interrupt_main).start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        trialsim.run(NCT, replicates=50_000_000, seed=1)
    elapsed = time.monotonic() - started
    stop.set()
    ticker.join()
    assert elapsed < 30, elapsed
    # The other thread ran while the engine did (the GIL was released).
    assert len(ticks) > 20, len(ticks)

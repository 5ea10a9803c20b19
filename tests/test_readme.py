"""The README tells the truth: every command of its ``bash`` blocks runs, in order, in a scratch
directory (as sqlite-utils and datasette check their documentation), its Python example runs, and
every option its command table names exists. A command added to the README later is picked up
by itself; the few that cannot run here are skipped below, each with its reason."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from veille.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

# a command matching one of these patterns is not run, for the reason given
SKIP = {
    r"^pip install": "installs from the registry; tests/test_packaging.py installs the built "
    "wheel into a new virtual environment instead",
    r"^bash scripts/test\.sh": "runs this very test suite",
    r"^bash scripts/demo\.sh": "installs into .venv; what it then runs, `veille demo`, is the "
    "Install section's second command, run here before the query commands",
    r"https?://": "needs a network",
    r"VEILLE_TOKEN": "a second server holding a write token; tests/test_api.py posts documents "
    "with and without one",
}
SERVE = re.compile(r"veille serve\b")
DEFAULT_ADDRESS = "127.0.0.1:8000"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, re.MULTILINE | re.DOTALL)


def bash_commands() -> list[str]:
    """The commands of the README's bash blocks, comments dropped, continuations joined."""
    commands = []
    for block in _blocks("bash"):
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def _skip_reason(command: str) -> str | None:
    return next((why for pattern, why in SKIP.items() if re.search(pattern, command)), None)


COMMANDS = bash_commands()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A directory that looks like a clone after ``bash scripts/demo.sh`` installed it: the same
    files (linked) and ``.venv`` the environment running the tests. The commands run in the
    README's order, so ``veille demo`` (Install) fills ``./veille.db`` before the queries."""
    root = tmp_path_factory.mktemp("readme")
    for entry in ROOT.iterdir():
        if entry.name in {".git", ".venv"} or entry.suffix in {".db", ".jsonl", ".csv"}:
            continue
        (root / entry.name).symlink_to(entry)
    (root / ".venv").symlink_to(Path(sys.prefix))
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEILLE_")}
    env.update(HOME=str(root), PATH=f"{Path(sys.prefix) / 'bin'}{os.pathsep}{env['PATH']}")
    env["COLUMNS"] = "160"
    return root, env


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, object]]:
    """Where the README's ``veille serve`` listens once it has run: a free port on 127.0.0.1
    (its ``curl`` calls are sent there instead of 8000, which may be taken); stopped at the end."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    state: dict[str, object] = {"address": f"127.0.0.1:{port}", "process": None}
    yield state
    process = state["process"]
    if isinstance(process, subprocess.Popen):
        process.terminate()
        process.wait(timeout=30)


def _start_server(command: str, root: Path, env: dict[str, str], state: dict[str, object]) -> None:
    port = str(state["address"]).rsplit(":", 1)[1]
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command.rstrip(' &')} --port {port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    state["process"] = process
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{command} stopped: {process.stderr.read()[-3000:]}"
        try:
            with urllib.request.urlopen(f"http://{state['address']}/", timeout=5) as page:
                assert page.status == 200
                assert b"<html" in page.read().lower()
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{command} did not answer within 120 s")


def test_the_readme_shows_commands() -> None:
    assert len(COMMANDS) >= 10
    queries = [i for i, c in enumerate(COMMANDS) if c.startswith(".venv/bin/veille events")]
    assert queries and COMMANDS.index("veille demo") < queries[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(
    command: str, scratch: tuple[Path, dict[str, str]], server: dict[str, object]
) -> None:
    reason = _skip_reason(command)
    if reason:
        pytest.skip(reason)
    root, env = scratch
    if SERVE.search(command):
        _start_server(command, root, env, server)
        return
    if DEFAULT_ADDRESS in command:
        assert server["process"] is not None, f"{command} comes before `veille serve`"
        command = command.replace(DEFAULT_ADDRESS, str(server["address"]))
    run = subprocess.run(
        ["bash", "-c", command], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, f"{command}\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}"
    written = re.search(r"(?:>|-o|--output)\s+(\S+)", command)
    if written:  # it writes a file: the file is there, and not empty
        assert (root / written.group(1)).stat().st_size > 0, command
    else:
        assert run.stdout.strip(), command


def test_readme_python_example_runs(scratch: tuple[Path, dict[str, str]]) -> None:
    root, env = scratch
    [example] = _blocks("python")
    articles = root / "articles"
    articles.mkdir(exist_ok=True)
    for sample in (ROOT / "veille" / "resources" / "samples").iterdir():
        (articles / sample.name).write_bytes(sample.read_bytes())
    run = subprocess.run(
        [sys.executable, "-c", example], cwd=root, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "2 stored" in run.stdout
    assert "AID" in run.stdout or "Germany" in run.stdout


def _table_rows() -> list[str]:
    section = README.split("### Command line", 1)[1].split("\n### ", 1)[0]
    return [ln for ln in section.splitlines() if ln.startswith("| `veille ")]


def _command_path(cell: str) -> list[str]:
    words = cell.strip("`").split()[1:]
    path = []
    for word in words:
        if not re.fullmatch(r"[a-z][a-z-]*", word):
            break
        path.append(word)
    return path


def _help(path: list[str]) -> str:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, (path, result.output)
    return result.output


def test_every_option_of_the_command_table_exists() -> None:
    rows = _table_rows()
    assert rows
    documented = set()
    for row in rows:
        cell = row.split("|")[1].strip()
        path = _command_path(cell)
        documented.add(path[0])
        options = set(re.findall(r"--[a-z][a-z-]*", cell))
        shown = _help(path)
        missing = [opt for opt in options if opt not in shown]
        assert not missing, f"README shows {missing} for veille {' '.join(path)}"
    # and every command of the CLI is in the table
    assert set(cli.commands) <= documented, set(cli.commands) - documented


def test_global_options_exist() -> None:
    line = README.split("Global options:", 1)[1].split("Closed vocabularies", 1)[0]
    shown = _help([])
    for opt in re.findall(r"--[a-z][a-z-]*", line):
        assert opt in shown, opt

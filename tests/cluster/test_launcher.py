"""The launcher: contiguous shard ranges per child, a dead child restarted, a clean stop."""

import asyncio
import json
import sys
from pathlib import Path

import pytest

from scheduler.launcher import Launcher, plan, run_cluster

# Records its shard settings, dies at once on its first start, then waits to be stopped.
CHILD = """
import json, os, pathlib, signal, sys, time
signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
out = pathlib.Path(sys.argv[1]) / (os.environ["CLUSTER_NAME"] + ".jsonl")
first = not out.exists()
with out.open("a") as f:
    f.write(json.dumps({k: os.environ[k] for k in ("SHARD_COUNT", "SHARD_IDS")}) + "\\n")
if first and os.environ["CLUSTER_NAME"] == "p1":
    sys.exit(3)
time.sleep(60)
"""


def test_plan_splits_the_shards_into_contiguous_runs() -> None:
    children = plan(3, 8)
    assert [(c.name, c.shards, c.shard_count) for c in children] == [
        ("p0", (0, 1, 2), 8),
        ("p1", (3, 4, 5), 8),
        ("p2", (6, 7), 8),
    ]
    assert [c.shards for c in plan(2, None)] == [(0,), (1,)]
    env = children[1].env({"DISCORD_TOKEN": "x", "SHARD_IDS": "9"})
    assert env["SHARD_IDS"] == "3,4,5" and env["SHARD_COUNT"] == "8"
    assert env["CLUSTER_NAME"] == "p1" and env["DISCORD_TOKEN"] == "x"
    with pytest.raises(ValueError):
        plan(4, 2)


async def test_a_dead_child_is_restarted_and_stop_ends_them_all(tmp_path: Path) -> None:
    children = plan(2, 4)
    launcher = Launcher(children, [sys.executable, "-c", CHILD, str(tmp_path)], env={})
    running = asyncio.create_task(launcher.run())

    def starts(name: str) -> list[dict[str, str]]:
        path = tmp_path / f"{name}.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines()]

    for _ in range(200):
        if len(starts("p1")) >= 2 and starts("p0"):
            break
        await asyncio.sleep(0.05)
    assert starts("p0") == [{"SHARD_COUNT": "4", "SHARD_IDS": "0,1"}]
    assert starts("p1") == [{"SHARD_COUNT": "4", "SHARD_IDS": "2,3"}] * 2
    assert children[1].exits == [3] and children[1].restarts == 1
    launcher.stop()
    assert await asyncio.wait_for(running, 10) == 0
    # Stopped with SIGINT, which the children handle as a clean exit.
    assert children[0].exits == [0] and children[1].exits == [3, 0]


def test_bad_process_counts_are_refused_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    class Shards:
        shard_count: int | None = 1

    assert run_cluster(Shards(), 0, ["true"]) == 2
    assert "--processes must be between 1 and" in capsys.readouterr().err
    assert run_cluster(Shards(), 2, ["true"]) == 2
    assert "SHARD_COUNT must be at least --processes" in capsys.readouterr().err

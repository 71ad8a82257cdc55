"""The optional distributed engine: Dask (distributed), given a scheduler address.

Why Dask rather than Ray: it is pure Python from PyPI (no raylet binaries or object
store to run), installs in seconds on Python 3.11, its `LocalCluster` is the same
scheduler/worker code as a real cluster (so the local test exercises the real path), and
a planning office can start a cluster with two commands (`dask scheduler`,
`dask worker tcp://host:8786 --nthreads 1`). Workers need peermatch installed; tasks carry
their programme, so no shared file system is needed. Each worker thread runs CP-SAT with
one worker, so give workers `--nthreads 1` per core.
"""

from __future__ import annotations

import uuid

from matcher.whatif.runner import Listener, ScenarioRun, ScenarioTask, run_task

LOCAL = "local"


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def run_dask(
    tasks: list[ScenarioTask], address: str, processes: int = 2, listener: Listener | None = None
) -> list[ScenarioRun]:
    """Run every task on the cluster at `address` (or a LocalCluster for 'local')."""
    if not dask_available():
        raise RuntimeError(
            "the Dask engine needs the 'distributed' package: pip install 'dask[distributed]'"
        )
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if address == LOCAL:
        cluster = LocalCluster(
            n_workers=processes, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        token = uuid.uuid4().hex[:8]
        keys = [f"whatif-{task.name}-{token}" for task in tasks]
        futures = client.map(run_task, tasks, key=keys, pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        done: dict[int, ScenarioRun] = {}
        for future in as_completed(futures):
            run = future.result()
            done[index[future.key]] = run
            if listener:
                listener(("done", run.name, run))
        return [done[i] for i in range(len(tasks))]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

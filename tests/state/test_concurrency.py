"""Several processes saving into one SQLite store at once lose nothing."""

from __future__ import annotations

import multiprocessing
import queue

import pytest

from fieldsales.state import open_store

from . import _workers

WORKERS = 4


@pytest.mark.slow
def test_concurrent_processes_lose_nothing(tmp_path):
    path = tmp_path / "state.sqlite"
    open_store(path).close()  # tables exist; the workers still run open_store concurrently
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_workers.work, args=(str(path), w, barrier, results))
        for w in range(WORKERS)
    ]
    for proc in procs:
        proc.start()
    try:
        outcomes = {}
        for _ in procs:
            worker, versions, error = results.get(timeout=120)
            outcomes[worker] = (versions, error)
    except queue.Empty:
        pytest.fail(f"workers did not finish; got results from {sorted(outcomes)}")
    finally:
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():  # pragma: no cover - only when the test is failing anyway
                proc.kill()
                proc.join()
        results.close()
        results.join_thread()

    errors = {w: error for w, (_, error) in outcomes.items() if error}
    assert not errors, "\n".join(f"worker {w}:\n{e}" for w, e in errors.items())
    assert [proc.exitcode for proc in procs] == [0] * WORKERS

    total = WORKERS * _workers.SAVES
    with open_store(path) as store:
        # documents: 1..200, no gap, no duplicate; each worker's saves in its own order
        history = store.history("goals", _workers.KEY)
        assert history["version"].tolist() == list(range(1, total + 1))
        returned = sorted(v for versions, _ in outcomes.values() for v in versions)
        assert returned == list(range(1, total + 1))
        for worker, (versions, _) in outcomes.items():
            assert versions == sorted(versions)
            bodies = [store.get("goals", _workers.KEY, v).body for v in versions]
            assert bodies == [{"worker": worker, "i": i} for i in range(_workers.SAVES)]
            assert set(history.set_index("version").loc[versions, "saved_by"]) == {
                f"worker-{worker}"
            }

        # checklist: seeded once; every update is a version of its item, none lost
        items = store.checklist(_workers.CHECKLIST)
        assert items["item_id"].tolist() == [item_id for item_id, _ in _workers.ITEMS]
        per_item = total // len(_workers.ITEMS)
        assert items["version"].tolist() == [1 + per_item] * len(_workers.ITEMS)
        changes = store.checklist_history(_workers.CHECKLIST)
        assert len(changes) == len(_workers.ITEMS) + total
        for _, versions in changes.groupby("item_id")["version"]:
            assert versions.tolist() == list(range(1, per_item + 2))
        evidence = set(changes["evidence"].dropna())
        assert evidence == {
            f"worker-{w}/{i}" for w in range(WORKERS) for i in range(_workers.SAVES)
        }

        # 1:1 records with both their actions
        records = store.one_on_ones()
        assert len(records) == WORKERS * _workers.RECORDS
        assert set(records["actions"]) == {2}
        assert len(store.open_actions()) == 2 * WORKERS * _workers.RECORDS


def test_threads_sharing_one_store_lose_nothing(store):
    from concurrent.futures import ThreadPoolExecutor

    def save(worker):
        return [
            store.save_document("plan", "2026", {"w": worker, "i": i}, f"t{worker}")
            for i in range(25)
        ]

    with ThreadPoolExecutor(4) as pool:
        versions = sorted(v for vs in pool.map(save, range(4)) for v in vs)
    assert versions == list(range(1, 101))
    assert store.history("plan", "2026")["version"].tolist() == versions

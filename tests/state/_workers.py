"""Worker processes of the concurrency test (a module of its own: 'spawn' imports it)."""

from __future__ import annotations

import traceback

KEY = "2026-Q3/team-north"
CHECKLIST = "practice-19/team-north"
ITEMS = [(f"item-{i}", f"Checklist item {i}") for i in range(5)]
SAVES = 50
RECORDS = 10


def work(path: str, worker: int, barrier, results) -> None:
    """Save documents, checklist answers and 1:1s into ``path``, interleaved, as fast as possible.

    Puts ``(worker, versions, None)`` on ``results``, or ``(worker, None, traceback)``.
    """
    try:
        from fieldsales.state import open_store

        who = f"worker-{worker}"
        with open_store(path) as store:
            barrier.wait(timeout=60)
            store.ensure_checklist(CHECKLIST, ITEMS, saved_by=who)  # all seed at once
            versions = []
            for i in range(SAVES):
                versions.append(store.save_document("goals", KEY, {"worker": worker, "i": i}, who))
                store.save_checklist_item(
                    CHECKLIST, ITEMS[i % len(ITEMS)][0], saved_by=who, evidence=f"{who}/{i}"
                )
                if i % (SAVES // RECORDS) == 0:
                    store.record_one_on_one(
                        f"R{worker}",
                        "2026-06-01",
                        f"{who} meeting {i}",
                        [
                            {"text": f"{who} action {i}a", "owner": who, "due": "2026-06-20"},
                            {"text": f"{who} action {i}b", "owner": who, "due": "2026-06-21"},
                        ],
                        saved_by=who,
                    )
                if i % 10 == 0:  # readers run alongside the writers
                    store.latest("goals", KEY)
                    store.checklist(CHECKLIST)
        results.put((worker, versions, None))
    except BaseException:
        results.put((worker, None, traceback.format_exc()))

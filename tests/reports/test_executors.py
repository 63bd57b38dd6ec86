"""Scale-out: the batch runs on any concurrent.futures executor, dask included."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from fieldsales.reports import run_reports, shutdown_kernels


def test_thread_pool_executor(sample_ws, tmp_path):
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = run_reports(sample_ws, "2026-10", out=tmp_path, reps=["R00006"],
                             executor=pool, progress=False)  # fmt: skip
        pool.submit(shutdown_kernels).result()
    assert result.ok and result.ran == ["R00006"]
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["last_batch"]["executor"] == "ThreadPoolExecutor"


def test_dask_local_cluster(sample_ws, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:  # fmt: skip
        with distributed.Client(cluster) as client:
            result = run_reports(
                sample_ws, "2026-10", out=tmp_path, reps=["R00004", "R00006"],
                executor=client.get_executor(pure=False), progress=False,
            )  # fmt: skip
            client.run(shutdown_kernels)
    assert result.ok and result.ran == ["R00004", "R00006"]
    assert (tmp_path / "R00004.html").is_file() and (tmp_path / "R00006.html").is_file()

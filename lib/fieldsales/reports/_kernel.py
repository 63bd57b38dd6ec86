"""Warm kernels: one started kernel per worker thread, reset between reports.

A fresh kernel costs seconds per report (start, imports); a warm one costs a
namespace reset. ``%reset -f`` clears the user namespace but not module state,
so :func:`reset_kernel_state` also restores pandas options, Altair's renderer,
data transformer and theme, random seeds, warning filters and the working folder.
"""

from __future__ import annotations

import atexit
import copy
import os
import tempfile
import threading

import nbformat

__all__ = ["reset_kernel_state", "execute_notebook", "shutdown_kernels", "RESET_SOURCE"]

#: The first cell of every report run on a warm kernel.
RESET_SOURCE = (
    "%reset -f\n"
    "from fieldsales.reports import reset_kernel_state\n"
    "reset_kernel_state()\n"
    "del reset_kernel_state"
)
_KERNELS: dict[int, object] = {}
_LOOPS: dict[int, object] = {}
_LOCK = threading.Lock()
_REGISTERED = False
_INITIAL: dict[str, object] = {}


def reset_kernel_state(seed: int = 0) -> None:
    """Undo module state a previous report may have left in this kernel.

    Run in the kernel after ``%reset -f``. The first call records the
    warning filters and working folder as the kernel started them.
    """
    import random
    import warnings

    import numpy as np
    import pandas as pd

    if not _INITIAL:
        _INITIAL["filters"] = list(warnings.filters)
        _INITIAL["cwd"] = os.getcwd()
        _INITIAL["pandas"] = _pandas_options(pd)
    warnings.filters[:] = _INITIAL["filters"]
    os.chdir(_INITIAL["cwd"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, value in _pandas_options(pd).items():
            start = _INITIAL["pandas"].get(key, value)
            if value is not start and value != start:
                pd.set_option(key, start)
    random.seed(seed)
    np.random.seed(seed)
    try:
        import altair as alt
    except ImportError:  # pragma: no cover - altair is in the notebooks extra
        _freeze_survivors()
        return
    alt.renderers.enable("default")
    alt.data_transformers.enable("default")
    alt.theme.enable("default")
    _freeze_survivors()


def _freeze_survivors() -> None:
    """Move what survived the reset (modules, the batch cache) out of the collector's way.

    ``%reset -f`` runs a full collection; with ibis, pandas and altair loaded that
    took ~0.2 s per report. Frozen objects are not scanned again.
    """
    import gc

    gc.collect()
    gc.freeze()


def _pandas_options(pd) -> dict:
    """Every registered pandas option and its current value (no deprecated ones)."""
    from pandas._config import config

    keys = [k for k in config._registered_options if k not in config._deprecated_options]
    return {k: pd.get_option(k) for k in keys}


def _register_cleanup() -> None:
    global _REGISTERED
    if _REGISTERED:
        return
    atexit.register(shutdown_kernels)
    try:  # worker processes of multiprocessing exit with os._exit: atexit does not run there
        from multiprocessing import util

        util.Finalize(None, shutdown_kernels, exitpriority=10)
    except Exception:  # pragma: no cover
        pass
    _REGISTERED = True


def _thread_loop() -> None:
    """Off the main thread, one event loop per thread for jupyter's sync wrappers.

    jupyter_core keeps its loop in a context variable: executors that run each
    task in a copied context (dask) would get a new, never closed loop per
    report. The loop is closed by :func:`shutdown_kernels`.
    """
    if threading.current_thread() is threading.main_thread():
        return
    import asyncio

    from jupyter_core import utils

    key = threading.get_ident()
    with _LOCK:
        loop = _LOOPS.get(key)
        if loop is None or loop.is_closed():
            loop = _LOOPS[key] = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    if hasattr(utils, "_loop"):
        utils._loop.set(loop)


def _kernel():
    """This thread's started kernel (started on first use, restarted if it died)."""
    from jupyter_client.manager import KernelManager

    _thread_loop()
    key = threading.get_ident()
    with _LOCK:
        km = _KERNELS.get(key)
        if km is not None and km.is_alive():
            return km
        if km is not None:
            km.shutdown_kernel(now=True)
        km = KernelManager(kernel_name="python3")
        km.start_kernel(cwd=tempfile.gettempdir())
        _KERNELS[key] = km
        _register_cleanup()
        return km


def shutdown_kernels() -> None:
    """Stop every warm kernel this process started."""
    from jupyter_core import utils

    before = utils._loop.get() if hasattr(utils, "_loop") else None
    with _LOCK:
        kernels = list(_KERNELS.items())
        _KERNELS.clear()
    for key, km in kernels:
        if key in _LOOPS and key != threading.get_ident():
            _use_loop(_LOOPS[key])
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # pragma: no cover - best effort at exit
            pass
    with _LOCK:
        loops = list(_LOOPS.values())
        _LOOPS.clear()
    for loop in loops:
        if not loop.is_running() and not loop.is_closed():
            loop.close()
    if before is not None and not before.is_closed():
        _use_loop(before)


def _use_loop(loop) -> None:
    import asyncio

    from jupyter_core import utils

    asyncio.set_event_loop(loop)
    if hasattr(utils, "_loop"):
        utils._loop.set(loop)


def _parameterized(template, parameters: dict, *, reset: bool):
    """A copy of ``template`` with a parameters cell injected after the tagged one."""
    nb = copy.deepcopy(template)
    lines = [f"{name} = {value!r}" for name, value in parameters.items()]
    injected = nbformat.v4.new_code_cell("\n".join(lines))
    injected.metadata["tags"] = ["injected-parameters"]
    at = next(
        (i + 1 for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])),
        0,
    )
    nb.cells.insert(at, injected)
    if reset:
        first = nbformat.v4.new_code_cell(RESET_SOURCE)
        first.metadata["tags"] = ["reset"]
        nb.cells.insert(0, first)
    return nb


def execute_notebook(template, parameters: dict, *, timeout: float = 600, warm: bool = True):
    """Run ``template`` with ``parameters``; return ``(notebook, error or None)``.

    With ``warm`` the thread's kernel is re-used after a namespace and module
    state reset; otherwise a fresh kernel is started and stopped. On an error
    the partly executed notebook is returned with the error in its cell.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    nb = _parameterized(template, parameters, reset=warm)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3"})
    kwargs = {"timeout": timeout, "kernel_name": "python3", "record_timing": False}
    client = NotebookClient(nb, km=_kernel(), **kwargs) if warm else NotebookClient(nb, **kwargs)
    error = None
    try:
        client.execute()
    except CellExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"
    except DeadKernelError as exc:
        error = f"the kernel died: {exc}"
    except TimeoutError:
        error = f"a cell ran longer than the timeout of {timeout:.0f} s"
    finally:
        if warm and client.kc is not None:
            client.kc.stop_channels()
    if warm and error and not error.split(":")[0].isidentifier():  # dead or busy: replace it
        _discard_kernel()
    return nb, error


def _discard_kernel() -> None:
    with _LOCK:
        km = _KERNELS.pop(threading.get_ident(), None)
    if km is not None:
        km.shutdown_kernel(now=True)

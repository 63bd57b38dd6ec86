"""compute() agrees with the plain-pandas reference of benchmarks/_pandas_kpis.py.

The reference is what bench_kpis.py measures the engine against; this keeps
the two honest: the same definitions give the same values on the hand-built
workspace and on a small generated one (month grain, by rep).
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from fieldsales import Workspace
from fieldsales.kpis import compute, public_ids
from fieldsales.sample import generate, write_workspace

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load_reference():
    # benchmarks/ is not a package: load the module from its file
    spec = importlib.util.spec_from_file_location("_pandas_kpis", BENCHMARKS / "_pandas_kpis.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ref = _load_reference()


def assert_agree(ws: Workspace, period: str) -> None:
    ibis = compute(ws, period=period)
    pandas = ref.compute_pandas(ws.path, period)
    bad = ref.disagreements(ibis, pandas, rtol=1e-9, atol=1e-9)
    assert bad.empty, f"compute() and the pandas reference differ:\n{bad.to_string()}"
    assert list(pandas.columns) == list(ibis.columns)
    assert pandas["rep_name"].tolist() == ibis["rep_name"].tolist()


def test_the_reference_covers_every_public_kpi():
    missing = sorted(set(public_ids()) - set(ref.KPIS))
    extra = sorted(set(ref.KPIS) - set(public_ids()))
    assert (missing, extra) == ([], []), (
        f"benchmarks/_pandas_kpis.py lacks {missing} and has unknown {extra}: "
        "write the pandas version of each new KPI there"
    )


def test_agrees_on_the_hand_built_workspace(hand_ws):
    assert_agree(hand_ws, "2026-01..2026-02")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """compute() and the reference on 30 seats x 12 months, whole window."""
    sample = generate(reps=30, months=12, seed=5)
    ws = write_workspace(sample, tmp_path_factory.mktemp("reference") / "ws")
    period = "..".join(sample.parameters["window"])
    ibis = compute(ws, period=period)
    pandas = ref.compute_pandas(ws.path, period)
    return ibis, pandas, ref.disagreements(ibis, pandas, rtol=1e-9, atol=1e-9)


def test_generated_workspace_has_the_same_rep_months(generated):
    ibis, pandas, bad = generated
    assert len(ibis) > 300
    assert bad[bad["kpi"] == "(row)"].empty, bad.to_string()
    assert pandas["rep_name"].tolist() == ibis["rep_name"].tolist()


@pytest.mark.parametrize(
    "kpi",
    [k for k in public_ids()],
)
def test_generated_workspace_kpi_agrees(generated, kpi):
    ibis, pandas, bad = generated
    assert kpi in pandas.columns, f"no pandas version of {kpi} in benchmarks/_pandas_kpis.py"
    bad = bad[bad["kpi"] == kpi]
    assert bad.empty, f"compute() and the pandas reference differ:\n{bad.to_string()}"


@pytest.fixture(scope="module")
def contact_before_creation_ws(hand_ws, tmp_path_factory):
    """The hand workspace plus account A4 (tier A, R1's, created 02-10), contacted on 01-05.

    At the end of February its last contact is 55 days old, more than tier A's
    30: overdue, whatever period is asked for.
    """
    tables = {name: hand_ws.frame(name) for name in hand_ws.tables}
    tables["accounts"] = pd.concat(
        [
            tables["accounts"],
            pd.DataFrame(
                {
                    "account_id": ["A4"],
                    "name": ["Delta"],
                    "owner_rep_id": ["R1"],
                    "tier": ["A"],
                    "segment": ["SMB"],
                    "region": ["North"],
                    "created_date": [pd.Timestamp("2026-02-10")],
                }
            ),  # fmt: skip
        ],
        ignore_index=True,
    )
    tables["activities"] = pd.concat(
        [
            tables["activities"],
            pd.DataFrame(
                {
                    "activity_id": ["X6"],
                    "rep_id": ["R1"],
                    "account_id": ["A4"],
                    "type": ["call"],
                    "started_at": [pd.Timestamp("2026-01-05 10:00")],
                    "duration_minutes": [5.0],
                }
            ),  # fmt: skip
        ],
        ignore_index=True,
    )
    ws = Workspace.create(tmp_path_factory.mktemp("contact") / "ws")
    ws.write_tables(tables, today=date(2026, 3, 1))
    return ws


def test_reference_counts_a_contact_made_before_the_account_was_created(
    contact_before_creation_ws,
):
    out = ref.compute_pandas(contact_before_creation_ws.path, "2026-01..2026-02")
    r1 = out.set_index(["rep_id", "period"])["accounts_overdue_contact"]
    assert r1[("R1", "2026-02")] == 1.0  # A4: 01-05 -> 03-01 is 55 days > 30


def test_overdue_contact_counts_a_contact_before_creation_and_before_the_period(
    contact_before_creation_ws,
):
    out = compute(contact_before_creation_ws, ["accounts_overdue_contact"], period="2026-02")
    assert out.set_index("rep_id").loc["R1", "accounts_overdue_contact"] == 1.0


def test_overdue_contact_counts_a_contact_before_creation_inside_the_period(
    contact_before_creation_ws,
):
    out = compute(
        contact_before_creation_ws, ["accounts_overdue_contact"], period="2026-01..2026-02"
    )
    r1 = out.set_index(["rep_id", "period"])["accounts_overdue_contact"]
    assert r1[("R1", "2026-02")] == 1.0  # last contact 01-05, not creation on 02-10

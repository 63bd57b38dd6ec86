"""Save and load risk models with skops (no pickle), each with its model card."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import WorkspaceError
from ._features import FEATURES

__all__ = ["MODELS_DIR", "save_model", "load_model", "model_card", "card_markdown"]

MODELS_DIR = "models"
_TRUSTED = [
    "fieldsales.models._estimators.AttritionRiskModel",
    "fieldsales.models._estimators.UnderperformanceRiskModel",
    "sklearn.impute._base.SimpleImputer",
    "sklearn.preprocessing._data.StandardScaler",
    "numpy.dtype",
]


def _clean(value):
    """JSON-safe: NaN -> None, numpy scalars -> Python."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def model_card(evaluation, ws, fairness: pd.DataFrame | None = None, proxies=None) -> dict:
    """The card: what data, which features, how good, how calibrated, how fair."""
    import sklearn

    model = evaluation.model
    contrib = dict(zip(model.feature_names_in_, np.round(model.coef_, 4), strict=True))
    by_name = {f.name: f for f in FEATURES}
    params = model.get_params()
    card = {
        "model": evaluation.target,
        "estimator": type(model).__name__,
        "parameters": params,
        "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "scikit_learn": sklearn.__version__,
        "workspace": str(ws.path),
        "data_hash": ws.data_hash,
        "data_window": evaluation.window,
        "outcome": (
            f"voluntary exit within {params['horizon']} months (discrete-time hazard on "
            "rep-months; involuntary exits and the end of the data censor)"
            if evaluation.target == "attrition"
            else f"attainment over the next 3 months below {params['threshold']:.0%}"
        ),
        "evaluation": "time split: trained on earlier months, tested on later ones; the saved "
        "model is then refitted on every labelled month",
        "features": [
            {
                "name": name,
                "description": by_name[name].label if name in by_name else name,
                "practice": by_name[name].practice if name in by_name else None,
                "coefficient_per_sd": contrib[name],
            }
            for name in model.feature_names_in_
        ],
        "protected_attributes": "gender, age_band, region: never model inputs; audit only",
        "metrics": evaluation.metrics.to_dict(orient="records"),
        "calibration": evaluation.calibration.to_dict(orient="records"),
        "fairness": [] if fairness is None else fairness.to_dict(orient="records"),
        "proxy_warnings": [] if proxies is None else [w for w in proxies["warning"].tolist() if w],
        "notes": list(evaluation.notes),
    }
    return _clean(card)


def card_markdown(card: dict) -> str:
    """The card as Markdown, for people."""

    def table(rows: list[dict], digits: int = 3) -> str:
        if not rows:
            return "(none)\n"
        keys = list(rows[0])
        lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
        for r in rows:
            cells = []
            for k in keys:
                v = r[k]
                cells.append(f"{v:.{digits}f}" if isinstance(v, float) else str(v))
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"

    w = card["data_window"]
    parts = [
        f"# Model card: {card['model']} risk\n",
        f"- estimator: `{card['estimator']}` {card['parameters']}",
        f"- outcome: {card['outcome']}",
        f"- data: {w['first_month']}..{w['last_month']} ({w['reps']} reps); "
        f"train {w['train_months']} ({w['train_rows']} rows), "
        f"test {w['test_months']} ({w['test_rows']} rows)",
        f"- {card['evaluation']}",
        f"- protected attributes: {card['protected_attributes']}",
        f"- created {card['created_at']}, scikit-learn {card['scikit_learn']}, "
        f"data hash {card['data_hash'][:12]}\n",
        "## Metrics (test months)\n",
        table(card["metrics"]),
        "## Calibration (test months, equal-count bins)\n",
        table(card["calibration"]),
        "## Features (coefficient per standard deviation, log-odds)\n",
        table(card["features"]),
        "## Fairness (top decile flagged)\n",
        table(card["fairness"]),
    ]
    if card["proxy_warnings"]:
        parts += ["## Proxy warnings\n", *[f"- {w}" for w in card["proxy_warnings"]], ""]
    if card["notes"]:
        parts += ["## Notes\n", *[f"- {n}" for n in card["notes"]], ""]
    return "\n".join(parts)


def save_model(model, card: dict, folder: str | Path, name: str) -> Path:
    """Write ``NAME.skops``, ``NAME.card.json`` and ``NAME.card.md`` into ``folder``."""
    import skops.io as sio

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.skops"
    tmp = folder / f".{name}.skops.tmp"
    sio.dump(model, tmp)
    tmp.replace(path)
    (folder / f"{name}.card.json").write_text(
        json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (folder / f"{name}.card.md").write_text(card_markdown(card), encoding="utf-8")
    return path


def load_model(folder: str | Path, name: str):
    """Load ``NAME.skops``, trusting only the types fieldsales saves."""
    import skops.io as sio

    path = Path(folder) / f"{name}.skops"
    if not path.is_file():
        raise WorkspaceError(
            f"no {name} model at {path}; train one first with `fieldsales train WORKSPACE`"
        )
    untrusted = sio.get_untrusted_types(file=path)
    unknown = [t for t in untrusted if t not in _TRUSTED]
    if unknown:
        raise WorkspaceError(
            f"{path} holds types fieldsales does not save ({', '.join(unknown)}); "
            "refusing to load it. Train the model again with `fieldsales train`"
        )
    return sio.load(path, trusted=untrusted)

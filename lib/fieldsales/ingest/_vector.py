"""Parse each distinct value once: CRM columns repeat the same few values a lot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["distinct", "text_of"]


def text_of(series: pd.Series) -> pa.Array:
    """The column as one Arrow string array, cells trimmed (missing cells become '')."""
    arr = pa.array(series.array) if len(series) else pa.array([], pa.large_string())
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = pc.cast(arr, pa.large_string())
    return pc.fill_null(pc.utf8_trim_whitespace(arr), "")


def distinct(series: pd.Series) -> tuple[pa.Array, np.ndarray]:
    """``(values, codes)``: the distinct trimmed texts and, per row, its position in them."""
    encoded = pc.dictionary_encode(text_of(series))
    return encoded.dictionary, encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)


def field(struct: pa.Array, name: str) -> np.ndarray:
    """A regex capture group as an object-free numpy float array (NaN where empty)."""
    col = pc.struct_field(struct, name)
    col = pc.if_else(pc.equal(col, ""), None, col)
    return pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False)


def group(struct: pa.Array, name: str) -> np.ndarray:
    """A regex capture group as text (empty where not matched), numpy object array."""
    return pc.fill_null(pc.struct_field(struct, name), "").to_numpy(zero_copy_only=False)

"""Reading data into the canonical model."""

from ._canonical import read_canonical_folder

__all__ = ["read_canonical_folder"]

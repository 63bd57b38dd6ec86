"""Detect the text encoding of an export and turn it into UTF-8 bytes.

CRM exports come as UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode
text"), GB18030/GBK (Chinese Windows and Fxiaoke) and cp1252/Latin-1
(Salesforce's default report encoding, "ISO-8859-1"). Detection is
deterministic, in this order:

1. a byte order mark (UTF-8, UTF-16 LE/BE);
2. UTF-16 without a BOM, recognised by NUL bytes at every other position;
3. strict UTF-8 over the whole file (non-UTF-8 text almost never decodes as UTF-8);
4. GB18030 when the sample decodes strictly as GB18030 *and* at least 90 % of
   its non-ASCII characters are common Chinese characters or punctuation
   (GB2312): Latin-1 text read as GB18030 produces rare characters instead;
5. otherwise cp1252 (a superset of Latin-1 for printable text), or Latin-1
   when cp1252 cannot decode a byte.

A file with NUL bytes that is not UTF-16, or with many control characters, is
reported as binary (not a CSV export).
"""

from __future__ import annotations

import codecs

from ..exceptions import InputFileError

__all__ = ["detect_encoding", "decode_to_utf8", "ENCODINGS"]

#: Names accepted by ``--encoding`` (any Python codec name also works).
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "cp1252", "latin-1")

_SAMPLE = 1 << 20
_CONTROL = set(range(0, 32)) - {9, 10, 13, 12}


def _looks_utf16(sample: bytes) -> str | None:
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    n = min(len(even), len(odd))
    if odd[:n].count(0) > 0.4 * n and even[:n].count(0) < 0.05 * n:
        return "utf-16-le"
    if even[:n].count(0) > 0.4 * n and odd[:n].count(0) < 0.05 * n:
        return "utf-16-be"
    return None


def _chinese_share(text: str) -> float:
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return 0.0
    common = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(wide)


def detect_encoding(data: bytes, name: str = "file") -> tuple[str, str]:
    """Return ``(encoding, how)``: the codec to read ``data`` with and why.

    Raises
    ------
    InputFileError
        When the bytes look binary (NUL bytes that are not UTF-16, control characters).
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "UTF-8 byte order mark"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "UTF-16 byte order mark"
    sample = data[:_SAMPLE]
    utf16 = _looks_utf16(sample)
    if utf16:
        return utf16, "UTF-16 without byte order mark (NUL bytes between characters)"
    controls = sum(1 for b in sample[:65536] if b in _CONTROL)
    if b"\x00" in sample or controls > 0.01 * min(len(sample), 65536) + 2:
        raise InputFileError(
            f"{name}: this is not a text export (binary bytes such as NUL found near the "
            "start); export the CRM report as CSV or XLSX"
        )
    try:
        data.decode("utf-8")
        return "utf-8", "valid UTF-8"
    except UnicodeDecodeError:
        pass
    # cut the sample at a line end so that no multi-byte character is split
    cut = sample.rfind(b"\n")
    sample = sample[: cut + 1] if cut > 0 and len(data) > len(sample) else sample
    try:
        text = sample.decode("gb18030")
        share = _chinese_share(text)
        if share >= 0.9:
            return "gb18030", f"GB18030 ({share:.0%} of non-ASCII characters are common Chinese)"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252", "not UTF-8 nor Chinese: Windows-1252 (Latin-1), Salesforce's default"
    except UnicodeDecodeError:
        return "latin-1", "not UTF-8 nor Chinese: ISO-8859-1 (Latin-1)"


def decode_to_utf8(data: bytes, encoding: str, name: str = "file") -> bytes:
    """``data`` re-encoded as UTF-8 without BOM (no copy when it already is UTF-8)."""
    try:
        enc = codecs.lookup(encoding).name
    except LookupError:
        raise InputFileError(
            f"unknown encoding {encoding!r}; use one of {', '.join(ENCODINGS)}"
        ) from None
    if enc == "utf-8":
        return data[3:] if data.startswith(codecs.BOM_UTF8) else data
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputFileError(
            f"{name}: line {line}: byte {data[exc.start : exc.start + 1]!r} at offset {exc.start} "
            f"cannot be read as {encoding}; pass the right --encoding (one of "
            f"{', '.join(ENCODINGS)}) or re-save the file as UTF-8"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.encode("utf-8")

"""Offline HTML: nbconvert without CDN scripts, atomic writes, safe file names, the index page."""

from __future__ import annotations

import hashlib
import html
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import quote

__all__ = ["to_html", "write_atomic", "safe_name", "index_page"]

# The lab template without require.js, MathJax, mermaid and widget scripts (all from CDNs):
# reports hold static SVG charts and escaped HTML tables, nothing needs a script.
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style>
.fs-table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
.fs-table th, .fs-table td { border-bottom: 1px solid #ddd; padding: 2px 8px; text-align: left; }
.fs-alert { color: #c0392b; }
</style>
{%- endblock extra_css -%}
"""
_EXPORTER = None
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _exporter():
    global _EXPORTER
    if _EXPORTER is None:
        from jinja2 import DictLoader
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(
            extra_loaders=[DictLoader({"fieldsales_offline.html.j2": _OFFLINE_TEMPLATE})],
            template_file="fieldsales_offline.html.j2",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
        )
    return _EXPORTER


def to_html(nb, title: str) -> str:
    """A self-contained page of ``nb``'s outputs: no input cells, no external script."""
    nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(nb)
    return body


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; reports are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_name(rep_id: str) -> str:
    """A file name for ``rep_id``: letters, digits, ``.``, ``_`` and ``-`` only.

    An id that needed changing (``../x``, quotes, spaces, newlines) gets a
    short hash of the original, so two ids never share a file.
    """
    text = _UNSAFE.sub("_", str(rep_id)).strip("._-")[:60]
    if text == str(rep_id) and text:
        return text
    digest = hashlib.sha256(str(rep_id).encode("utf-8")).hexdigest()[:8]
    return f"{text or 'rep'}-{digest}"


def index_page(title: str, rows: list[dict], meta: dict) -> str:
    """The index of a batch: one line per report with its status and links (all escaped)."""
    e = html.escape
    lines = []
    for r in rows:
        links = []
        for kind in ("html", "ipynb"):
            if r.get(kind):
                links.append(f'<a href="{e(quote(r[kind]))}">{kind}</a>')
        status = r.get("status", "")
        lines.append(
            f'<tr class="{e(status)}"><td>{e(str(r.get("audience", "")))}</td>'
            f"<td>{e(str(r.get('rep_id', '')))}</td>"
            f"<td>{e(str(r.get('rep_name', '')))}</td><td>{e(status)}</td>"
            f"<td>{' '.join(links)}</td><td>{e(str(r.get('error') or ''))}</td></tr>"
        )
    facts = " · ".join(f"{e(str(k))}: {e(str(v))}" for k, v in meta.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
td, th {{ padding: 3px 10px; border-bottom: 1px solid #ddd; }}
tr.error td {{ color: #c0392b; }}
</style></head>
<body><h1>{e(title)}</h1><p>{facts}</p>
<table><thead><tr><th>copy for</th><th>rep</th><th>name</th><th>status</th><th>report</th>
<th>error</th></tr></thead>
<tbody>
{chr(10).join(lines)}
</tbody></table></body></html>
"""

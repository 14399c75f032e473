"""The validation results as one self-contained HTML page, readable offline.

Great-expectations' data docs load Bootstrap, jQuery and their fonts from CDNs, so
without a network they show as a blank page.  This page (``validation_results.html``,
beside GX's ``index.html``) is rendered with jinja2 from the same results: per suite
(one raw table), every expectation with passed/FAILED, what was observed and a sample
of the failing rows.  Inline CSS, no script, no request beyond the file itself.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

if TYPE_CHECKING:
    from ingest.validation import ValidationReport

PAGE_NAME = "validation_results.html"

_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Courtside raw validation: {{ verdict }}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em;
         padding: 0 1em; color: #1d1d1f; }
  h1 { font-size: 1.5em; margin-bottom: .2em; }
  h2 { font-size: 1.15em; margin: 1.6em 0 .4em; }
  .meta { color: #555; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border-bottom: 1px solid #ddd; padding: .35em .6em; text-align: left;
           vertical-align: top; }
  th { background: #f4f4f6; }
  .passed { color: #106b21; font-weight: 600; }
  .failed { color: #b00020; font-weight: 700; }
  tr.failed-row { background: #fff1f2; }
  code, .sample { font-family: ui-monospace, monospace; font-size: .92em; }
  .sample { white-space: pre-wrap; margin: 0; }
</style>
</head>
<body>
<h1>Raw validation:
<span class="{{ 'passed' if report.ok else 'failed' }}">{{ verdict }}</span></h1>
<p class="meta">{{ report.expectations }} expectations on {{ suites | length }} raw tables,
{{ passed }} passed, {{ failed }} failed &middot; validated {{ validated_at }}
{%- if docs_index %} &middot; great-expectations data docs (need a network):
<a href="{{ docs_index }}">{{ docs_index }}</a>{% endif %}</p>
{% for suite in suites %}
<h2 id="{{ suite.name }}">Suite {{ suite.name }}:
  {{ suite.results | length }} expectations,
  <span class="passed">{{ suite.passed }} passed</span>,
  <span class="{{ 'failed' if suite.failed else 'passed' }}">{{ suite.failed }} failed</span></h2>
<table>
<tr><th>Result</th><th>Expectation</th><th>Type</th><th>Observed</th>
<th>Failing rows (sample)</th></tr>
{% for r in suite.results %}
<tr class="{{ 'failed-row' if not r.success else '' }}">
  <td class="{{ 'passed' if r.success else 'failed' }}">
    {{- 'passed' if r.success else 'FAILED' -}}</td>
  <td>{{ r.check }}</td>
  <td><code>{{ r.expectation }}</code></td>
  <td>{{ r.observed }}</td>
  <td>{% if r.sample %}<pre class="sample">{{ r.sample | join('\\n') }}</pre>{% endif %}</td>
</tr>
{% endfor %}
</table>
{% endfor %}
{% if report.skipped %}
<h2>Not checked</h2>
<ul>{% for s in report.skipped %}<li>{{ s }}</li>{% endfor %}</ul>
{% endif %}
</body>
</html>
"""


class _Suite:
    def __init__(self, name: str):
        self.name = name
        self.results: list = []

    @property
    def passed(self) -> int:
        return sum(r.success for r in self.results)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed


def render_results_page(
    report: ValidationReport, validated_at: str, docs_index: str | None = None
) -> str:
    """The page's HTML; ``docs_index`` is GX's index, linked relative to the page."""
    suites: dict[str, _Suite] = {}
    for result in report.results:
        suites.setdefault(result.table, _Suite(f"raw.{result.table}")).results.append(result)
    passed = sum(r.success for r in report.results)
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(_TEMPLATE).render(
        report=report,
        suites=list(suites.values()),
        passed=passed,
        failed=len(report.results) - passed,
        verdict="all passed" if report.ok else f"{len(report.failures)} FAILED",
        validated_at=validated_at,
        docs_index=docs_index,
    )


def write_results_page(
    report: ValidationReport, docs_dir: Path, validated_at: str, docs_index: str | None = None
) -> Path:
    """Write :data:`PAGE_NAME` into ``docs_dir`` (replaced whole: a reader never sees
    half a page) and return its path."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    page = docs_dir / PAGE_NAME
    fd, tmp = tempfile.mkstemp(dir=docs_dir, prefix=".results-", suffix=".html")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(render_results_page(report, validated_at, docs_index))
    os.replace(tmp, page)
    return page

"""Errors said in one line, for run reports, fetch logs and the scheduler's run log."""

from __future__ import annotations


def one_line(exc: BaseException) -> str:
    """``Type: first line`` of the innermost cause of ``exc`` (dlt wraps every step's
    failure in its own exception; the cause is what went wrong), at most 500 characters."""
    cause = exc
    while cause.__cause__ is not None:
        cause = cause.__cause__
    text = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {text[0] if text else ''}"[:500]

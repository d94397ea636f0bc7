"""The interview file format: TOML bytes to an Interview and back.

Parsing is strict (every error names line/column or the field); dumping
writes interviewers and follow-ups as ``[[tables]]`` blocks, easy to edit by
hand, and long strings in linear time.
"""

from __future__ import annotations

import os
import re
import tomllib
from typing import Any

import tomli_w

from followup_tui.core.model import Interview, SchemaError
from followup_tui.storage.files import StoreError


def toml_error_message(error: tomllib.TOMLDecodeError) -> str:
    """tomllib already says "(at line L, column C)"; make it read as advice."""
    return f"not valid TOML: {error}; fix the file by hand (it was left untouched)"


def parse_interview(data: bytes, interview_id: str) -> Interview:
    """Parse one file's bytes; raises StoreError naming line/column or field."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(
            f"not UTF-8 text (bad byte at offset {error.start}); is it a binary file?"
        ) from None
    if not text.strip():
        raise StoreError("the file is empty; delete it or fill it in")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise StoreError(toml_error_message(error)) from None
    try:
        return Interview.from_dict(document, interview_id)
    except SchemaError as error:
        raise StoreError(f"field {error.field_path}: {error.message}") from None


def _is_flat(table: dict[str, Any]) -> bool:
    return not any(
        isinstance(value, dict)
        or (isinstance(value, list) and any(isinstance(v, dict) for v in value))
        for value in table.values()
    )


def _has_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_has_carriage_return(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_carriage_return(v) for v in value)
    return False


# TOML basic strings must escape these (everything below U+0020 but tab, and DEL).
_MUST_ESCAPE = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_MUST_ESCAPE_MULTILINE = re.compile(r'[\x00-\x08\x0b-\x1f\x7f"\\]')
_SHORT_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
LONG_STRING = 1024  # strings longer than this are written by toml_string, not tomli_w


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def toml_string(value: str, *, multiline: bool) -> str:
    """``value`` as a TOML basic string, in time linear in its length.

    tomli_w builds strings by repeated concatenation, which took seconds for a
    megabyte of notes. With ``multiline`` a value holding newlines becomes a
    multi-line basic string; every backslash, quote (so no run of three quotes
    can end it early), carriage return and other control character is escaped.
    """
    if multiline and "\n" in value:
        return '"""\n' + _MUST_ESCAPE_MULTILINE.sub(_escape, value) + '"""'
    return '"' + _MUST_ESCAPE.sub(_escape, value) + '"'


def _swap_long_strings(value: Any, longs: list[str], token: str) -> Any:
    """Replace long strings in a document with numbered placeholders (kept in ``longs``)."""
    if isinstance(value, str) and len(value) > LONG_STRING:
        longs.append(value)
        return f"{token}-{len(longs) - 1}"
    if isinstance(value, dict):
        return {key: _swap_long_strings(item, longs, token) for key, item in value.items()}
    if isinstance(value, list):
        return [_swap_long_strings(item, longs, token) for item in value]
    return value


def dump_interview(interview: Interview) -> bytes:
    """TOML for one interview, with interviewers and follow-ups as ``[[tables]]``.

    tomli_w writes short arrays of tables inline; the block form is far easier
    to read and edit by hand, so flat items are written block by block. Long
    strings are written by ``toml_string`` (linear time) in place of placeholders.
    """
    longs: list[str] = []
    token = f"followup-long-string-{os.urandom(8).hex()}"
    document = _swap_long_strings(interview.to_dict(), longs, token)
    # TOML folds CRLF inside multi-line strings; keep such text escaped instead.
    multiline = not _has_carriage_return(document)
    blocks: list[str] = []
    for key in ("interviewers", "followups"):
        items = document.get(key, [])
        if items and all(_is_flat(item) for item in items):
            del document[key]
            for item in items:
                body = tomli_w.dumps(item, multiline_strings=multiline)
                blocks.append(f"\n[[{key}]]\n{body}")
    response = document.pop("response", None)
    text = tomli_w.dumps(document, multiline_strings=multiline) + "".join(blocks)
    if response is not None:
        text += "\n" + tomli_w.dumps({"response": response}, multiline_strings=multiline)
    if longs:
        text = re.sub(
            f'"{token}-([0-9]+)"',
            lambda match: toml_string(longs[int(match.group(1))], multiline=multiline),
            text,
        )
    return text.encode("utf-8")

"""Reading a CSV file another program wrote: its encoding and its delimiter.

Spreadsheets and trackers in Europe save ``;``-separated files, often with a
byte order mark, sometimes in Windows-1252; Excel's "Unicode text" is UTF-16
with tabs. ``decode`` and ``sniff_delimiter`` find out which, so the user
never has to say.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass

DELIMITERS = ",;\t|"
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
SAMPLE_LINES = 50  # lines the delimiter is sniffed from
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 with BOM"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 with BOM"),
)


class InputError(ValueError):
    """The file cannot be read as text or as CSV; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text and the name of the encoding it was read with."""

    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """The text of ``data``: by its BOM, else as UTF-8, else as Windows-1252."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec).removeprefix("\ufeff"), label)
            except UnicodeDecodeError as error:
                raise InputError(f"it starts like {label} but byte {error.start} is not") from None
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(data.decode("cp1252"), "Windows-1252")
    except UnicodeDecodeError as error:
        raise InputError(
            f"it is neither UTF-8 nor Windows-1252 text (byte {error.start}); "
            "save it as UTF-8 and try again"
        ) from None


def sep_hint(text: str) -> tuple[str, str]:
    """Excel's optional first line ``sep=;``: (the text without it, its delimiter or "")."""
    first, newline, rest = text.partition("\n")
    line = first.rstrip("\r")
    if len(line) == 5 and line.lower().startswith("sep=") and line[4] in DELIMITERS:
        return rest if newline else "", line[4]
    return text, ""


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: csv.Sniffer's guess among , ; tab |, checked
    against the header row; else the one the header row holds most of."""
    lines = text.splitlines()
    header = next((line for line in lines if line.strip()), "")
    sample = "\n".join(lines[:SAMPLE_LINES])
    try:
        guess = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        guess = ""
    if guess and len(_cells(header, guess)) > 1:
        return guess
    counts = {delimiter: len(_cells(header, delimiter)) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > 1 else ","


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []

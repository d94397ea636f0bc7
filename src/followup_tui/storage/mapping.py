"""Which column of an imported CSV file is which field: aliases and ``--map``.

A header matches a field when both agree once case, accents, spaces and
punctuation are set aside ("Interview_At", "interview at" and "INTERVIEW-AT"
are one). Beyond the field names themselves, ALIASES holds the headers of
other trackers' exports (Huntr's ``companyName``/``title``, JobHunter-style
German ``Firma``/``Gespräch am``, a generic spreadsheet's ``Company``/
``Job Title``/``Interview Date``) and their German, French, Spanish and Dutch
wordings. ``--map "HEADER=FIELD"`` names anything else, or ignores a column
(``--map "Status="``).

Four helper fields exist only for import: ``interviewer``, ``interviewer_email``
and ``interviewer_title`` (one person per row, or several separated by ";")
and ``interview_time`` (joined to a date-only ``interview_at``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from followup_tui.storage.interchange import CSV_COLUMNS

if TYPE_CHECKING:
    from datetime import datetime

HELPERS = ("interviewer", "interviewer_email", "interviewer_title", "interview_time")
FIELDS = (*CSV_COLUMNS, *HELPERS)
REQUIRED = ("company", "interview_at")
# Strong aliases: a header that says exactly this is the field ("|" separates them).
ALIASES: dict[str, str] = {
    "company": "company name|companyName|employer|organization|organisation"
    "|Firma|Unternehmen|Arbeitgeber|Firmenname"
    "|entreprise|société|employeur|nom de l'entreprise"
    "|empresa|compañía|nombre de la empresa"
    "|bedrijf|werkgever|bedrijfsnaam|onderneming",
    "position": "job title|job|role|title|position title|job position"
    "|Stelle|Stellenbezeichnung|Jobtitel|Rolle"
    "|poste|intitulé du poste|titre du poste"
    "|puesto|cargo|título del puesto|posición"
    "|functie|vacature|functietitel|positie|rol",
    "interview_at": "interview date|interview|interview date time"
    "|interview datetime|interview on|scheduled at|when"
    "|Gespräch am|Gesprächstermin|Interview am|Vorstellungsgespräch|Interviewtermin|Termin"
    "|date de l'entretien|entretien|entretien le|date entretien"
    "|fecha de la entrevista|entrevista|fecha entrevista"
    "|gesprek op|datum gesprek|sollicitatiegesprek|gesprek|interviewdatum",
    "interview_time": "time|Uhrzeit|Zeit|heure|hora|tijd|tijdstip",
    "interviewer": "interviewer name|interviewed by|contact|contact person|contact name"
    "|hiring manager|recruiter"
    "|Ansprechpartner|Ansprechperson|Gesprächspartner|Kontaktperson|Kontakt"
    "|recruteur|interlocuteur|personne de contact"
    "|entrevistador|contacto|persona de contacto|reclutador"
    "|contactpersoon|gesprekspartner",
    "interviewer_email": "email|e-mail|email address|mail|contact email|interviewer email"
    "|E-Mail-Adresse|courriel|adresse e-mail|correo|correo electrónico|e-mailadres|mailadres",
    "interviewer_title": "interviewer title|contact title",
    "location": "place|address|Ort|Standort|Adresse|lieu|localisation"
    "|ubicación|lugar|dirección|locatie|plaats|adres",
    "notes": "note|comments|comment|Notizen|Notiz|Bemerkungen|Anmerkungen|Kommentar"
    "|remarques|commentaires|notas|comentarios|observaciones|notities|opmerkingen|aantekeningen",
    "duration_minutes": "duration|length|Dauer|durée|duración|duur",
}
# Weak aliases: used only when no header matched the field by name or strong alias.
WEAK_ALIASES: dict[str, str] = {
    "interview_at": "date|datetime|Datum|date et heure|fecha|fecha y hora|datum en tijd",
}


class MappingError(ValueError):
    """A --map item or the header row does not give a usable mapping."""


def normalize(header: str) -> str:
    """A header as it is compared: case, accents, spaces and punctuation set aside."""
    folded = unicodedata.normalize("NFKD", header.casefold())
    return "".join(char for char in folded if char.isalnum())


def _table(source: dict[str, str], with_names: bool) -> dict[str, str]:
    table = {normalize(name): name for name in FIELDS} if with_names else {}
    for target, names in source.items():
        for name in names.split("|"):
            table.setdefault(normalize(name), target)
    return table


STRONG = _table(ALIASES, with_names=True)
WEAK = _table(WEAK_ALIASES, with_names=False)


@dataclass(slots=True)
class Mapping:
    """The field of every column (by position), and how it was chosen."""

    headers: list[str]
    fields: list[str] = field(default_factory=list)  # "" for a column that is ignored
    how: list[str] = field(default_factory=list)  # "name", "alias", "--map" or why ignored

    def missing(self) -> list[str]:
        """Required fields no column gives."""
        return [name for name in REQUIRED if name not in self.fields]

    def cells(self, row: list[str]) -> dict[str, str]:
        """The row's cells by field; cells of ignored columns are left out."""
        out: dict[str, str] = {}
        for index, target in enumerate(self.fields):
            if target and index < len(row):
                out[target] = row[index]
        return out


def parse_map(items: list[str]) -> dict[str, str]:
    """``["Gespräch am=interview_at", "Status="]`` -> normalized header -> field ("" ignores)."""
    out: dict[str, str] = {}
    for item in items:
        header, equals, target = item.rpartition("=")
        target = target.strip()
        if not equals or not header.strip():
            raise MappingError(f'--map {item!r} is not "HEADER=FIELD", like "Firma=company"')
        if target and target not in FIELDS:
            raise MappingError(
                f"--map {item!r}: {target!r} is not a field; use one of {', '.join(FIELDS)}"
            )
        out[normalize(header)] = target
    return out


def choose(headers: list[str], explicit: dict[str, str]) -> Mapping:
    """The mapping for ``headers``: --map first, then names and strong aliases, then weak."""
    keys = [normalize(header) for header in headers]
    unknown = [key for key in explicit if key not in keys]
    if unknown:
        wanted = next(item for item in explicit if item in unknown)
        raise MappingError(
            f"--map names a column the header row does not have ({wanted}); "
            f"the header row has: {', '.join(headers)}"
        )
    mapping = Mapping(headers, [""] * len(headers), ["ignored"] * len(headers))
    taken: dict[str, int] = {}

    def assign(index: int, target: str, how: str) -> None:
        if target in taken:
            mapping.how[index] = f"ignored, {headers[taken[target]]} is {target}"
            return
        taken[target] = index
        mapping.fields[index], mapping.how[index] = target, how

    for index, key in enumerate(keys):
        if key in explicit:
            if explicit[key]:
                assign(index, explicit[key], "--map")
            else:
                mapping.how[index] = "ignored by --map"
    for table, how in ((STRONG, ""), (WEAK, "alias")):
        for index, key in enumerate(keys):
            if key in explicit or mapping.fields[index] or key not in table:
                continue
            target = table[key]
            assign(index, target, how or ("name" if key == normalize(target) else "alias"))
    _foreign_id(mapping)
    return mapping


def _foreign_id(mapping: Mapping) -> None:
    """Another tracker's ``id`` (Huntr's is a database key) does not name the interview file.

    It is read only from a file with an ``interview_at`` column by that name
    (this app's export, or a hand-made file), or when --map names it.
    """
    if "id" not in mapping.fields:
        return
    index = mapping.fields.index("id")
    if mapping.how[index] != "name":
        return
    at = mapping.fields.index("interview_at") if "interview_at" in mapping.fields else -1
    if at < 0 or mapping.how[at] != "name":
        mapping.fields[index] = ""
        mapping.how[index] = "ignored, another tracker's id (new ids are made)"


def missing_message(mapping: Mapping, sample: list[str]) -> str:
    """One line: the required fields no column gives, the headers found, the --map that fixes it."""
    from datetime import UTC, datetime

    from followup_tui.core.dates import DateParseError, parse_imported

    when = datetime(2000, 1, 1, tzinfo=UTC)  # any time will do: only the form is looked at

    free = [index for index, target in enumerate(mapping.fields) if not target]
    fixes = []
    for target in mapping.missing():
        pick = free[0] if free else None
        if target == "interview_at":
            for index in free:
                try:
                    parse_imported(sample[index] if index < len(sample) else "", when)
                except DateParseError:
                    continue
                pick = index
                break
        if pick is not None:
            free.remove(pick)
            fixes.append(f'--map "{mapping.headers[pick]}={target}"')
    found = ", ".join(mapping.headers) if any(mapping.headers) else "nothing"
    return f"no column for {' or '.join(mapping.missing())}; the header row has: {found}" + (
        f". Name it with {' '.join(fixes)}" if fixes else ""
    )


def record_from_cells(
    cells: dict[str, str], now: datetime, date_format: str = ""
) -> dict[str, Any]:
    """A record (as ``from_record`` takes) from one row's cells by field.

    Raises RecordError naming the field when a cell cannot be used.
    """
    from followup_tui.core.dates import DateParseError, parse_imported
    from followup_tui.storage.interchange import RecordError, from_csv_row

    cells = {key: "" if value.strip() == "-" else value for key, value in cells.items()}  # Huntr
    plain = {key: value for key, value in cells.items() if key not in HELPERS}
    when = " ".join(
        part.strip()
        for part in (plain.get("interview_at"), cells.get("interview_time"))
        if part and part.strip()
    )
    if when:
        try:
            plain["interview_at"] = parse_imported(when, now, date_format).isoformat()
        except DateParseError as error:
            raise RecordError(f"interview_at: {error}") from None
    if plain.get("duration_minutes"):
        plain["duration_minutes"] = _minutes(plain["duration_minutes"])
    record = from_csv_row(dict(plain), now)
    people = _people(cells)
    if people:
        record["interviewers"] = [*record.get("interviewers", []), *people]
    return record


_DURATION = re.compile(
    r"^(?P<n>\d+(?:[.,]\d+)?)\s*(?:(?P<h>h|hr|hrs|hours?|std|stunden?|heures?|horas?|uur)"
    r"|min|mins|minutes?|minuten?|minutos?|m)?\.?$",
    re.IGNORECASE,
)


def _minutes(text: str) -> str:
    """ "45", "45 min", "1,5 Std" and "1.5 h" as whole minutes; anything else unchanged."""
    match = _DURATION.match(text.strip())
    if match is None:
        return text
    number = float(match["n"].replace(",", "."))
    minutes = number * 60 if match["h"] else number
    return str(round(minutes)) if minutes == round(minutes) or match["h"] else text


def _people(cells: dict[str, str]) -> list[dict[str, Any]]:
    from followup_tui.core.model import Interviewer
    from followup_tui.storage.interchange import RecordError

    def parts(name: str) -> list[str]:
        return [part.strip() for part in cells.get(name, "").split(";")]

    names, emails, titles = (
        parts("interviewer"),
        parts("interviewer_email"),
        parts("interviewer_title"),
    )
    people = []
    for index in range(max(len(names), len(emails), len(titles))):
        name, email, title = (
            items[index] if index < len(items) else "" for items in (names, emails, titles)
        )
        if not (name or email or title):
            continue
        if not name:
            raise RecordError(
                f"interviewer: {email or title!r} has no name in the interviewer column"
            )
        people.append(Interviewer(name, email, title).to_dict())
    return people

"""The user's own words: adding one to ``<home>/dictionary.txt`` (the checklist's action)."""

from __future__ import annotations

from followup_tui.storage.files import atomic_write
from followup_tui.storage.paths import Home


def add_word(home: Home, word: str) -> bool:
    """Append ``word`` (one a line) unless it is there already; False when it was.

    The file is rewritten atomically, so a crash leaves the old list or the new
    one; an unreadable (non-UTF-8) file raises OSError rather than being replaced.
    """
    path = home.dictionary_file
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError:
        raise OSError(f"{path} is not UTF-8 text; fix it by hand") from None
    entries = {line.split("#", 1)[0].strip().lower() for line in text.splitlines()}
    if word.strip().lower() in entries:
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    atomic_write(path, (text + word.strip() + "\n").encode("utf-8"))
    return True

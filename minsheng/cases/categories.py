"""The one way a category given as text is resolved to its code, and the focus area of a code.

A case file may name a category by its code (``030201``), its name path (``物业管理/物业服务/…``),
its name alone (the most specific category of that name) or its English name; the importer (against
the database) and the analyses (against the default file, ``taxonomy``) resolve them with the same
:class:`CategoryIndex`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from minsheng.cases.taxonomy import read_default

CODE_DIGITS_PER_LEVEL = 2


def top_code(code: str) -> str:
    """The code of the top-level category (the focus area) a category belongs to."""
    return code[:CODE_DIGITS_PER_LEVEL]


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    name: str
    name_en: str
    parent_code: str


class CategoryIndex:
    """Category codes by every text a file may use for them."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = {entry.code: entry for entry in entries}
        self._by_text: dict[str, str] = {}
        self._paths = {code: self._path(code) for code in self.entries}
        # The most specific category wins a shared name (a lone name means a leaf).
        for code in sorted(self.entries, key=lambda c: (-len(c), c)):
            entry = self.entries[code]
            self._by_text.setdefault(entry.name, code)
            if entry.name_en:
                self._by_text.setdefault(entry.name_en.lower(), code)
        for code, path in self._paths.items():
            self._by_text[path] = code

    def _path(self, code: str) -> str:
        names: list[str] = []
        entry: Entry | None = self.entries[code]
        while entry is not None:
            names.insert(0, entry.name)
            entry = self.entries.get(entry.parent_code) if entry.parent_code else None
        return "/".join(names)

    def path(self, code: str) -> str:
        """The name path of a code (``物业管理/物业服务/物业费收费争议``)."""
        return self._paths[code]

    def code_of(self, text: str | None) -> str | None:
        """The code of a category given as a code, a name path, a name or an English name."""
        if not text:
            return None
        text = text.replace("／", "/").replace(" / ", "/").strip().strip("/")
        if text in self.entries:
            return text
        return (
            self._by_text.get(text)
            or self._by_text.get(text.lower())
            or self._by_text.get(text.rsplit("/", 1)[-1])
        )


@functools.cache
def default_index() -> CategoryIndex:
    """The default taxonomy, without the database (for files analysed anywhere)."""
    return CategoryIndex(
        Entry(row["code"], row["name"], row["name_en"], row["parent_code"])
        for row in read_default()
    )

"""Which writing systems (scripts) a table's text uses, and the font package that draws each.

Issue 9: on a machine without a CJK font every Chinese header and value showed as empty boxes,
with no hint why. The app asks its font whether it can draw the characters found here; this
module only says which characters belong to which script, so it needs no Qt. It looks at the
headers and the first rows only, so the check stays cheap on a 1M-row table.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from csvinspect.core.table import Table

SAMPLE_ROWS = 300  # rows read from the top of the table
SAMPLE_CELLS = 6000  # at most this many cells in all, however wide the table
CHARS_PER_SCRIPT = 64  # distinct characters kept per script: enough to find a missing glyph


@dataclass(frozen=True)
class Script:
    """A writing system as a user names it, and the Debian package with a font for it."""

    name: str
    font_package: str


CHINESE = Script("Chinese", "fonts-noto-cjk")
JAPANESE = Script("Japanese", "fonts-noto-cjk")
KOREAN = Script("Korean", "fonts-noto-cjk")
EMOJI = Script("Emoji", "fonts-noto-color-emoji")
OTHER = Script("Some", "fonts-noto-core")  # characters outside the blocks named below


def _script(name: str) -> Script:
    return Script(name, "fonts-noto-core")


# (first code point, last code point, script), sorted by first code point.
_BLOCKS: list[tuple[int, int, Script]] = sorted(
    [
        (0x0370, 0x03FF, _script("Greek")),
        (0x0400, 0x052F, _script("Cyrillic")),
        (0x0530, 0x058F, _script("Armenian")),
        (0x0590, 0x05FF, _script("Hebrew")),
        (0x0600, 0x06FF, _script("Arabic")),
        (0x0750, 0x077F, _script("Arabic")),
        (0x0900, 0x097F, _script("Devanagari")),
        (0x0980, 0x09FF, _script("Bengali")),
        (0x0B80, 0x0BFF, _script("Tamil")),
        (0x0E00, 0x0E7F, _script("Thai")),
        (0x10A0, 0x10FF, _script("Georgian")),
        (0x1100, 0x11FF, KOREAN),
        (0x1200, 0x137F, _script("Ethiopic")),
        (0x2600, 0x27BF, EMOJI),
        (0x2E80, 0x2FDF, CHINESE),  # radicals
        (0x3000, 0x303F, CHINESE),  # CJK punctuation: 、。「」
        (0x3040, 0x30FF, JAPANESE),  # hiragana, katakana
        (0x3130, 0x318F, KOREAN),
        (0x31F0, 0x31FF, JAPANESE),
        (0x3400, 0x4DBF, CHINESE),
        (0x4E00, 0x9FFF, CHINESE),
        (0xAC00, 0xD7AF, KOREAN),
        (0xF900, 0xFAFF, CHINESE),
        (0xFF00, 0xFFEF, CHINESE),  # full-width forms: ，（）
        (0x1F300, 0x1FAFF, EMOJI),
        (0x20000, 0x323AF, CHINESE),  # extensions B to I
    ],
    key=lambda block: block[0],
)
_STARTS = [block[0] for block in _BLOCKS]


def script_of(char: str) -> Script | None:
    """The script of one character; None for ASCII and Latin, which every font draws."""
    code = ord(char)
    if code < 0x0370:  # ASCII, Latin-1, Latin Extended, IPA: in every desktop font
        return None
    i = bisect_right(_STARTS, code) - 1
    if i >= 0 and code <= _BLOCKS[i][1]:
        return _BLOCKS[i][2]
    if char.isspace() or not char.isprintable():
        return None  # nothing to draw
    if 0x2000 <= code < 0x2C00:
        return None  # punctuation, arrows, symbols: common, and any font falls back well
    return OTHER


def scripts_in(texts: Iterable[str]) -> dict[Script, str]:
    """The characters of each script found in ``texts`` (up to ``CHARS_PER_SCRIPT`` each)."""
    found: dict[Script, dict[str, None]] = {}
    for text in texts:
        if text.isascii():
            continue
        for char in text:
            script = script_of(char)
            if script is None:
                continue
            chars = found.setdefault(script, {})
            if len(chars) < CHARS_PER_SCRIPT:
                chars[char] = None
    return {script: "".join(chars) for script, chars in found.items()}


def sample_texts(table: Table) -> list[str]:
    """The headers and the cells of the first rows: what a user sees on opening the table."""
    texts = list(table.header)
    if not table.columns:
        return texts
    rows = min(SAMPLE_ROWS, max(1, SAMPLE_CELLS // len(table.columns)))
    for column in table.columns:
        texts.extend(value for value in column.text.slice(0, rows).to_pylist() if value)
    return texts

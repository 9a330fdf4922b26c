"""The note above a table whose text the installed fonts cannot draw.

Issue 9: without a CJK font every Chinese header and value showed as empty boxes, with no hint
why. After each load the tab lays out a sample of the table's text (core ``scripts``) in the
table's font, fallback fonts included, and names each script that comes out as missing glyphs
(glyph index 0, the box), with the Debian package that draws it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QWidget

from csvinspect.app.widgets.banner import WARNING_COLOURS, Banner
from csvinspect.core.scripts import OTHER, Script, sample_texts, scripts_in
from csvinspect.core.table import Table


def draws_every_character(text: str, font: QFont) -> bool:
    """True if ``font``, or a font Qt falls back to, has a glyph for every character of ``text``.

    Laying the text out is what the table does when it paints, so fallback fonts count; the
    primary font alone (``QFontMetrics.inFontUcs4``) would wrongly report CJK missing on a
    machine whose default font is DejaVu and whose CJK font is Noto.
    """
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return all(0 not in run.glyphIndexes() for run in layout.glyphRuns())


def undrawable_scripts(texts: list[str], font: QFont) -> list[Script]:
    """The scripts used in ``texts`` that come out as boxes in ``font``."""
    found = scripts_in(texts)
    return [script for script, chars in found.items() if not draws_every_character(chars, font)]


def describe_undrawable(scripts: list[Script]) -> str:
    """``Chinese text cannot be drawn: …; on Debian or Ubuntu: apt-get install fonts-noto-cjk``."""
    names = [s.name for s in scripts if s != OTHER]
    if names:
        what = f"{' and '.join(names)} text"
        if OTHER in scripts:
            what += " and some other characters"
    else:
        what = "Some characters"
    packages = " ".join(dict.fromkeys(s.font_package for s in scripts))
    return (
        f"{what} cannot be drawn: no installed font has them, so they show as empty boxes. "
        f"On Debian or Ubuntu, install a font with: sudo apt-get install {packages}"
    )


class FontNote(Banner):
    """Hidden while the fonts draw everything; otherwise names what shows as boxes and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("fontNote", WARNING_COLOURS, "Dismiss this note", parent=parent)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        # The apt-get command is there to be copied.
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def check(self, table: Table, font: QFont) -> None:
        """Show the note if ``font`` cannot draw the headers or first rows of ``table``."""
        scripts = undrawable_scripts(sample_texts(table), font)
        if not scripts:
            self.hide()
            return
        self.label.setText(f"⚠ {describe_undrawable(scripts)}")
        self.show()

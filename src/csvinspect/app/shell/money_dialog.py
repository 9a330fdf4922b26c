"""Settings > Money: how quota becomes money and which currency request costs are shown in.

Issue 5: "500,000 quota = 1 USD by default; a setting for the rate and the display currency
(for example CNY at a configurable exchange rate), remembered". The dialog only edits a core
``MoneySettings``; the main window remembers it and hands it to the request panels.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from csvinspect.core.requests.money import MoneySettings

AS_EXPORTED = "As exported"
CURRENCIES = ("USD", "CNY", "EUR", "GBP", "JPY", "HKD", "KRW", "INR", "RUB", "SGD", "AUD", "CAD")
EXPLANATION = (
    "new-api and one-api logs bill in quota units: 500,000 quota = 1 USD unless the gateway"
    " was set up otherwise. Costs in USD (and quota) can be shown in another currency at the"
    " exchange rate given here; costs written in another currency are left as they are."
)


class MoneyDialog(QDialog):
    """Edits a ``MoneySettings``; read ``money()`` after ``accepted``."""

    def __init__(self, money: MoneySettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Money: quota rate and currency")
        self.quota = QDoubleSpinBox(self)
        self.quota.setRange(1, 1e12)
        self.quota.setDecimals(0)
        self.quota.setGroupSeparatorShown(True)
        self.quota.setSingleStep(100_000)
        self.quota.setSuffix(" quota = 1 USD")
        self.currency = QComboBox(self)
        self.currency.addItem(AS_EXPORTED, None)
        for code in CURRENCIES:
            self.currency.addItem(code, code)
        self.rate = QDoubleSpinBox(self)
        self.rate.setRange(0.0001, 1e6)
        self.rate.setDecimals(4)
        self.rate.setSingleStep(0.1)
        self.currency.currentIndexChanged.connect(self._on_currency_current_index_changed)

        note = QLabel(EXPLANATION, self)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        form = QFormLayout()
        form.addRow("&Quota rate", self.quota)
        form.addRow("Show costs &in", self.currency)
        form.addRow("&Exchange rate", self.rate)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            parent=self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        defaults = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.clicked.connect(lambda: self.set_money(MoneySettings()))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.set_money(money)

    def set_money(self, money: MoneySettings) -> None:
        self.quota.setValue(money.quota_per_usd)
        code = money.display_currency
        index = self.currency.findData(code) if code else 0
        if index < 0:  # a currency remembered from elsewhere: offer it too
            self.currency.addItem(code, code)
            index = self.currency.count() - 1
        self.currency.setCurrentIndex(index)
        self.rate.setValue(money.usd_rate)
        self._on_currency_current_index_changed()

    def money(self) -> MoneySettings:
        return MoneySettings(
            quota_per_usd=self.quota.value(),
            display_currency=self.currency.currentData(),
            usd_rate=self.rate.value(),
        )

    def _on_currency_current_index_changed(self) -> None:
        code = self.currency.currentData()
        converts = code not in (None, "USD")
        self.rate.setEnabled(converts)
        self.rate.setSuffix(f" {code} per USD" if converts else "")

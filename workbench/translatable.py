"""Translatable messages for the Qt-free core: English text that remembers how it was made.

The core (services, validation, database, importer) raises errors in English: the CLI prints
them and many tests compare ``str(exc)``. To let the user interface show the same errors in
the user's language, the core builds its messages with :func:`msg`::

    raise ValidationError(msg("VAT number {vat} already belongs to {name}.", vat=v, name=n))

The result is a :class:`Message`: a plain ``str`` (the English text, exactly what an f-string
would have produced) that also keeps its ``template`` and ``params``. The interface looks the
template up in the gettext catalogue (:mod:`workbench.i18n`) and formats the translation with
the same parameters through :func:`translate`; nothing here imports Qt. A count takes its
plural form with :func:`nmsg`: ``nmsg("{n} row is empty", "{n} rows are empty", n)``.

Contract for templates and translations:

* Templates use ``str.format`` *names* (``{vat}``, never ``{}`` or ``{0}``); format specs are
  allowed (``{amount:,.2f}``, ``{rows:,}``) and apply to the translation too.
* A translation must use the same placeholder names as its template (it may reorder them,
  repeat them or change their format spec). A translation that cannot be formatted (unknown
  name, bad spec) is ignored and the English text is shown.
* Parameters that are themselves :class:`Message` objects (``what=msg("The fee due")``) are
  translated before they are put into the translation.
* Numbers and dates are passed as numbers (``int``, ``Decimal``) and ``date`` objects, not
  as text: translated into another language they are written that language's way
  ("46,5", "1.234", "31/12/2024"); the English text keeps Python's formatting.
* :func:`compose` builds a purely structural Message (e.g. ``"{where}: {problem}"`` joining
  translated parts); it needs no catalogue entry - without one its English template is
  formatted with the translated parameters.
* ``msg("literal", ...)`` / ``nmsg("one", "many", n, ...)`` must be called with string
  literals: Babel extracts them (keywords ``msg`` and ``nmsg:1,2`` in ``babel.cfg``) and a
  test checks that the Italian catalogue translates every one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel import numbers as babel_numbers

from workbench import i18n

__all__ = ["Message", "compose", "join", "msg", "nmsg", "translate"]


class Message(str):
    """English text (the ``str`` value) plus the ``template`` and ``params`` it came from.

    ``Message("text")`` without a template is its own template with no parameters.
    String operations (``+``, ``.strip()``, f-strings) return plain ``str``: whoever combines
    messages must use :func:`msg` or :func:`compose` to keep them translatable.
    """

    template: str
    params: Mapping[str, Any]
    #: The English plural template of a counted message (:func:`nmsg`), else None.
    plural: str | None
    #: The count that picks the plural form (``params["n"]``), for counted messages.
    quantity: int

    def __new__(
        cls,
        text: str,
        template: str | None = None,
        params: Mapping[str, Any] | None = None,
        plural: str | None = None,
        quantity: int = 1,
    ) -> Message:
        """Create a Message whose English text is *text*."""
        self = super().__new__(cls, text)
        self.template = str(text) if template is None else template
        self.params = dict(params or {})
        self.plural = plural
        self.quantity = quantity
        return self

    def __repr__(self) -> str:
        return f"Message({str.__repr__(self)}, template={self.template!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # keep template and params when pickled/copied
        return (
            Message,
            (str(self), self.template, dict(self.params), self.plural, self.quantity),
        )


def msg(template: str, /, **params: Any) -> Message:
    """Return ``template.format(**params)`` as a :class:`Message` keeping template and params.

    *template* must be a string literal at the call site (the catalogue test reads it).
    """
    return Message(template.format(**params), template, params)


def nmsg(singular: str, plural: str, n: int, /, **params: Any) -> Message:
    """The English form of *singular*/*plural* for the count *n*, formatted with ``n`` too.

    Both templates must be string literals (Babel extracts them as a plural entry).
    """
    template = singular if n == 1 else plural
    values = {"n": n, **params}
    return Message(template.format(**values), singular, values, plural, n)


def compose(template: str, /, **params: Any) -> Message:
    """Like :func:`msg` for structural templates (joins of messages) that need no translation."""
    return Message(template.format(**params), template, params)


def join(separator: str, parts: Iterable[str]) -> Message:
    """``separator.join(parts)`` as a structural Message whose Message parts stay translatable."""
    names = {f"p{i}": part for i, part in enumerate(parts)}
    escaped = separator.replace("{", "{{").replace("}", "}}")
    return compose(escaped.join("{" + name + "}" for name in names), **names)


Lookup = Callable[[str], str | None]

#: The CLDR locale that writes the numbers and dates of a language's messages.
_LOCALES = {"en": "en_GB", "it": "it_IT"}


class _Localised:
    """A message parameter written the way *lang* writes numbers and dates.

    A number is formatted as the template's spec asks (``{rows:,}``, ``{share}``), then its
    separators are the language's (Babel's CLDR symbols); a date without a spec is the
    language's short date with a four-digit year.
    """

    def __init__(self, value: object, lang: str) -> None:
        self.value = value
        self.locale = _LOCALES.get(lang, "en_GB")

    def __format__(self, spec: str) -> str:
        value = self.value
        if isinstance(value, date) and not isinstance(value, datetime):
            if spec:
                return format(value, spec)
            return f"{value.day:02d}/{value.month:02d}/{value.year}"
        english = format(value, spec)
        group = babel_numbers.get_group_symbol(self.locale)
        point = babel_numbers.get_decimal_symbol(self.locale)
        return "".join(group if c == "," else point if c == "." else c for c in english)

    def __str__(self) -> str:
        return self.__format__("")


def _parameter(value: object, language: str | Lookup) -> object:
    """*value* as the translation shows it: translated, or localised for *language*."""
    if isinstance(value, Message):
        return translate(value, language)
    if callable(language) or language == "en" or isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal | float | date):
        return _Localised(value, language)
    return value


def _translation(text: Message, language: str | Lookup) -> str | None:
    """The translated template of *text* (its plural form for counted messages) or None."""
    if callable(language):
        return language(text.template) if text.template else None
    if text.plural is not None:
        return i18n.ngettext(text.template, text.plural, text.quantity, language)
    return i18n.lookup(text.template, language) if text.template else None


def translate(text: object, language: str | Lookup) -> str:
    """*text* in *language*, as far as the catalogue knows it.

    Args:
        text: a :class:`Message` (translated) or anything else (``str(text)``).
        language: a language code (``"it"``: the gettext catalogue), or a function that
            returns the translation of an English template or None (tests).

    If *text* is a Message and the catalogue translates its template, the translation is
    formatted with the message's params (Message params translated first); if formatting
    fails the English text is returned. Without a translation the English template is
    formatted with the translated params, so structural messages still translate their parts.
    """
    if not isinstance(text, Message):
        return str(text)
    translation = _translation(text, language)
    nested = any(
        isinstance(value, Message) or isinstance(_parameter(value, language), _Localised)
        for value in text.params.values()
    )
    if not translation and not nested:
        return str(text)
    params = {key: _parameter(value, language) for key, value in text.params.items()}
    # A translation that cannot be formatted falls back to the English template (with the
    # translated parts), and that to the English text.
    for template in filter(None, (translation, text.template)):
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            continue
    return str(text)

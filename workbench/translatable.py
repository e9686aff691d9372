"""Translatable messages for the Qt-free core: English text that remembers how it was made.

The core (services, validation, database, importer) raises errors in English: the CLI prints
them and many tests compare ``str(exc)``. To let the user interface show the same errors in
the user's language, the core builds its messages with :func:`msg`::

    raise ValidationError(msg("VAT number {vat} already belongs to {name}.", vat=v, name=n))

The result is a :class:`Message`: a plain ``str`` (the English text, exactly what an f-string
would have produced) that also keeps its ``template`` and ``params``. The interface looks the
template up in its catalogue (context ``"core"``) and formats the translation with the same
parameters through :func:`translate`; nothing here imports Qt.

Contract for templates and translations:

* Templates use ``str.format`` *names* (``{vat}``, never ``{}`` or ``{0}``); format specs are
  allowed (``{amount:,.2f}``, ``{rows:,}``) and apply to the translation too.
* A translation must use the same placeholder names as its template (it may reorder them,
  repeat them or change their format spec). A translation that cannot be formatted (unknown
  name, bad spec) is ignored and the English text is shown.
* Parameters that are themselves :class:`Message` objects (``what=msg("The fee due")``) are
  translated before they are put into the translation.
* :func:`compose` builds a purely structural Message (e.g. ``"{where}: {problem}"`` joining
  translated parts); it needs no catalogue entry - without one its English template is
  formatted with the translated parameters.
* ``msg("literal", ...)`` must be called with a string literal: a test finds every call and
  checks that the Italian catalogue ``workbench/resources/translations/it/core.json`` translates it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["Message", "compose", "join", "msg", "translate"]


class Message(str):
    """English text (the ``str`` value) plus the ``template`` and ``params`` it came from.

    ``Message("text")`` without a template is its own template with no parameters.
    String operations (``+``, ``.strip()``, f-strings) return plain ``str``: whoever combines
    messages must use :func:`msg` or :func:`compose` to keep them translatable.
    """

    template: str
    params: Mapping[str, Any]

    def __new__(
        cls, text: str, template: str | None = None, params: Mapping[str, Any] | None = None
    ) -> Message:
        """Create a Message whose English text is *text*."""
        self = super().__new__(cls, text)
        self.template = str(text) if template is None else template
        self.params = dict(params or {})
        return self

    def __repr__(self) -> str:
        return f"Message({str.__repr__(self)}, template={self.template!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # keep template and params when pickled/copied
        return (Message, (str(self), self.template, dict(self.params)))


def msg(template: str, /, **params: Any) -> Message:
    """Return ``template.format(**params)`` as a :class:`Message` keeping template and params.

    *template* must be a string literal at the call site (the catalogue test reads it).
    """
    return Message(template.format(**params), template, params)


def compose(template: str, /, **params: Any) -> Message:
    """Like :func:`msg` for structural templates (joins of messages) that need no translation."""
    return Message(template.format(**params), template, params)


def join(separator: str, parts: Iterable[str]) -> Message:
    """``separator.join(parts)`` as a structural Message whose Message parts stay translatable."""
    names = {f"p{i}": part for i, part in enumerate(parts)}
    escaped = separator.replace("{", "{{").replace("}", "}}")
    return compose(escaped.join("{" + name + "}" for name in names), **names)


def translate(text: object, lookup: Callable[[str], str | None]) -> str:
    """*text* in the user's language, as far as *lookup* knows it.

    Args:
        text: a :class:`Message` (translated) or anything else (``str(text)``).
        lookup: returns the translation of an English template, or None when there is none.

    If *text* is a Message and ``lookup(template)`` gives a translation, the translation is
    formatted with the message's params (Message params translated first); if formatting
    fails the English text is returned. Without a translation the English template is
    formatted with the translated params, so structural messages still translate their parts.
    """
    if not isinstance(text, Message):
        return str(text)
    translation = lookup(text.template) if text.template else None
    nested = any(isinstance(value, Message) for value in text.params.values())
    if not translation and not nested:
        return str(text)
    params = {
        key: translate(value, lookup) if isinstance(value, Message) else value
        for key, value in text.params.items()
    }
    # A translation that cannot be formatted falls back to the English template (with the
    # translated parts), and that to the English text.
    for template in filter(None, (translation, text.template)):
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            continue
    return str(text)

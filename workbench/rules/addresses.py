"""E-mail and web addresses: the one check for the editor, the importer and the services.

An e-mail address is stored as ``local@domain`` with the domain in lower case; a display name
(``Mario Rossi <mario@alfa.it>``) and a ``mailto:`` prefix are dropped. A web address is stored
with its scheme (``https://`` added when missing) and its host in lower case; only ``http`` and
``https`` are web addresses (``ftp://acme.it`` is refused, never stored as
``https://ftp://acme.it``). Blank input gives None. Errors are
:class:`~workbench.rules.errors.RuleError` with one message per problem, the same wherever the
address was typed or imported.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from workbench.rules.errors import RuleError
from workbench.text import normalise_text
from workbench.translatable import msg

__all__ = ["normalise_email", "normalise_url"]

_EMAIL_RE = re.compile(
    r"^[\w.!#$%&'*+/=?^`{|}~-]+@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}$"
)
_HOST_RE = re.compile(r"^(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}\.?$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


# The shapes nearly every address has, read without the general steps below: lower-case ASCII
# host names, an e-mail local part of plain characters without leading, trailing or double
# dots, a web path of plain characters. Anything else takes the general path; tests hold the
# two to the same result.
_LABELS = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^`{|}~-]+)*@" + _LABELS
)
_PLAIN_URL = re.compile(r"(https?://)?(" + _LABELS + r")(/[A-Za-z0-9._~/-]*)?")


def normalise_email(value: object) -> str | None:
    """Return one e-mail address stripped, its domain in lower case; blank -> None.

    ``"Mario Rossi <mario@alfa.it>"`` and ``"mailto:mario@alfa.it"`` give ``mario@alfa.it``.

    Raises:
        RuleError: Not an address (``info@acme..it``), or several addresses or spaces.
    """
    text = "" if value is None else normalise_text(str(value))
    if not text:
        return None
    if _PLAIN_EMAIL.fullmatch(text):
        return text
    return _email_from_any_text(text)


def _email_from_any_text(text: str) -> str:
    """:func:`normalise_email` for any non-blank clean text (the general path)."""
    angle = re.fullmatch(r"[^<>]*<([^<>]+)>", text)
    address = angle[1].strip() if angle else text
    address = re.sub(r"^mailto:", "", address, flags=re.IGNORECASE)
    if address.count("@") > 1 or re.search(r"[;,\s]", address):
        raise RuleError(
            msg(
                '"{value}" holds more than one email address or spaces: keep one address',
                value=text,
            )
        )
    local, _, domain = address.rpartition("@")
    if ".." in address or not _EMAIL_RE.match(address) or local[:1] == "." or local[-1:] == ".":
        raise RuleError(
            msg('"{value}" is not an email address: expected e.g. info@azienda.it', value=text)
        )
    return f"{local}@{domain.lower()}"


def normalise_url(value: object) -> str | None:
    """Return a web address with its scheme (``https://`` when missing); blank -> None.

    Raises:
        RuleError: Spaces inside, an e-mail address, a scheme other than http(s), or a host
            name that is not a domain.
    """
    text = "" if value is None else normalise_text(str(value))
    if not text:
        return None
    if _PLAIN_URL.fullmatch(text):
        return text if text.startswith(("http://", "https://")) else "https://" + text
    return _url_from_any_text(text)


def _url_from_any_text(text: str) -> str:
    """:func:`normalise_url` for any non-blank clean text (the general path)."""
    if re.search(r"\s", text):
        raise RuleError(msg('"{value}" is not a web address: it contains spaces', value=text))
    candidate = text if _SCHEME.match(text) else "https://" + text
    try:
        parts = urlsplit(candidate)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError:
        raise _not_a_web_address(text) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise RuleError(
            msg('"{value}" is not a web address: it must start with http(s)://', value=text)
        )
    if "@" in parts.netloc:
        raise RuleError(msg('"{value}" looks like an email address, not a web address', value=text))
    if not _HOST_RE.match(host):
        raise _not_a_web_address(text)
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def _not_a_web_address(text: str) -> RuleError:
    return RuleError(
        msg('"{value}" is not a web address: expected e.g. www.azienda.it', value=text)
    )

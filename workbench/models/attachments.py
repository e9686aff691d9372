"""Files attached to an organisation: signed membership agreement, statute, letters ..."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base, Versioned


class OrganisationAttachment(Versioned, Base):
    """A file attached to an organisation; its bytes are a stored file of the database.

    ``file_name`` is the name shown (and the name a copy is opened under); ``description``
    says what the document is ("membership agreement signed 2024"). Deleting the organisation
    deletes its attachments (the stored file stays in the store, see
    :mod:`workbench.services.files`); a merge moves them to the organisation that remains.
    """

    __tablename__ = "organisation_attachment"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    stored_file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_file.id", ondelete="RESTRICT"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)

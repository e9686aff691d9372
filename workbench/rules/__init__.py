"""Business rules with one home each, Qt-free and database-free (see DESIGN.md, "rules/")."""

"""One home per business rule: Qt-free checks that the editor, importer and services all call."""

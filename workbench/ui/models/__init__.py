"""Table models over lists of plain row objects."""

"""Content files <-> plain documents <-> database: parsing with file and line, load, export. No HTTP."""

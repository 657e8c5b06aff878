"""The engines: plain Python over plain data, no Django, no database, no URLs."""

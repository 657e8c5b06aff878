"""The status code troubleshooter: one Django app whose subpackages are its layers (see README, Code layout)."""

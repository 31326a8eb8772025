"""How the export writes a moment: ISO 8601, or null when there is none."""


def when(value):
    return value.isoformat() if value else None

"""The audit trail as CSV rows, safe to open in a spreadsheet."""

import json

from enrolment.exports import csv_cell

HEADER = [
    "when",
    "who",
    "who (email)",
    "from address",
    "action",
    "what",
    "id",
    "object",
    "changes (field: [before, after])",
]


def log_entry_rows(queryset):
    """The header, then one row per entry, oldest first, read in chunks."""
    yield HEADER
    entries = queryset.select_related("actor", "content_type").order_by("timestamp", "pk")
    for entry in entries.iterator(chunk_size=2000):
        yield [
            csv_cell(value)
            for value in (
                entry.timestamp.isoformat(),
                entry.actor.get_username() if entry.actor else "system",
                entry.actor_email or "",
                entry.remote_addr or "",
                entry.get_action_display(),
                f"{entry.content_type.app_label}.{entry.content_type.model}",
                entry.object_pk,
                entry.object_repr,
                json.dumps(entry.changes_dict, ensure_ascii=False, sort_keys=True, default=str),
            )
        ]

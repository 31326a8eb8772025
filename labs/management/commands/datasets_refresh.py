"""`manage.py datasets_refresh`: redraw the built-in datasets an older installation stored.

Run it once after upgrading from a version whose built-in datasets were scikit-learn's own
rows (their hidden labels could be looked up), or after changing LODESTAR_DATASET_SECRET.
`--check` only lists them and exits 1 if there are any, for a deployment script.
"""

from django.core.management.base import BaseCommand, CommandError

from labs.services import datasets


class Command(BaseCommand):
    help = "Redraw stale built-in datasets with this installation's secret, retrain references."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="list stale datasets and exit 1 if any"
        )

    def handle(self, *args, check=False, **options):
        if check:
            stale = datasets.builtin_datasets_stale()
            for dataset in stale:
                self.stdout.write(f"stale: {dataset.slug}")
            if stale:
                raise CommandError(
                    f"{len(stale)} built-in dataset(s) need `manage.py datasets_refresh`."
                )
            self.stdout.write("Every built-in dataset is drawn with this installation's secret.")
            return
        refreshed = datasets.builtin_datasets_refresh()
        for dataset in refreshed:
            labs = ", ".join(dataset.labs.values_list("slug", flat=True)) or "no labs"
            self.stdout.write(
                f"{dataset.slug}: redrawn as version {dataset.version}; references retrain ({labs})"
            )
        if not refreshed:
            self.stdout.write("Nothing to do: every built-in dataset is already current.")

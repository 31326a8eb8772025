"""An installation from before the derived datasets redraws its built-in data on request."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from labs.catalog import build_dataset
from labs.models import ReferenceModel
from tests.labs.factories import lab_on_builtin

pytestmark = pytest.mark.django_db


def _stored(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def old_wine_lab():
    """A wine lab whose dataset still holds the rows of an older release."""
    lab = lab_on_builtin(dataset_slug="wine", slug="old-wine")
    dataset = lab.dataset
    dataset.train_file.save("train.csv", ContentFile(b"id,alcohol,target\n1,13.2,0\n"))
    dataset.test_labels_file.save("test_labels.csv", ContentFile(b"id,target\n7,1\n"))
    dataset.save()
    return lab


def test_check_names_the_stale_dataset_and_fails(old_wine_lab, capsys):
    with pytest.raises(CommandError, match="1 built-in dataset"):
        call_command("datasets_refresh", "--check")
    assert "stale: wine" in capsys.readouterr().out


def test_refresh_redraws_with_the_secret_and_retrains_once(old_wine_lab, capsys):
    version = old_wine_lab.dataset.version
    call_command("datasets_refresh")
    assert "wine: redrawn as version" in capsys.readouterr().out

    dataset = old_wine_lab.dataset
    dataset.refresh_from_db()
    assert dataset.version == version + 1
    assert _stored(dataset.train_file) == build_dataset("wine").train_csv_bytes()
    assert b"7,1" not in _stored(dataset.test_labels_file)
    waiting = old_wine_lab.references.filter(status=ReferenceModel.Status.PENDING)
    assert [r.dataset_version for r in waiting] == [dataset.version]

    # Now current: a second run and the check find nothing.
    call_command("datasets_refresh")
    assert "Nothing to do" in capsys.readouterr().out
    call_command("datasets_refresh", "--check")
    assert old_wine_lab.references.count() == 2


def test_a_current_installation_is_left_alone(capsys):
    lab = lab_on_builtin(dataset_slug="iris", slug="iris-now")
    call_command("datasets_refresh", "--check")
    assert "Every built-in dataset is drawn" in capsys.readouterr().out
    assert lab.references.count() == 1

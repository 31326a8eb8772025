"""`lodestar submit -m "note"`: the note reaches the site and comes back in the status."""

from labs.models import Submission
from tests.client.test_cli import login, run


def test_submit_with_a_message_stores_the_note(capsys, site, tmp_path):
    login(capsys, site)
    predictions = tmp_path / "predictions.csv"
    with site["lab"].references.get().predictions_file.open("rb") as handle:
        predictions.write_bytes(handle.read())

    code, out, err = run(capsys, "submit", "wine-lab", str(predictions), "-m", "scaled, C=0.5 ü")

    assert code == 0, err
    submission = Submission.objects.get()
    assert submission.note == "scaled, C=0.5 ü"
    code, out, _ = run(capsys, "status", str(submission.pk))
    assert "Note: scaled, C=0.5 ü" in out


def test_submit_without_a_message_leaves_no_note(capsys, site, tmp_path):
    login(capsys, site)
    predictions = tmp_path / "predictions.csv"
    predictions.write_text("id,prediction\n")
    code, _, _ = run(capsys, "submit", "wine-lab", str(predictions))
    assert code == 0
    assert Submission.objects.get().note == ""

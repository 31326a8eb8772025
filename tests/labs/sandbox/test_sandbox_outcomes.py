"""What the sandbox reports for solutions that work, break, or miss the contract."""

import csv
import io

import pytest

from labs import sandbox
from labs.catalog import build_dataset
from labs.sandbox import command as sandbox_command
from tests.labs.sandbox_support import GOOD_SOLUTION, notebook, solution


def rows(predictions: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(predictions.decode())))


@pytest.mark.usefixtures("sandbox_ready")
class TestWorkingSolutions:
    def test_python_file_writes_one_prediction_per_test_row(self, wine_files):
        outcome = sandbox.run_code("python", GOOD_SOLUTION, *wine_files)
        assert outcome.status == sandbox.OK, outcome.message
        predicted = rows(outcome.predictions_csv)
        test_ids = [r["id"] for r in csv.DictReader(io.StringIO(wine_files[1].decode()))]
        assert [r["id"] for r in predicted] == test_ids
        assert {r["prediction"] for r in predicted} <= {"cultivar_a", "cultivar_b", "cultivar_c"}
        assert "training a scaled logistic regression" in outcome.output
        assert outcome.duration_ms > 0

    def test_notebook_cells_run_in_order_and_magics_are_skipped(self, wine_files):
        code = notebook(
            "%matplotlib inline\nimport numpy as np\nLABEL_OFFSET = 0",
            "def train(X, y):\n    return y.value_counts().idxmax()",
            "def predict(model, X):\n    return np.array([model] * len(X))",
            "!pip install something\nprint('last cell ran')",
        )
        outcome = sandbox.run_code("notebook", code, *wine_files)
        assert outcome.status == sandbox.OK, outcome.message
        assert "last cell ran" in outcome.output
        assert "cell 1, line 1: %matplotlib inline" in outcome.output
        assert len({r["prediction"] for r in rows(outcome.predictions_csv)}) == 1

    def test_numbers_are_written_for_a_regression(self):
        splits = build_dataset("diabetes")
        code = solution(
            """
            def train(X, y):
                return float(y.mean())

            def predict(model, X):
                return [model] * len(X)
            """
        )
        outcome = sandbox.run_code(
            "python",
            code,
            splits.train_csv_bytes(),
            splits.test_features_csv_bytes(),
            task="regression",
            prediction_kind="number",
        )
        assert outcome.status == sandbox.OK, outcome.message
        assert float(rows(outcome.predictions_csv)[0]["prediction"]) > 0

    def test_integer_labels_from_float_arrays_are_written_as_integers(self):
        splits = build_dataset("digits")
        code = solution(
            """
            import numpy as np

            def train(X, y):
                return None

            def predict(model, X):
                return np.full(len(X), 3.0)
            """
        )
        outcome = sandbox.run_code(
            "python", code, splits.train_csv_bytes(), splits.test_features_csv_bytes()
        )
        assert outcome.status == sandbox.OK, outcome.message
        assert rows(outcome.predictions_csv)[0]["prediction"] == "3"


@pytest.mark.usefixtures("sandbox_ready")
class TestBrokenSolutions:
    def test_missing_predict_is_named(self, wine_files):
        outcome = sandbox.run_code("python", b"def train(X, y):\n    return 1\n", *wine_files)
        assert outcome.status == sandbox.MISSING_FUNCTION
        assert "does not define predict(...)" in outcome.message

    def test_exception_traceback_is_trimmed_to_the_students_frames(self, wine_files):
        code = solution(
            """
            from sklearn.linear_model import LogisticRegression

            def train(X, y):
                return LogisticRegression().fit(X.iloc[:5], y)

            def predict(model, X):
                return model.predict(X)
            """
        )
        outcome = sandbox.run_code("python", code, *wine_files)
        assert outcome.status == sandbox.ERROR
        assert "ValueError while running train(X, y)" in outcome.message
        assert 'File "solution.py", line 4, in train' in outcome.traceback
        assert "return LogisticRegression().fit(X.iloc[:5], y)" in outcome.traceback
        assert "site-packages" not in outcome.traceback
        assert "runner.py" not in outcome.traceback

    def test_syntax_error_names_the_line(self, wine_files):
        outcome = sandbox.run_code("python", b"def train(X, y)\n    return 1\n", *wine_files)
        assert outcome.status == sandbox.ERROR
        assert "syntax error (solution.py, line 1)" in outcome.message

    def test_probability_table_is_a_bad_output_with_a_hint(self, wine_files):
        code = solution(
            """
            from sklearn.linear_model import LogisticRegression

            def train(X, y):
                return LogisticRegression(max_iter=5000).fit(X, y)

            def predict(model, X):
                return model.predict_proba(X)
            """
        )
        outcome = sandbox.run_code("python", code, *wine_files)
        assert outcome.status == sandbox.BAD_OUTPUT
        assert "shape (" in outcome.message
        assert "predict_proba" in outcome.message

    def test_wrong_number_of_predictions_is_a_bad_output(self, wine_files):
        code = b"def train(X, y):\n    return 1\n\ndef predict(model, X):\n    return [1, 2]\n"
        outcome = sandbox.run_code("python", code, *wine_files)
        assert outcome.status == sandbox.BAD_OUTPUT
        assert "returned 2 predictions for" in outcome.message

    def test_forgotten_return_is_explained(self, wine_files):
        code = b"def train(X, y):\n    return 1\n\ndef predict(model, X):\n    model\n"
        outcome = sandbox.run_code("python", code, *wine_files)
        assert outcome.status == sandbox.BAD_OUTPUT
        assert "forget `return`" in outcome.message

    def test_file_that_is_not_a_notebook_is_an_error(self, wine_files):
        outcome = sandbox.run_code("notebook", b"print('hi')", *wine_files)
        assert outcome.status == sandbox.ERROR
        assert "not a Jupyter notebook" in outcome.message

    def test_exit_is_reported(self, wine_files):
        outcome = sandbox.run_code("python", b"import sys\nsys.exit(3)\n", *wine_files)
        assert outcome.status == sandbox.ERROR
        assert "exit(3)" in outcome.message


class TestWithoutBubblewrap:
    def test_missing_bwrap_is_a_platform_error_and_nothing_runs(self, wine_files, tmp_path):
        marker = tmp_path / "ran"
        code = f"open({str(marker)!r}, 'w').close()\n".encode() + GOOD_SOLUTION
        outcome = sandbox.run_code(
            "python", code, *wine_files, bwrap=str(tmp_path / "no-such-bwrap")
        )
        assert outcome.status == sandbox.PLATFORM_ERROR
        assert "not installed" in outcome.message
        assert not marker.exists()

    def test_broken_bwrap_is_reported_with_its_reason(self, tmp_path):
        fake = tmp_path / "bwrap"
        fake.write_text(
            "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n"
        )
        fake.chmod(0o755)
        available, reason = sandbox.sandbox_available(bwrap=str(fake), refresh=True)
        assert available is False
        assert "No permissions to create new namespace" in reason

    def test_status_for_the_health_endpoint(self, monkeypatch):
        monkeypatch.setenv("LODESTAR_BWRAP", "/nonexistent/bwrap")
        status = sandbox.sandbox_status()
        assert status == {
            "available": False,
            "reason": "bubblewrap (bwrap) is not installed on this worker host.",
            "bwrap": "/nonexistent/bwrap",
        }


def test_command_line_shape(tmp_path):
    command = sandbox_command.build_command(
        job_dir=tmp_path, limits=sandbox.SandboxLimits(), seccomp_fd=5, as_root=True, bwrap="bwrap"
    )
    joined = " ".join(command)
    assert command[0] == "prlimit"
    assert "--unshare-net" in command and "--unshare-pid" in command
    assert "--clearenv" in command and "--die-with-parent" in command
    assert "--new-session" in command
    assert "--setenv OMP_NUM_THREADS 1" in joined
    assert "--setenv OPENBLAS_NUM_THREADS 1" in joined
    # /tmp is mounted before the job directory that lives inside it.
    assert joined.index("--tmpfs /tmp") < joined.index("/tmp/job/in")
    assert "--seccomp 5" in joined
    assert "--reuid=65534" in joined
    assert command[-2:] == ["-I", "/tmp/job/in/runner.py"]
    assert command[-3] == sandbox_command.interpreter()
    assert "shims" not in command[-3]

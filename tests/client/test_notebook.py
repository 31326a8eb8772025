"""The notebook helper: DataFrames in, a grade out (live test server, Celery eager)."""

import pytest
from lodestar_client import Client, notebook

pytestmark = pytest.mark.usefixtures("eager_celery")


def test_load_then_submit_a_dataframe_shows_the_grade(site):
    import pandas as pd

    client = Client(site["url"], site["token"])
    train, test = notebook.load("wine-lab", client=client)
    assert "target" in train.columns and "target" not in test.columns
    with site["lab"].references.get().predictions_file.open("rb") as handle:
        predictions = pd.read_csv(handle)
    shown = []
    result = notebook.submit("wine-lab", predictions, client=client, show=shown.append)
    assert result.passed
    assert "Passed" in result._repr_html_()
    assert "Public score" in repr(result)


def test_a_series_indexed_by_id_is_accepted(site):
    import pandas as pd

    client = Client(site["url"], site["token"])
    with site["lab"].references.get().predictions_file.open("rb") as handle:
        series = pd.read_csv(handle).set_index("id")["prediction"]
    assert notebook.submit("wine-lab", series, client=client, show=lambda _: None).passed


def test_a_frame_without_the_columns_is_refused_before_upload(site):
    import pandas as pd

    client = Client(site["url"], site["token"])
    with pytest.raises(ValueError, match="id and prediction"):
        notebook.submit("wine-lab", pd.DataFrame({"x": [1]}), client=client)

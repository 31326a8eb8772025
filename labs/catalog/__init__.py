"""Built-in datasets for the labs: plain Python and pandas, no Django.

Five are drawn in the likeness of data scikit-learn ships (digits, wine, iris, breast
cancer, diabetes) and seven are made up from scratch (spam, recommendations, fraud, missing
values, loans, bike demand, house prices). Every draw comes from the installation's secret
(LODESTAR_DATASET_SECRET), so the hidden labels exist nowhere public; building one twice
with a secret gives the same bytes, and nothing is fetched.
"""

from labs.catalog.builtin import BUILTIN_DATASETS, build_dataset
from labs.catalog.secret import dataset_secret
from labs.catalog.splits import ID_COLUMN, TARGET_COLUMN, DatasetSplits

__all__ = [
    "BUILTIN_DATASETS",
    "ID_COLUMN",
    "TARGET_COLUMN",
    "DatasetSplits",
    "build_dataset",
    "dataset_secret",
]

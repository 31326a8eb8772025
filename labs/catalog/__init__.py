"""Built-in datasets for the labs: plain Python and pandas, no Django.

Every dataset comes from data scikit-learn ships (digits, wine, iris, breast cancer,
diabetes) or generates here with fixed seeds (spam, recommendations, fraud, missing
values), so building one twice gives the same bytes and nothing is fetched.
"""

from labs.catalog.builtin import BUILTIN_DATASETS, build_dataset
from labs.catalog.splits import ID_COLUMN, TARGET_COLUMN, DatasetSplits

__all__ = ["BUILTIN_DATASETS", "ID_COLUMN", "TARGET_COLUMN", "DatasetSplits", "build_dataset"]

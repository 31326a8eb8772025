"""Datasets made up here for the curriculum's later weeks: loans, bike demand, house prices.

Week 9 (credit risk: text categories beside numbers), week 11 (demand forecasting: time
features and seasons) and week 12 (the capstone: a table with gaps and categories). As in
generated.py, every draw comes from the installation's secret.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labs.catalog.secret import dataset_rng, split_seed
from labs.catalog.splits import DatasetSplits, make_splits

_EMPLOYMENT = np.array(["salaried", "self_employed", "contractor", "unemployed", "student"])
_EMPLOYMENT_RISK = np.array([0.0, 0.5, 0.3, 1.6, 0.9])
_PURPOSE = np.array(["car", "home_improvement", "education", "debt_consolidation", "business"])
_PURPOSE_RISK = np.array([-0.2, -0.3, 0.2, 0.6, 0.8])


def build_loans(*, secret: bytes | str | None = None) -> DatasetSplits:
    rng = dataset_rng(secret, "loans")
    n = 3000
    employment = rng.choice(len(_EMPLOYMENT), n, p=[0.55, 0.15, 0.12, 0.08, 0.10])
    purpose = rng.choice(len(_PURPOSE), n, p=[0.25, 0.2, 0.15, 0.3, 0.1])
    income = np.round(np.exp(rng.normal(10.6, 0.45, n)) * np.where(employment == 3, 0.4, 1.0))
    amount = np.round(np.exp(rng.normal(9.3, 0.6, n)) / 100) * 100
    term = rng.choice([12, 24, 36, 60], n, p=[0.1, 0.25, 0.4, 0.25])
    history = np.round(np.clip(rng.gamma(3.0, 3.0, n), 0, 40), 1)
    late = rng.poisson(0.6, n)
    burden = amount / income
    score = (
        -2.6
        + 3.2 * burden
        + 0.012 * term
        - 0.06 * history
        + 0.7 * late
        + _EMPLOYMENT_RISK[employment]
        + _PURPOSE_RISK[purpose]
        + rng.normal(0, 0.5, n)
    )
    defaults = score > np.quantile(score, 0.8)
    frame = pd.DataFrame(
        {
            "annual_income": income,
            "loan_amount": amount,
            "term_months": term,
            "employment": _EMPLOYMENT[employment].astype(object),
            "purpose": _PURPOSE[purpose].astype(object),
            "credit_history_years": history,
            "late_payments": late,
        }
    )
    return make_splits(
        slug="loans",
        prefix="ln",
        features=frame,
        target=np.where(defaults, "default", "repaid"),
        task="classification",
        seed=split_seed(secret, "loans"),
        title="Loan defaults",
        description=(
            "Personal loans with the borrower's income, employment and credit history and "
            "the loan's amount, term and purpose; one in five was not repaid. Two columns "
            "are categories written as text, to encode before most models can use them. "
            "Scored by the F1 of the default class."
        ),
        metric="f1",
        classes=["repaid", "default"],
        reference="random_forest_classifier",
    )


_WEEKDAYS = np.array(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])


def build_bike_demand(*, secret: bytes | str | None = None) -> DatasetSplits:
    rng = dataset_rng(secret, "bike_demand")
    n = 4000
    day = rng.integers(0, 365, n)
    hour = rng.integers(0, 24, n)
    weekday = (day + 2) % 7
    season = np.cos(2 * np.pi * (day - 200) / 365)  # 1 in midsummer, -1 in winter
    temperature = np.round(12 + 10 * season + rng.normal(0, 3.5, n), 1)
    humidity = np.round(np.clip(65 - 10 * season + rng.normal(0, 12, n), 20, 100))
    raining = rng.random(n) < 0.18 + 0.1 * (season < 0)
    holiday = rng.random(n) < 0.03
    workday = (weekday < 5) & ~holiday
    commute = np.exp(-((hour - 8) ** 2) / 2.0) + 0.9 * np.exp(-((hour - 17.5) ** 2) / 3.0)
    leisure = np.exp(-((hour - 14) ** 2) / 12.0)
    base = np.where(workday, 40 + 260 * commute, 30 + 200 * leisure)
    weather = np.clip(1 + 0.035 * (temperature - 12), 0.2, 1.8) * np.where(raining, 0.45, 1.0)
    night = np.where((hour < 6) | (hour > 22), 0.25, 1.0)
    rentals = rng.poisson(np.maximum(base * weather * night, 1)).astype(float)
    frame = pd.DataFrame(
        {
            "day_of_year": day + 1,
            "hour": hour,
            "weekday": _WEEKDAYS[weekday].astype(object),
            "is_holiday": holiday.astype(int),
            "temperature_c": temperature,
            "humidity_pct": humidity,
            "is_raining": raining.astype(int),
        }
    )
    return make_splits(
        slug="bike_demand",
        prefix="bk",
        features=frame,
        target=rentals,
        task="regression",
        seed=split_seed(secret, "bike_demand"),
        title="Bike-share demand",
        description=(
            "Hourly rentals of a city's shared bikes over one year, with the hour, the day "
            "and the weather. Commuters ride at rush hour on workdays, everyone else in the "
            "afternoons of warm dry days. Predict the number of rentals in each hour, scored "
            "by mean absolute error."
        ),
        metric="mae",
        classes=None,
        reference="random_forest_regressor",
    )


_DISTRICTS = np.array(["old_town", "riverside", "university", "harbour", "suburbs", "hills"])
_DISTRICT_PRICE = np.array([1.35, 1.2, 1.0, 1.1, 0.8, 0.9])
_ENERGY = np.array(["A", "B", "C", "D", "E"])


def build_house_prices(*, secret: bytes | str | None = None) -> DatasetSplits:
    rng = dataset_rng(secret, "house_prices")
    n = 2500
    district = rng.choice(len(_DISTRICTS), n, p=[0.1, 0.15, 0.15, 0.15, 0.3, 0.15])
    area = np.round(np.clip(rng.lognormal(4.45, 0.35, n), 25, 400))
    rooms = np.clip(np.round(area / 28 + rng.normal(0, 0.8, n)), 1, 10)
    built = np.clip(np.round(rng.normal(1975, 28, n)), 1880, 2025)
    energy = np.clip(np.round((2025 - built) / 30 + rng.normal(0, 0.8, n)), 0, 4).astype(int)
    distance = np.round(np.clip(rng.gamma(2.0, 2.5, n), 0.2, 30), 1)
    garden = (rng.random(n) < 0.2 + 0.4 * (district == 4)).astype(int)
    price = (
        3.1
        * area
        * _DISTRICT_PRICE[district]
        * np.exp(-0.025 * distance)
        * (1 - 0.05 * energy)
        * (1 + 0.08 * garden)
        * np.exp(rng.normal(0, 0.09, n))
    )
    frame = pd.DataFrame(
        {
            "area_m2": area,
            "rooms": rooms,
            "year_built": built,
            "district": _DISTRICTS[district].astype(object),
            "km_to_centre": distance,
            "has_garden": garden,
            "energy_label": _ENERGY[energy].astype(object),
        }
    )
    # The year is missing for some older homes (lost records), at random for a few others.
    frame.loc[rng.random(n) < 0.04 + 0.15 * (built < 1930), "year_built"] = np.nan
    frame.loc[rng.random(n) < 0.05, "energy_label"] = np.nan
    return make_splits(
        slug="house_prices",
        prefix="hs",
        features=frame,
        target=np.round(price, 1),
        task="regression",
        seed=split_seed(secret, "house_prices"),
        title="House prices",
        description=(
            "Homes sold in one city, with their size, age, district, energy label and "
            "distance to the centre; some years and labels are missing. Predict each sale "
            "price in thousands. Scored by root mean squared error."
        ),
        metric="rmse",
        classes=None,
        reference="impute_gradient_boosting_regressor",
    )

"""Datasets made up here: spam, recommendations, fraud, missing values.

Their random draws come from the installation's secret (labs/catalog/secret.py), not from
seeds written here, so that nobody holding this code can rebuild the hidden labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labs.catalog.secret import dataset_rng, split_seed
from labs.catalog.splits import DatasetSplits, make_splits

_HAM_OPENINGS = [
    "Hi team,",
    "Hello Sam,",
    "Morning all,",
    "Hi Priya,",
    "Dear colleagues,",
    "Hey Tom,",
    "Hi everyone,",
    "Hello Maria,",
]
_HAM_SENTENCES = [
    "can we move the standup to 10am tomorrow",
    "the quarterly report draft is attached, please review it by Friday",
    "I pushed the fix for the login bug to the staging branch",
    "are you free for lunch on Thursday",
    "the client meeting is confirmed for Monday at 2pm in room 4",
    "please update the budget sheet before the planning call",
    "thanks for the notes from yesterday's workshop",
    "the build is green again after the dependency update",
    "reminder that the office is closed on the public holiday",
    "could you send me the slides from the design review",
    "I will be out of office next week, Ana covers for me",
    "the invoice from the supplier is in the shared folder",
    "let's pair on the data pipeline this afternoon",
    "the new hire starts on Monday, please say hello",
    "notes are on the wiki at https://wiki.example.com/team/notes",
    "the training session is free for all staff, sign up on the intranet",
    "we won the bid for the museum project, well done everyone",
    "please approve my expense claim for the conference",
    "the server migration is scheduled for Saturday night",
    "can you check the numbers in table 3 before we send it",
]
_HAM_CLOSINGS = ["Thanks,", "Best,", "Cheers,", "Regards,", "See you,", "Talk soon,"]
_SPAM_OPENINGS = [
    "CONGRATULATIONS!",
    "Dear winner,",
    "URGENT:",
    "Dear customer,",
    "Hello friend,",
    "ACT NOW!",
    "Final notice:",
    "Attention:",
]
_SPAM_SENTENCES = [
    "you are the lucky winner of a FREE iPhone, claim it now",
    "your account has been locked, verify your password immediately",
    "earn $5000 a week from home with no experience",
    "click here to claim your cash prize before midnight",
    "cheap meds without prescription, 90% off today only",
    "you have been selected for an exclusive free gift card",
    "your parcel is on hold, pay the small customs fee now",
    "limited offer: double your bitcoin in 24 hours, guaranteed",
    "hot singles in your area want to meet you",
    "your invoice is overdue, open the attachment to avoid penalties",
    "risk-free investment with guaranteed returns of 300%",
    "you won the lottery, send your bank details to receive the money",
]
_SPAM_LINKS = [
    "http://bit.example/{code}",
    "http://free-prize.example/{code}",
    "http://secure-login.example.net/verify?id={code}",
    "http://tinyurl.example/{code}",
    "http://win-now.example/claim/{code}",
]
_SPAM_CLOSINGS = ["Reply now!", "Don't miss out!", "Act fast!", "Best regards, the team", ""]


def _sentence(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:] + "."


def _code(rng: np.random.Generator) -> str:
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "".join(alphabet[i] for i in rng.integers(0, len(alphabet), 5))


def _ham_email(rng: np.random.Generator) -> str:
    parts = [str(rng.choice(_HAM_OPENINGS))]
    for s in rng.choice(_HAM_SENTENCES, size=int(rng.integers(1, 4)), replace=False):
        parts.append(_sentence(s))
    parts.append(str(rng.choice(_HAM_CLOSINGS)))
    return " ".join(parts)


def _spam_email(rng: np.random.Generator) -> str:
    subtle = rng.random() < 0.12  # written to look like work mail
    if subtle:
        parts = [str(rng.choice(_HAM_OPENINGS))]
        parts.append(_sentence(rng.choice(_HAM_SENTENCES)))
    else:
        parts = [str(rng.choice(_SPAM_OPENINGS))]
        for s in rng.choice(_SPAM_SENTENCES, size=int(rng.integers(1, 3)), replace=False):
            parts.append(_sentence(s))
    if rng.random() < 0.85:
        parts.append(str(rng.choice(_SPAM_LINKS)).format(code=_code(rng)))
    parts.append(str(rng.choice(_SPAM_CLOSINGS)))
    return " ".join(p for p in parts if p)


def build_spam(*, secret: bytes | str | None = None) -> DatasetSplits:
    rng = dataset_rng(secret, "spam")
    n = 1200
    is_spam = rng.random(n) < 0.35
    texts = [_spam_email(rng) if s else _ham_email(rng) for s in is_spam]
    labels = np.where(is_spam, "spam", "ham")
    return make_splits(
        slug="spam",
        prefix="em",
        features=pd.DataFrame({"text": texts}),
        target=labels,
        task="classification",
        seed=split_seed(secret, "spam"),
        title="Spam filter",
        description=(
            "Short emails, some ordinary work mail and some spam full of prizes, urgent "
            "demands and suspicious links; a few spam messages imitate work mail. Predict "
            "whether each email is spam from its text alone. Scored by the F1 of the spam class."
        ),
        metric="f1",
        classes=["ham", "spam"],
        reference="tfidf_naive_bayes",
    )


def build_recommendations(*, secret: bytes | str | None = None) -> DatasetSplits:
    rng = dataset_rng(secret, "recommendations")
    n_users, n_items, k, n_ratings = 300, 120, 3, 5000
    user_age = rng.integers(18, 71, n_users)
    user_factors = rng.normal(0, 1, (n_users, k))
    user_bias = 0.6 * (user_age - 44) / 15 + rng.normal(0, 0.2, n_users)
    item_category = rng.integers(0, 6, n_items)
    item_price = np.round(np.exp(rng.normal(3.2, 0.8, n_items)), 2)
    item_factors = rng.normal(0, 1, (n_items, k))
    category_effect = np.array([0.6, -0.4, 0.2, 0.0, -0.8, 0.5])
    item_bias = (
        category_effect[item_category]
        - 0.15 * np.log(item_price / 25)
        + rng.normal(0, 0.3, n_items)
    )
    pairs = rng.choice(n_users * n_items, size=n_ratings, replace=False)
    users, items = pairs // n_items, pairs % n_items
    affinity = (user_factors[users] * item_factors[items]).sum(axis=1) * 0.35
    raw = 3.4 + user_bias[users] + item_bias[items] + affinity + rng.normal(0, 0.4, n_ratings)
    rating = np.clip(np.rint(raw), 1, 5).astype(float)
    frame = pd.DataFrame(
        {
            "user_id": users + 1,
            "item_id": items + 1,
            "user_age": user_age[users],
            "user_ratings": np.bincount(users, minlength=n_users)[users],
            "item_category": item_category[items],
            "item_price": item_price[items],
        }
    )
    return make_splits(
        slug="recommendations",
        prefix="rt",
        features=frame,
        target=rating,
        task="regression",
        seed=split_seed(secret, "recommendations"),
        title="Product ratings",
        description=(
            "Ratings from 1 to 5 that shoppers gave to products, with a little about each "
            "shopper and product. Predict the rating a shopper would give a product they "
            "have not rated here; the same shoppers and products appear in training. "
            "Scored by root mean squared error."
        ),
        metric="rmse",
        classes=None,
        reference="random_forest_regressor",
    )


# The layout of the payments, the same everywhere, so that the task is as hard on every
# installation: the corners of a 5-dimensional cube the four clusters sit on (two legit,
# two fraud), each cluster's shape, and the two features mixed from the informative ones.
_FRAUD_LAYOUT = np.random.default_rng(41)
_FRAUD_CORNERS = (
    (_FRAUD_LAYOUT.choice(32, size=4, replace=False)[:, None] >> np.arange(5)) & 1
) * 2.0 - 1.0
_FRAUD_SHAPES = 2 * _FRAUD_LAYOUT.random((4, 5, 5)) - 1
_FRAUD_MIXES = 2 * _FRAUD_LAYOUT.random((5, 2)) - 1


def _fraud_payments(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Ten features of ``n`` payments (3% fraud) and whether each is fraud.

    As scikit-learn's make_classification draws them (five informative features in
    clusters, two mixes of those, three of noise, 0.5% of labels drawn at random), but the
    draws and a rotation of the ten features are the installation's own.
    """
    per_cluster = [n * 97 // 200, n * 97 // 200, n * 3 // 200]
    per_cluster.append(n - sum(per_cluster))
    cluster = np.repeat(np.arange(4), per_cluster)
    informative = np.einsum("ni,nij->nj", rng.standard_normal((n, 5)), _FRAUD_SHAPES[cluster])
    informative += _FRAUD_CORNERS[cluster]
    x = np.hstack([informative, informative @ _FRAUD_MIXES, rng.standard_normal((n, 3))])
    is_fraud = cluster >= 2
    flipped = rng.random(n) < 0.005
    is_fraud[flipped] = rng.random(int(flipped.sum())) < 0.5
    rotation, _ = np.linalg.qr(rng.standard_normal((10, 10)))
    order = rng.permutation(n)
    return (x @ rotation)[order], is_fraud[order]


def build_fraud(*, secret: bytes | str | None = None) -> DatasetSplits:
    rng = dataset_rng(secret, "fraud")
    x, y = _fraud_payments(rng, 6000)
    frame = pd.DataFrame(np.round(x, 5), columns=[f"v{i}" for i in range(1, 11)])
    frame["amount"] = np.round(np.exp(3.0 + 0.6 * x[:, 0] + rng.normal(0, 0.8, len(x))), 2)
    labels = np.where(y, "fraud", "legit")
    return make_splits(
        slug="fraud",
        prefix="tx",
        features=frame,
        target=labels,
        task="classification",
        seed=split_seed(secret, "fraud"),
        test_size=0.3,
        title="Card fraud",
        description=(
            "Card payments described by ten anonymised numeric features and the amount; "
            "about 3 in 100 are fraudulent. Submit, for each payment, the probability that "
            "it is fraud. Scored by ROC AUC, because accuracy is meaningless when almost "
            "everything is legitimate."
        ),
        metric="roc_auc",
        classes=["legit", "fraud"],
        reference="logistic_regression",
    )


def build_missing_values(*, secret: bytes | str | None = None) -> DatasetSplits:
    rng = dataset_rng(secret, "missing_values")
    n = 1500
    age = rng.integers(18, 80, n).astype(float)
    tenure = rng.integers(1, 120, n).astype(float)
    income = np.round(np.exp(rng.normal(10.3, 0.5, n)) / 12, 0)
    spend = np.round(20 + 0.004 * income + rng.gamma(2.0, 15, n), 2)
    calls = rng.poisson(1.5, n).astype(float)
    last_login = np.round(rng.exponential(12, n), 0)
    score = (
        -1.2
        - 0.02 * tenure
        + 0.45 * calls
        + 0.06 * last_login
        - 0.01 * (spend - 60)
        + 0.01 * (age - 45)
        + rng.normal(0, 0.6, n)
    )
    churn = score > np.quantile(score, 0.7)
    frame = pd.DataFrame(
        {
            "age": age,
            "tenure_months": tenure,
            "monthly_income": income,
            "monthly_spend": spend,
            "support_calls": calls,
            "days_since_login": last_login,
        }
    )
    # gaps: some at random, some that depend on other values (as in real surveys)
    frame.loc[rng.random(n) < 0.12 + 0.2 * (age > 60), "monthly_income"] = np.nan
    frame.loc[rng.random(n) < 0.15, "days_since_login"] = np.nan
    frame.loc[rng.random(n) < 0.10, "support_calls"] = np.nan
    frame.loc[rng.random(n) < 0.08, "monthly_spend"] = np.nan
    frame.loc[rng.random(n) < 0.05, "age"] = np.nan
    labels = np.where(churn, "leaves", "stays")
    return make_splits(
        slug="missing_values",
        prefix="cu",
        features=frame,
        target=labels,
        task="classification",
        seed=split_seed(secret, "missing_values"),
        title="Customer churn with gaps",
        description=(
            "Customers of a subscription service, with several fields left blank in both "
            "the training and the test tables. Predict which customers will leave. Decide "
            "how to treat the gaps: drop, fill, flag, or use a model that copes with them."
        ),
        metric="accuracy",
        classes=["stays", "leaves"],
        reference="impute_gradient_boosting",
    )

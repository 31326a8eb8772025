"""Code files for the similarity tests: a copy that differs only in names and whitespace,
two honest solutions, and two files that share nothing but the starter code."""

from labs.sandbox.starters import starter_source

ORIGINAL = """
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def clean_columns(frame):
    kept = [column for column in frame.columns if frame[column].std() > 0.01]
    result = frame[kept].fillna(frame[kept].median())
    return result, kept


def train(X, y):
    features, kept = clean_columns(X)
    forest = RandomForestClassifier(n_estimators=200, max_depth=8, random_state=3, n_jobs=1)
    model = make_pipeline(StandardScaler(), forest)
    model.fit(features, y)
    return {"model": model, "kept": kept}


def predict(model, X):
    frame = X[model["kept"]].fillna(X[model["kept"]].median())
    return model["model"].predict(frame)
"""

# The same program: every name changed, blank lines and spacing moved, a comment added.
RENAMED = """
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

def tidy(df):
    # my own helper
    cols = [c for c in df.columns if df[c].std() > 0.01]
    out = df[cols].fillna(df[cols].median())
    return out, cols

def train(features_in, labels):
    feats,   cols = tidy(features_in)
    rf = RandomForestClassifier(n_estimators=200, max_depth=8, random_state=3, n_jobs=1)
    pipe = make_pipeline(StandardScaler(), rf)
    pipe.fit(feats, labels)
    return {"model": pipe, "kept": cols}

def predict(bundle, data):
    df = data[bundle["kept"]].fillna(data[bundle["kept"]].median())
    return bundle["model"].predict(df)
"""

HONEST_ONE = """
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler


def train(X, y):
    scaler = StandardScaler().fit(X)
    weights = {label: 1.0 / count for label, count in y.value_counts().items()}
    classifier = LogisticRegression(C=0.5, max_iter=2000, class_weight=weights)
    classifier.fit(scaler.transform(X), y)
    return scaler, classifier


def predict(model, X):
    scaler, classifier = model
    scores = classifier.predict_proba(scaler.transform(X))
    return classifier.classes_[np.argmax(scores, axis=1)]
"""

HONEST_TWO = """
from sklearn.neighbors import KNeighborsClassifier
from sklearn.decomposition import PCA
from sklearn.pipeline import Pipeline

STEPS = 5


def build():
    return Pipeline([("pca", PCA(n_components=STEPS)), ("knn", KNeighborsClassifier(7))])


def train(X, y):
    pipeline = build()
    pipeline.fit(X.to_numpy(dtype=float), y.to_numpy())
    return pipeline


def predict(model, X):
    values = X.to_numpy(dtype=float)
    return list(model.predict(values))
"""

STARTER = starter_source("classification")

# Two files that keep the starter whole and add a few different lines each.
STARTER_PLUS_ONE = (
    STARTER
    + """

def describe(X):
    return X.shape[0]
"""
)

STARTER_PLUS_TWO = (
    STARTER.replace('strategy="most_frequent"', 'strategy="stratified", random_state=0')
    + """
LABEL = "wine"
"""
)

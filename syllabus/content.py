"""The built-in syllabus: a title, a summary and two short lessons for each of the 12 weeks,
written around that week's lab (labs/curriculum.py). Staff rewrite it in the admin."""

from dataclasses import dataclass


@dataclass(frozen=True)
class WeekSpec:
    number: int
    title: str
    summary: str
    lessons: tuple[tuple[str, str], ...]  # (title, Markdown body)
    reading: tuple[str, str]  # (title, URL)


SKLEARN = "https://scikit-learn.org/stable"

SYLLABUS: tuple[WeekSpec, ...] = (
    WeekSpec(
        1,
        "Train, predict, submit",
        "The whole loop on a small clean table: load, split, fit, predict, hand in.",
        (
            (
                "The machine-learning loop",
                "Every lab follows the same loop:\n\n1. **Load** the training CSV.\n"
                "2. **Fit** a model on the features and the `target` column.\n"
                "3. **Predict** the test rows and upload `id,prediction`.\n\n"
                "The grader compares your score with a reference model's.",
            ),
            (
                "Validation before submission",
                "Keep a slice of the training rows aside (`train_test_split`) and score "
                "yourself on it before you upload: the daily submission limit rewards it.",
            ),
        ),
        ("Getting started with scikit-learn", f"{SKLEARN}/getting_started.html"),
    ),
    WeekSpec(
        2,
        "Data with gaps",
        "Missing values: dropping, imputing, flagging, and models that cope on their own.",
        (
            (
                "Why values go missing",
                "A value can be missing *at random* or *because of* something else (older "
                "customers skip the income question). The second kind carries information: "
                "an indicator column keeps it.",
            ),
            (
                "Imputing inside a pipeline",
                "Fit the imputer on the training rows only, inside a `Pipeline`, so the "
                "test rows never leak into the fill values.",
            ),
        ),
        ("Imputation of missing values", f"{SKLEARN}/modules/impute.html"),
    ),
    WeekSpec(
        3,
        "Regression",
        "Predicting numbers: linear models, forests, and errors measured in the target's units.",
        (
            (
                "From classes to numbers",
                "Regression predicts a quantity. Start with a linear model and read its "
                "coefficients, then try a forest and compare the **RMSE**.",
            ),
            (
                "Reading an error",
                "RMSE is in the target's own units and punishes large misses; MAE treats "
                "every miss alike. Always compare with predicting the mean.",
            ),
        ),
        ("Linear models", f"{SKLEARN}/modules/linear_model.html"),
    ),
    WeekSpec(
        4,
        "Metrics that matter",
        "Classification where mistakes differ in cost: precision, recall and F1.",
        (
            (
                "Precision and recall",
                "**Precision**: of the cases you flagged, how many were right. **Recall**: of "
                "the real cases, how many you found. In medicine, a missed case costs most.",
            ),
            (
                "Thresholds",
                "A classifier's probabilities become labels at a threshold. Moving it trades "
                "precision for recall: choose it on validation rows, not on the test set.",
            ),
        ),
        ("Model evaluation", f"{SKLEARN}/modules/model_evaluation.html"),
    ),
    WeekSpec(
        5,
        "Images as numbers",
        "Pixels as features, confusion matrices, and what a model mixes up.",
        (
            (
                "An image is a row",
                "An 8 by 8 picture is 64 numbers. Scale them, fit a linear model, and look at "
                "the confusion matrix: which digits does it take for which?",
            ),
            (
                "Beyond linear",
                "Try a kernel SVM or a small forest. Keep the comparison honest: the same "
                "validation split for every model.",
            ),
        ),
        ("Recognising hand-written digits", f"{SKLEARN}/auto_examples/classification/"),
    ),
    WeekSpec(
        6,
        "Code that trains",
        "Handing in code instead of predictions: reproducible training in a sandbox.",
        (
            (
                "train and predict",
                "This week you upload a file that defines `train(X, y)` and "
                "`predict(model, X)`. The grader runs it on fresh data in a sandbox.",
            ),
            (
                "Reproducibility",
                "Fix your random seeds, keep within the time and memory limits, and never "
                "read files the grader does not hand you.",
            ),
        ),
        ("Pipelines and composite estimators", f"{SKLEARN}/modules/compose.html"),
    ),
    WeekSpec(
        7,
        "Working with text",
        "Turning words into features: counts, TF-IDF and naive Bayes for spam.",
        (
            (
                "Bag of words",
                "A vectoriser counts words (and pairs of words) per message. TF-IDF weighs "
                "down the words every message has.",
            ),
            (
                "Suspicious links",
                "Spam often carries a link. Tokens such as `http` or a shortener's name are "
                "strong features: check which ones your model leans on.",
            ),
        ),
        ("Working with text data", f"{SKLEARN}/modules/feature_extraction.html"),
    ),
    WeekSpec(
        8,
        "Rare events",
        "Imbalanced classes: why accuracy flatters, ROC AUC, and class weights.",
        (
            (
                "When accuracy lies",
                "With 3% fraud, a model that never flags anything is 97% accurate. Rank the "
                "transactions by probability instead and score the ranking: **ROC AUC**.",
            ),
            (
                "Rebalancing",
                "Class weights and resampling change what the model pays attention to. Apply "
                "them to the training rows only.",
            ),
        ),
        ("Receiver operating characteristic", f"{SKLEARN}/modules/model_evaluation.html"),
    ),
    WeekSpec(
        9,
        "Categories and ensembles",
        "Text categories beside numbers, encoded in a pipeline; forests and boosting.",
        (
            (
                "Encoding categories",
                "One-hot encoding suits linear models; ordinal codes suit trees. Put the "
                "encoder in a `ColumnTransformer` so new categories in the test rows are safe.",
            ),
            (
                "Many trees",
                "A forest averages many deep trees; boosting adds shallow ones that fix the "
                "last one's mistakes. Compare both on the loans.",
            ),
        ),
        ("Ensemble methods", f"{SKLEARN}/modules/ensemble.html"),
    ),
    WeekSpec(
        10,
        "Recommendations",
        "Users, items and ratings: biases, similar tastes, and RMSE on a 1-5 scale.",
        (
            (
                "Biases first",
                "Some users rate everything high, some products are loved by all. A model of "
                "those two biases alone beats the average rating.",
            ),
            (
                "Shared tastes",
                "What is left is taste: users who liked the same products agree again. "
                "Features about users and items help when a pair is new.",
            ),
        ),
        ("Nearest neighbours", f"{SKLEARN}/modules/neighbors.html"),
    ),
    WeekSpec(
        11,
        "Time and seasons",
        "Demand forecasting: the hour, the day, the weather, and cyclical features.",
        (
            (
                "Clock features",
                "Hour 23 is next to hour 0. Encode cyclical features with a sine and a "
                "cosine, and mark workdays apart from weekends and holidays.",
            ),
            (
                "Splitting in time",
                "When the future must be predicted from the past, validate on later rows "
                "than you train on (`TimeSeriesSplit`).",
            ),
        ),
        ("Time-related feature engineering", f"{SKLEARN}/auto_examples/applications/"),
    ),
    WeekSpec(
        12,
        "Capstone",
        "One complete problem end to end: gaps, categories, model choice, validation.",
        (
            (
                "Planning the capstone",
                "Write down your validation plan before you fit anything. Build one pipeline "
                "from raw columns to prediction, then choose among models by cross-validation.",
            ),
            (
                "Presenting your model",
                "Explain your choices in a short note: what you tried, what the validation "
                "said, and what you would do with another week.",
            ),
        ),
        ("Cross-validation", f"{SKLEARN}/modules/cross_validation.html"),
    ),
)

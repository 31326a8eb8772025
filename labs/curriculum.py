"""The built-in curriculum: a lab for each of the twelve weeks, following the career pages."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LabSpec:
    slug: str
    title: str
    week: int
    dataset: str
    summary: str
    instructions: str
    daily_limit: int = 5
    submission_kind: str = "predictions"


CURRICULUM: tuple[LabSpec, ...] = (
    LabSpec(
        slug="first-classifier",
        title="Your first classifier: wine cultivars",
        week=1,
        dataset="wine",
        summary="Tell three wine cultivars apart from their chemistry.",
        instructions=(
            "Load the training set, look at the thirteen chemical measurements and train a "
            "classifier that predicts the cultivar in the column target.\n\n"
            "Predict the cultivar for every row of the test features and upload a CSV with "
            "the header id,prediction. A scaled logistic regression is a fine start."
        ),
    ),
    LabSpec(
        slug="missing-values",
        title="Treating missing values",
        week=2,
        dataset="missing_values",
        summary="Real tables have gaps. Impute them without leaking the answer.",
        instructions=(
            "Several columns of this table have empty cells. Decide how to fill them (mean, "
            "median, a constant plus an indicator, or a model that accepts gaps) using the "
            "training rows only, then predict the target for the test rows."
        ),
    ),
    LabSpec(
        slug="diabetes-regression",
        title="Regression: disease progression",
        week=3,
        dataset="diabetes",
        summary="Predict a continuous measure of diabetes progression one year ahead.",
        instructions=(
            "The target is a number, so this is regression: predict it for each test row. "
            "Lower error is better. Try a linear model first and compare it with a forest."
        ),
    ),
    LabSpec(
        slug="medical-classification",
        title="Medical classification: breast tumours",
        week=4,
        dataset="breast_cancer",
        summary="Classify tumours as benign or malignant from cell measurements.",
        instructions=(
            "Each row describes the cell nuclei of one tumour sample. Predict benign or malignant. "
            "Missing a malignant case costs more than a false alarm: look at the recall of "
            "each class in your feedback."
        ),
    ),
    LabSpec(
        slug="image-recognition",
        title="Image recognition: handwritten digits",
        week=5,
        dataset="digits",
        summary="Recognise handwritten digits from 8x8 pixel images.",
        instructions=(
            "Each row holds the 64 pixel intensities of one small image of a digit. Predict "
            "the digit (0-9). The confusion matrix in your feedback shows which digits your "
            "model mixes up."
        ),
    ),
    LabSpec(
        slug="digits-in-code",
        title="Code lab: digits in code",
        week=6,
        dataset="digits",
        summary="Hand in the code, not the predictions: the grader trains and runs your model.",
        instructions=(
            "This time you upload a Python file or a notebook that defines train(X, y) and "
            "predict(model, X). The grader runs it in a sandbox on the training split and the "
            "test features, then scores the predictions it returns against the same reference "
            "as before. Start from the starter file, make it beat the reference, and keep it "
            "within the time and memory limits shown below."
        ),
        submission_kind="code",
    ),
    LabSpec(
        slug="spam-filtering",
        title="Spam filtering",
        week=7,
        dataset="spam",
        summary="Build the filter that keeps an inbox usable.",
        instructions=(
            "The feature is the raw text of an email. Turn the text into numbers (word counts "
            "or TF-IDF) and predict spam or ham. Scored with F1 on the spam class."
        ),
    ),
    LabSpec(
        slug="fraud-detection",
        title="Fraud detection on imbalanced data",
        week=8,
        dataset="fraud",
        summary="Find the few fraudulent transactions among many legitimate ones.",
        instructions=(
            "Only a few percent of the transactions are fraud, so accuracy would flatter a "
            "model that never flags anything. Predict the probability that each test "
            "transaction is fraud (a number between 0 and 1); you are scored with ROC AUC."
        ),
    ),
    LabSpec(
        slug="credit-risk",
        title="Credit risk: categories and ensembles",
        week=9,
        dataset="loans",
        summary="Predict which loans will not be repaid, from numbers and text categories.",
        instructions=(
            "Employment and purpose are categories written as text: encode them (one-hot "
            "for linear models, ordinal codes for trees) inside a pipeline fitted on the "
            "training rows only. Compare a single tree with a forest and with gradient "
            "boosting, and predict default or repaid for each test loan. Scored with F1 on "
            "the default class."
        ),
    ),
    LabSpec(
        slug="product-recommendations",
        title="Personalized recommendations",
        week=10,
        dataset="recommendations",
        summary="Predict how a user would rate a product they have not rated yet.",
        instructions=(
            "Each row pairs a user with a product and a few features of both; the target is "
            "the rating from 1 to 5. Predict the rating for the test pairs. Scored with RMSE: "
            "lower is better."
        ),
    ),
    LabSpec(
        slug="demand-forecasting",
        title="Forecasting bike-share demand",
        week=11,
        dataset="bike_demand",
        summary="Predict hourly bike rentals from the time of day, the season and the weather.",
        instructions=(
            "Demand follows the clock and the weather: commuters at rush hour on workdays, "
            "everyone else on warm afternoons. Turn the hour and the day into features a model "
            "can use (cyclical encodings, workday or weekend), then predict the rentals of "
            "each test hour. Scored with MAE: lower is better."
        ),
    ),
    LabSpec(
        slug="capstone-house-prices",
        title="Capstone: pricing homes end to end",
        week=12,
        dataset="house_prices",
        summary="Put the course together: gaps, categories, model choice and validation.",
        instructions=(
            "A last, complete problem: some build years and energy labels are missing, two "
            "columns are text categories, and the target is a price in thousands. Build one "
            "pipeline that treats the gaps, encodes the categories and fits the model, choose "
            "it by cross-validation, and predict the price of each test home. Scored with "
            "RMSE: lower is better."
        ),
    ),
)

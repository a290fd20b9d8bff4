"""A small CNN with a scikit-learn interface: the image benchmarks' classifier.

Two 5x5 conv layers (32 and 64 channels) with max-pooling, one hidden layer
of 256 units with dropout, Adam 1e-3, batch 128: the classifier with which
the baselines in the project's notes were measured.
"""

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import check_is_fitted, validate_data
from torch import nn


def _network(image_shape, n_classes):
    channels, height, width = image_shape
    size = lambda n: (n // 2) // 2  # noqa: E731  two 2x2 poolings
    return nn.Sequential(
        nn.Unflatten(1, image_shape),
        nn.Conv2d(channels, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(64 * size(height) * size(width), 256), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(256, n_classes),
    )


class SmallCNNClassifier(ClassifierMixin, BaseEstimator):
    """Small CNN on flat image rows.

    Parameters
    ----------
    image_shape : tuple of int
        ``(height, width)`` or ``(channels, height, width)``.
    epochs : int, default=10
    batch_size : int, default=128
    learning_rate : float, default=1e-3
    device : str, default="auto"
    random_state : int or None, default=None
    """

    def __init__(self, image_shape=(28, 28), epochs=10, batch_size=128, learning_rate=1e-3,
                 device="auto", random_state=None):
        self.image_shape = image_shape
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.device = device
        self.random_state = random_state

    def _shape(self):
        shape = tuple(self.image_shape)
        return (1, *shape) if len(shape) == 2 else shape

    def _device(self):
        if self.device == "auto":
            return torch.device("cuda" if torch.cuda.is_available() else "cpu")
        return torch.device(self.device)

    def _tensor(self, X, device):
        return torch.as_tensor(np.asarray(X, dtype=np.float32) / self.scale_, device=device)

    def fit(self, X, y):
        X, y = validate_data(self, X, y)
        self.classes_ = unique_labels(y)
        y_index = np.searchsorted(self.classes_, y)
        self.scale_ = float(max(np.abs(X).max(), 1e-12))
        device = self._device()
        seed = int(check_random_state(self.random_state).randint(2**31 - 1))
        with torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
            torch.manual_seed(seed)
            self.model_ = _network(self._shape(), len(self.classes_)).to(device)
            optimizer = torch.optim.Adam(self.model_.parameters(), lr=self.learning_rate)
            X_t = self._tensor(X, device)
            y_t = torch.as_tensor(y_index, device=device)
            self.model_.train()
            for _ in range(self.epochs):
                perm = torch.randperm(len(y_t), device=device)
                for start in range(0, len(y_t), self.batch_size):
                    idx = perm[start:start + self.batch_size]
                    loss = nn.functional.cross_entropy(self.model_(X_t[idx]), y_t[idx])
                    optimizer.zero_grad(set_to_none=True)
                    loss.backward()
                    optimizer.step()
        self.model_.eval()
        return self

    def predict_proba(self, X):
        check_is_fitted(self, "model_")
        X = validate_data(self, X, reset=False)
        device = next(self.model_.parameters()).device
        out = []
        with torch.no_grad():
            for start in range(0, X.shape[0], 4096):
                logits = self.model_(self._tensor(X[start:start + 4096], device))
                out.append(torch.softmax(logits, dim=1).cpu().numpy())
        return np.concatenate(out)

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

"""Argument types shared by the command lines (main job and benchmarks)."""

import argparse
import re

#: What ``--device`` accepts; ``cuda:N`` names one GPU.
DEVICE_HELP = "torch device: auto (a GPU when there is one), cpu, cuda, cuda:N or mps"


def device(text):
    """An argparse type for ``--device``: auto, cpu, cuda, cuda:N or mps."""
    if text in ("auto", "cpu", "cuda", "mps") or re.fullmatch(r"cuda:\d+", text):
        return text
    raise argparse.ArgumentTypeError(
        f"invalid device {text!r}; choose from auto, cpu, cuda, cuda:N (N a GPU index), mps"
    )


def names(choices):
    """An argparse type for a comma-separated list of names among ``choices``.

    Returns the list of names, stripped of spaces and in the order given;
    an unknown name, or a text without any name, is refused with the list of
    valid ones.
    """
    choices = list(choices)

    def parse(text):
        chosen = [name.strip() for name in text.split(",") if name.strip()]
        if not chosen:
            raise argparse.ArgumentTypeError(
                f"no name in {text!r}; choose from {', '.join(choices)}")
        unknown = [name for name in chosen if name not in choices]
        if unknown:
            raise argparse.ArgumentTypeError(
                f"unknown name(s) {unknown}; choose from {', '.join(choices)}"
            )
        return chosen

    parse.__name__ = "comma-separated list"  # argparse names the type in errors
    return parse


def integers(text):
    """An argparse type for a comma-separated list of integers (seeds, random states)."""
    try:
        values = [int(value) for value in text.split(",") if value.strip()]
    except ValueError:
        values = []
    if not values:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers; got {text!r}")
    return values


integers.__name__ = "comma-separated integers"

"""The research benchmarks of imblearn-deep: never installed, run from a checkout.

``python -m benchmarks.speed`` (the speed lab), ``python -m benchmarks.tables``
(every docs table from the results files) and the studies of
:mod:`benchmarks.research` (``python -m benchmarks.research.ablation``,
``.diffaugment``, ``.comparison_2d``, ``.decoded_steps``). Raw results are
gzip-compressed CSVs under ``benchmarks/results``; the tests are under
``benchmarks/tests`` (``python -m pytest benchmarks/tests``). The product's
benchmarks, the papers' protocols, are ``python -m imblearn_deep.benchmarks``.
"""

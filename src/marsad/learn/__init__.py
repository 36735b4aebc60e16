"""Learned parts: feature functions and the wrappers that load shipped weights.

Training lives in ``scripts/`` (``train_decider.py``, ``train_place_tagger.py``), never here; at
run time each model is a pure function over what the stages found, read once from ``data/``.
"""

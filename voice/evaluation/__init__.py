"""Evaluation: how often the assistant misses a red flag or answers the wrong thing, with figures.

Reads test sets in the shared formats, runs them through recognition and
understanding, scores every case as a patient would experience it, and writes a report.
The core never imports this package.
"""

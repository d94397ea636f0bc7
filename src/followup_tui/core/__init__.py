"""The pure core: the model, what is owed and when, dates and times.

Imports nothing of ours above it.
"""

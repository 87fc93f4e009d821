"""The number stage's passes (see passes.py for their order)."""

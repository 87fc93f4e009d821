"""ML paper abstracts to a results database: methods, benchmarks, results, links."""

__version__ = "0.1.0"

"""Turn ML paper abstracts into a results database: methods, benchmarks, results, improvements, links."""

__version__ = "0.1.0"

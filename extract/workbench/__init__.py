"""The analyst's workbench: leaderboards, trends and an offline HTML report, as DuckDB
queries over a run's Parquet tables (one file per table or a folder of part files)."""

from typing import Literal

# Kept here, free of heavy imports, so the command line can list the choices without
# loading DuckDB or pandas.
FORMATS = ("table", "markdown", "csv", "json")
By = Literal["benchmark", "method", "metric"]
BY: tuple[By, ...] = ("benchmark", "method", "metric")

from extract.cli import main

# Guarded: worker processes started with "spawn" (Dask's) import this module again.
if __name__ == "__main__":
    raise SystemExit(main())

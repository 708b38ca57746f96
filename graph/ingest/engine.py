"""What the analysis engines share (in-process and worker processes in ``parallel.py``, a Dask
cluster in ``cluster.py``): their error and how many documents each worker holds in flight."""

#: Documents in flight per worker: enough to keep each busy while the writer writes.
IN_FLIGHT_PER_WORKER = 4


class EngineError(Exception):
    """The engine itself broke (a killed worker pool, an unreachable cluster)."""

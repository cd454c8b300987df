"""Batch coding at scale: ``redline batch`` on Dask, Parquet partitions, reading them back.

* :mod:`redline.batch.tables` -- the five tables' fixed Arrow schemas, Documents <-> rows;
* :mod:`redline.batch.partitions` -- the output folder: partitions, atomic writes, reading back;
* :mod:`redline.batch.cluster` -- :func:`run_batch` on a Dask cluster (imports ``distributed``).
"""

"""Cluster Workbench: records, indicators and evidence reports for cluster organisations."""

__version__ = "0.1.0"

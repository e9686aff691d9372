"""Demo cluster and large synthetic databases.

:func:`build_demo` fills a new, empty database with a realistic energy-cleantech cluster
modelled on the Lombardy Energy Cleantech Cluster (about 140 members, 6 competence areas,
4 strategic pillars, ~20 projects, five years of joins, leaves, fees, size data, activities,
staff and income). :func:`build_synthetic` makes a large database (10,000 members by default)
for benchmarks with bulk inserts.

Both are fully deterministic: the same seed and the same ``today`` give the same data. They use
their own :class:`random.Random`, never the global one. The five years of history are
``today.year - 4`` to ``today.year``; nothing is dated after ``today`` except the planned dates
of projects that are not running yet.

The package: :mod:`.names` and :mod:`.catalogue` hold the reference data (name tables; the
cluster's institutions, areas, pillars, outlets), :mod:`.generators` the random values drawn
from them, :mod:`.cluster` the demo builder (its steps in the ``cluster_*`` modules, the ECCP
profile in :mod:`.eccp`) and :mod:`.synthetic` the large database. Import from here.
"""

from workbench.demo.cluster import build_demo
from workbench.demo.common import NOT_EMPTY_MESSAGE, DemoSummary, Progress
from workbench.demo.generators import italian_vat
from workbench.demo.synthetic import build_synthetic

__all__ = [
    "NOT_EMPTY_MESSAGE",
    "DemoSummary",
    "Progress",
    "build_demo",
    "build_synthetic",
    "italian_vat",
]

"""clustermon: the annual monitoring and assessment of industrial clusters (产业集群监测评价)."""

__version__ = "0.1.0"

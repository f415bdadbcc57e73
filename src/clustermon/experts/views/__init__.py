"""Pages of the expert review, split by concept: the expert's own (expert), the pool (pool), the
assignment of a round (panel) and the province's follow-up (report)."""

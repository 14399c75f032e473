"""dlt sources, one module per NBA feed, all landing in the ``raw`` dataset."""

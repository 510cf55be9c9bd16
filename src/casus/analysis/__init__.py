"""What is done with a store of coded events: `export` writes them out, `aggregate` counts
them (series, network, places) and `aggregate_io` writes the counts, `charts` draws them,
`stats` sums up a corpus, `dedup` links the reports of one event to its canonical report."""

"""Analytics kept as count tables in the database, current with every scored attempt.

`store` holds the tables, `cells` turns one scored attempt into its cells, `maintain` adds and removes them
as attempts are scored (and rebuilds them from scratch), and `reading` turns the tables back into
`assess.stats.CountTables` and a report, whose cost depends on the number of distinct cells, not attempts.
"""

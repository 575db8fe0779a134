"""Data contracts (ODCS v3) and the consumers they protect.

- `odcs`: reading a contract file into the standard's models, errors naming the line;
- `rules`: what each kind of change to a contract is (breaking or not, the bump it needs);
- `diff`: the changes between two versions of a contract, each classified;
- `reads`: the columns of each input an ETL job's SQL reads (sqlglot, DuckDB dialect);
- `inputs`: a consumer's `contracts/inputs.yaml`, its pins and columns read;
- `impact`: from the catalog, who reads what a change touches, and who is downstream;
- `check`: `paved contract diff/check` on a producer's repo: the changes since a base
  ref, their impact, and the verdict;
- `comment`: the check's result as Markdown, for a pull request comment.
"""

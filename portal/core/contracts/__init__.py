"""Data contracts (ODCS v3) and the consumers they protect.

- `odcs`: reading a contract file into the standard's models, errors naming the line;
- `rules`: what each kind of change to a contract is (breaking or not, the bump it needs);
- `diff`: the changes between two versions of a contract, each classified;
- `reads`: the columns of each input an ETL job's SQL reads (sqlglot, DuckDB dialect);
- `inputs`: a consumer's `contracts/inputs.yaml`, its pins and columns read;

Who a change touches, and the verdict on it, is `contract_gate`: it needs the catalog.
"""

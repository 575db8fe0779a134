"""Data contracts (ODCS v3) and the consumers they protect.

- `source`: a contract's text read fast into plain data, its nesting bounded, and its
  own lines for messages;
- `odcs`: reading a contract of any v3 version into the standard's models, validated
  against its version's JSON schema (the runtime's `odcs_standard`), errors naming the
  line and quoting the file;
- `rules`: what each kind of change to a contract is (breaking or not, the bump it needs);
- `bounds`: the direction of a change: what a contract lets through, narrowed or widened;
- `constraints`: a column's logicalTypeOptions and allowed values, compared;
- `quality`: quality rules matched across versions and compared;
- `diff`: the changes between two versions of a contract, each classified;
- `reads`: the columns of each input an ETL job's SQL reads (sqlglot, DuckDB dialect);
- `inputs`: a consumer's `contracts/inputs.yaml`, its pins and columns read;

Who a change touches, and the verdict on it, is `contract_gate`: it needs the catalog.
"""

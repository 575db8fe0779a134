"""A model service declares the columns it reads of its training dataset in
contracts/inputs.yaml; the catalog shows them, and a contract change touching no
declared column tells its owners nothing."""

from __future__ import annotations

import json
import subprocess

from portal.core.projects.new import NewProject, new_project


def test_a_model_service_declares_the_columns_it_reads(workspace, tmp_path, paved):
    producer = new_project(
        workspace,
        NewProject(
            golden_path="dataset-producer",
            name="customers",
            owner="analytics",
            dest=tmp_path / "customers",
        ),
    ).dest
    service = new_project(
        workspace,
        NewProject(
            golden_path="model-service",
            name="churn_model",
            owner="ml-platform",
            dest=tmp_path / "churn_model",
            consumes=["customers"],
        ),
    ).dest
    inputs = service / "contracts" / "inputs.yaml"
    text = inputs.read_text()
    assert "narrow each list" in text and "- name: order_id" in text

    def reads() -> list[str] | None:
        assert paved("-w", workspace.root, "catalog", "refresh").code == 0
        shown = json.loads(
            paved(
                "-w", workspace.root, "catalog", "show", "customers", "--kind", "dataset", "--json"
            ).out
        )
        (consumer,) = [c for c in shown["consumers"] if c["name"] == "churn_model"]
        return consumer["reads"]

    assert reads() == ["order_id", "customer_id", "order_date", "amount", "currency", "status"]
    # The owner narrows the list to what the model reads, and commits it.
    kept = text.split("      - name: customer_id")[0].rstrip() + "\n"
    inputs.write_text(kept)
    subprocess.run(
        ["git", "commit", "-qam", "The model reads order ids only"], cwd=service, check=True
    )
    assert reads() == ["order_id"]
    assert producer.is_dir()

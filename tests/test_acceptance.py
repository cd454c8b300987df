"""The reference article through the whole pipeline, scored by the shared scorer."""

import json
import subprocess
import sys


def test_reference_article_meets_the_acceptance_bar(shared_dir, tmp_path):
    from redline.inputs import iter_inputs
    from redline.pipeline import Pipeline

    article = shared_dir / "acceptance" / "belarus-repost.txt"
    records = tmp_path / "records.jsonl"
    documents = list(Pipeline().process(iter_inputs([str(article)])))
    records.write_text("".join(json.dumps(d.to_dict()) + "\n" for d in documents))
    scorer = shared_dir / "acceptance" / "score.py"
    gold = shared_dir / "acceptance" / "gold.json"
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(records), "--json"],
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(next(line for line in out.splitlines() if line.startswith("{")))
    assert result["r"] == 1.0
    assert result["p"] >= 0.85
    assert result["meta"][0] == result["meta"][1]

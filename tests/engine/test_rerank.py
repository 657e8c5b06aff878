"""The learnt ranking (engine/rerank.py): a model fitted to data prefers what the data
rewards, reorders only the first candidates, and a stale model file is ignored."""

import json

from troubleshooter.engine import rerank

WIDTH = len(rerank.FEATURES)


def row(**values):
    found = [0.0] * WIDTH
    for name, value in values.items():
        found[rerank.FEATURES.index(name.replace("_", " "))] = value
    return found


def test_a_fitted_model_prefers_what_the_data_rewards():
    # In every group the right candidate is the one untagged, whatever its place.
    groups = []
    for n in range(30):
        right = n % 3
        rows = [row(place=1 / (1 + i), untagged=float(i == right)) for i in range(3)]
        groups.append((rows, [i == right for i in range(3)]))
    model = rerank.fit(groups)
    rows = [row(place=1.0), row(place=0.5), row(place=1 / 3, untagged=1.0)]
    assert model.order(rows)[0] == 2
    assert rerank.fit(groups) == model  # the same data, the same model


def test_groups_without_a_right_candidate_teach_nothing():
    rows = [row(place=1.0), row(place=0.5)]
    learnt = rerank.fit([(rows, [False, True])] * 5)
    assert rerank.fit([(rows, [False, True])] * 5 + [(rows, [False, False])] * 9) == learnt
    assert rerank.fit([(rows, [False, False])]) is None


def test_the_model_file_round_trips_and_a_stale_one_is_ignored(tmp_path):
    model = rerank.Model((0.0,) * WIDTH, (1.0,) * WIDTH, tuple(float(i) for i in range(WIDTH)))
    path = tmp_path / "rerank.json"
    path.write_text(model.dump(), encoding="utf-8")
    assert rerank.Model.read(path) == model
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert rerank.Model.read(path) is None
    assert rerank.Model.read(tmp_path / "missing.json") is None

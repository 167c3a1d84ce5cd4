"""Eight reviewers at once, each a process of its own, triage one shared queue of
8 × 250 items through the leases the queue hands them until it is empty, on each
backend. Afterwards no item was decided twice, every decision a reviewer saw recorded
is in the database, the counts agree and the audit chain verifies."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

from conftest import sql, write_jsonl

from models.audit import verify_chain
from models.desk import Desk

REVIEWERS = 8
EACH = 250

WORKER = """
import random, sys
from models.desk import Desk
from models.leases import Conflict

db, name, claim = sys.argv[1], sys.argv[2], int(sys.argv[3])
desk = Desk.open(db, name)
rng, done, conflicts = random.Random(name), [], 0
item = desk.next_pending(claim, None)
while item is not None:  # None: nothing left that nobody holds
    seen = desk.queue_row(item)
    try:
        applied = desk.decide(item, rng.choice(["supports", "refutes", "context", "reject"]),
                              shown_changes=seen.changes, lease_next=True)
    except Conflict:
        conflicts += 1
        item = desk.next_pending(claim, item)
        continue
    done.append(item)  # acknowledged: the decision is committed
    item = applied.next_id
print(conflicts, *done)
"""


def test_eight_reviewers_share_one_queue_without_deciding_an_item_twice(database, tmp_path):
    desk = Desk.open(database, "ana")
    desk.import_file(write_jsonl(tmp_path / "queue.jsonl", [
        {"type": "claim", "id": "c", "text": "Drones flew over the river district."},
        *({"type": "evidence", "id": f"e{n}", "claim": "c", "kind": "photo", "source": f"s{n}",
           "text": f"Sighting number {n} over the river"} for n in range(REVIEWERS * EACH))]))
    claim = desk.claims()[1].id
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, database, f"reviewer{n}", str(claim)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for n in range(REVIEWERS)]
    acknowledged = []
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        acknowledged += [int(item) for item in out.split()[1:]]
    decided = Counter(item for (item,) in sql(desk, "SELECT evidence_id FROM decision"))
    assert len(acknowledged) == len(set(acknowledged)) == REVIEWERS * EACH
    assert set(decided) == set(acknowledged) and set(decided.values()) == {1}  # once each, none lost
    assert sql(desk, "SELECT count(*) FROM evidence WHERE claim_id = ? AND decided", claim) == [(REVIEWERS * EACH,)]
    assert (desk.claim(claim).n_pending, desk.claim(claim).n_decided) == (0, REVIEWERS * EACH)
    per_reviewer = sql(desk, "SELECT r.name, count(*) FROM decision d JOIN reviewer r ON r.id = d.reviewer_id "
                             "GROUP BY r.name")
    assert len(per_reviewer) == REVIEWERS and all(count > 0 for _, count in per_reviewer)  # all took part
    assert verify_chain(desk.engine).intact
    desk.engine.dispose()
